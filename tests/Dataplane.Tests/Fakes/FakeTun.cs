using System.Collections.Concurrent;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>An in-memory TUN device: the host side injects packets to be read and collects what was written.</summary>
internal sealed class FakeTun(string name = "asaemu0", int mtu = 1500) : ITunDevice
{
    private readonly BlockingCollection<byte[]> _toRead = [];

    public string Name => name;
    public int Mtu => mtu;
    public ConcurrentQueue<byte[]> Written { get; } = new();
    public bool RefuseWrites { get; set; }

    /// <summary>A packet the host routes into the device.</summary>
    public void Inject(byte[] packet) => _toRead.Add(packet);

    public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel)
    {
        var count = 0;
        try
        {
            var first = _toRead.Take(cancel);
            first.CopyTo(buffers[0], 0);
            lengths[count++] = first.Length;
            while (count < buffers.Length && _toRead.TryTake(out var next))
            {
                next.CopyTo(buffers[count], 0);
                lengths[count++] = next.Length;
            }
        }
        catch (OperationCanceledException)
        {
        }
        return count;
    }

    public bool Write(ReadOnlySpan<byte> packet)
    {
        if (RefuseWrites) return false;
        Written.Enqueue(packet.ToArray());
        return true;
    }

    /// <summary>The size of each batch written.</summary>
    public ConcurrentQueue<int> WriteBatches { get; } = new();

    public int Write(ReadOnlySpan<PacketSlice> packets)
    {
        WriteBatches.Enqueue(packets.Length);
        var refused = 0;
        foreach (var packet in packets)
            if (!Write(packet.Span)) refused++;
        return refused;
    }

    public void Dispose() => _toRead.Dispose();
}
