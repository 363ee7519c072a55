using AsaEmu.Dataplane.Tun;

namespace AsaEmu.TestKit.Outside;

/// <summary>A TUN device that takes every packet and gives none: a dataplane for show commands and benchmarks.</summary>
public sealed class NullTun : ITunDevice
{
    public string Name => "asaemu0";
    public int Mtu => 1500;
    public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel) => 0;
    public bool Write(ReadOnlySpan<byte> packet) => true;
    public void Dispose() { }
}
