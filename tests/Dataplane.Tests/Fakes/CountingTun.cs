using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>A TUN device that counts what is written to it and keeps none of it: for runs of millions of packets.</summary>
internal sealed class CountingTun : ITunDevice
{
    public string Name => "asaemu0";
    public int Mtu => 1500;
    public long Written { get; private set; }

    public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel)
    {
        cancel.WaitHandle.WaitOne();
        return 0;
    }

    public bool Write(ReadOnlySpan<byte> packet)
    {
        Written++;
        return true;
    }

    public void Dispose() { }
}
