using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.TestKit.Outside;

/// <summary>A datagram an endpoint sent: from <paramref name="Local"/> to <paramref name="Peer"/>, with the outer DF bit asked for.</summary>
public sealed record SentDatagram(IPAddress Local, IPEndPoint Peer, byte[] Data, bool? DontFragment);

/// <summary>
/// An outside endpoint in memory: the test (or another endpoint of its <see cref="MemoryNetwork"/>) puts
/// datagrams in with <see cref="Inject"/> and reads what it sent from <see cref="Sent"/> or, waiting,
/// from <see cref="Outbox"/>. It can be told to refuse or throw on sends, like a socket whose peer is gone.
/// </summary>
public sealed class MemoryEndpoint : IOutsideEndpoint
{
    private const int BufferSize = 65536;

    private readonly MemoryNetwork _network;
    private readonly ConcurrentQueue<(IPEndPoint From, byte[] Data)> _inbound = new();
    private readonly ConcurrentQueue<PathMtuReport> _pathMtu = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly byte[][] _buffers;
    private readonly Channel<SentDatagram> _outbox = Channel.CreateUnbounded<SentDatagram>();
    private int _sends;
    private volatile bool _disposed;

    internal MemoryEndpoint(MemoryNetwork network, OutsidePort port, IPEndPoint local)
    {
        _network = network;
        Port = port;
        Local = local;
        _buffers = [.. Enumerable.Range(0, BatchSize).Select(_ => new byte[BufferSize])];
    }

    public OutsidePort Port { get; }
    public IPEndPoint Local { get; }
    public int BatchSize => 8;

    /// <summary>Everything sent, in order.</summary>
    public ConcurrentQueue<SentDatagram> Sent { get; } = new();

    /// <summary>The outer DF bit asked for with each datagram in <see cref="Sent"/>, in order (null: as the socket had it).</summary>
    public IEnumerable<bool?> DontFragment => Sent.Select(s => s.DontFragment);

    /// <summary>The same, to wait on (each read once).</summary>
    public ChannelReader<SentDatagram> Outbox => _outbox.Reader;

    /// <summary>Refuse every datagram (as a socket whose sends fail).</summary>
    public bool Fail { get; set; }

    /// <summary>Throw on send (a bug in the layer below).</summary>
    public bool Throw { get; set; }

    /// <summary>Datagrams (counted over all sends from 0) that are refused.</summary>
    public HashSet<int> FailCalls { get; } = [];

    public bool Closed => _disposed;

    /// <summary>
    /// A datagram for this endpoint from <paramref name="from"/>: UDP payload as given; on raw ESP the
    /// ESP packet gets the IPv4 header the kernel leaves on a raw socket.
    /// </summary>
    public void Inject(IPEndPoint from, byte[] datagram)
    {
        _inbound.Enqueue((from, Port == OutsidePort.Esp ? WithIpv4Header(from.Address, Local.Address, datagram) : datagram));
        _arrived.Release();
    }

    /// <summary>An ICMP fragmentation-needed about something this endpoint sent.</summary>
    public void ReportPathMtu(PathMtuReport report)
    {
        _pathMtu.Enqueue(report);
        _arrived.Release();
    }

    public int Receive(Span<ReceivedDatagram> datagrams, CancellationToken cancel)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            if (!_arrived.Wait(UdpEndpoint.PollMilliseconds, cancel)) return 0;
        }
        catch (OperationCanceledException) { return 0; }
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = 0;
        // The one count taken stands for the first datagram; the others queued are taken with it, as recvmmsg does.
        while (count < datagrams.Length && count < _buffers.Length && _inbound.TryDequeue(out var item))
        {
            if (count > 0) _arrived.Wait(0);
            var length = Math.Min(item.Data.Length, BufferSize);
            item.Data.AsSpan(0, length).CopyTo(_buffers[count]);
            var address = BinaryPrimitives.ReadUInt32BigEndian(item.From.Address.GetAddressBytes());
            datagrams[count] = new ReceivedDatagram(_buffers[count], length, item.Data.Length > BufferSize, address, (ushort)item.From.Port);
            count++;
        }
        return count;
    }

    public void DrainPathMtu(Action<PathMtuReport> report)
    {
        while (_pathMtu.TryDequeue(out var r)) report(r);
    }

    public void Send(ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent)
    {
        if (Throw) throw new InvalidOperationException("endpoint exploded");
        for (var i = 0; i < datagrams.Length; i++)
        {
            var call = _sends++;
            if (_disposed || Fail || FailCalls.Contains(call)) { sent[i] = false; continue; }
            var d = datagrams[i];
            var peer = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(d.Peer);
            var data = d.Span.ToArray();
            var record = new SentDatagram(d.Local, peer, data, d.DontFragment);
            Sent.Enqueue(record);
            _outbox.Writer.TryWrite(record);
            sent[i] = true;
            _network.Route(this, peer, data);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _network.Closed(this);
        _arrived.Release();
        _outbox.Writer.TryComplete();
    }

    /// <summary>An IPv4 header (RFC 791, no options) for ESP from <paramref name="source"/> to <paramref name="destination"/>, then the packet.</summary>
    private static byte[] WithIpv4Header(IPAddress source, IPAddress destination, byte[] esp)
    {
        var packet = new byte[20 + esp.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 50;
        source.GetAddressBytes().CopyTo(packet, 12);
        destination.GetAddressBytes().CopyTo(packet, 16);
        esp.CopyTo(packet, 20);
        return packet;
    }
}
