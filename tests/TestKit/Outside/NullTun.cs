using AsaEmu.Dataplane.Tun;

namespace AsaEmu.TestKit.Outside;

/// <summary>
/// A TUN device that takes every packet and gives none: a dataplane for show commands and benchmarks.
/// It counts what it took (one writer at a time, as a benchmark's), so a benchmark can check its packets arrived.
/// </summary>
public sealed class NullTun : ITunDevice
{
    /// <summary>Packets and bytes written so far.</summary>
    public long Count, Bytes;

    public string Name => "asaemu0";
    public int Mtu => 1500;
    public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel) => 0;

    public bool Write(ReadOnlySpan<byte> packet)
    {
        Count++;
        Bytes += packet.Length;
        return true;
    }

    public void Dispose() { }
}
