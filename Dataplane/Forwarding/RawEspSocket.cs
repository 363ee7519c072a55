using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Sockets;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// ESP as IP protocol 50 (SAs without NAT-T): one raw socket per local address, bound to it. The
/// kernel adds the IP header on send and leaves it on receive, where it is skipped. Needs CAP_NET_RAW.
/// </summary>
public sealed class RawEspSocket : IEspSocket, IDisposable
{
    public const ProtocolType Esp = (ProtocolType)50;

    private readonly EspReceiver _receiver;
    private readonly Action<PathMtuReport>? _onPathMtu;
    private readonly ConcurrentDictionary<IPAddress, Socket> _sockets = new();
    private readonly ConcurrentDictionary<IPAddress, DontFragmentSwitch> _dontFragment = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly DatagramBatchSender _sender = new(EspDataplane.BatchSize, segmentation: false);

    /// <param name="receiver">Takes the ESP received.</param>
    /// <param name="onPathMtu">Takes the ICMP fragmentation-needed messages about the ESP sent.</param>
    public RawEspSocket(EspReceiver receiver, Action<PathMtuReport>? onPathMtu = null)
    {
        _receiver = receiver;
        _onPathMtu = onPathMtu;
    }

    /// <summary>The captures that tap ESP in and out on the outside.</summary>
    public Capture.CaptureHub? Capture { get; set; }

    /// <summary>Opens the socket for <paramref name="local"/> and starts receiving; throws <see cref="SocketException"/>.</summary>
    public void Listen(IPAddress local)
    {
        if (_sockets.ContainsKey(local)) return;
        var socket = Open();
        SocketErrorQueue.Enable(socket);
        try { socket.Bind(new IPEndPoint(local, 0)); }
        catch { socket.Dispose(); throw; }
        if (!_sockets.TryAdd(local, socket)) { socket.Dispose(); return; }
        lock (_loops)
            _loops.Add(Task.Factory.StartNew(() => Receive(socket, _stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
    }

    /// <summary>
    /// socket(AF_INET, SOCK_RAW, IPPROTO_ESP) made directly: .NET's constructor only maps the protocol
    /// numbers it knows and refuses 50 with EPROTONOSUPPORT.
    /// </summary>
    private static Socket Open()
    {
        var fd = Tmds.Linux.LibC.socket(Tmds.Linux.LibC.AF_INET, Tmds.Linux.LibC.SOCK_RAW | Tmds.Linux.LibC.SOCK_CLOEXEC, (int)Esp);
        if (fd < 0) throw new SocketException(Tmds.Linux.LibC.errno);
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for (the kernel caps them at rmem_max/wmem_max): ESP comes in bursts.</summary>
    public const int BufferSize = 4 * 1024 * 1024;

    /// <summary>How long a blocking receive waits before it looks at the cancellation token again.</summary>
    private const int PollMilliseconds = 200;

    /// <summary>Datagrams taken per receive call.</summary>
    private const int ReceiveBatch = 32;

    /// <summary>
    /// A thread of its own per socket, blocking in recvmmsg: an asynchronous receive costs a wake-up of
    /// the socket engine's thread and a hop to the thread pool whenever the queue runs dry, and a
    /// batch costs one system call for everything queued.
    /// </summary>
    private void Receive(Socket socket, CancellationToken cancel)
    {
        var batch = new DatagramBatchReceiver(ReceiveBatch, 65536);
        var esp = new PacketSlice[ReceiveBatch];
        var errors = new SocketErrorQueue(quotedFromIpHeader: true);
        try
        {
            socket.ReceiveBufferSize = BufferSize;
            socket.SendBufferSize = BufferSize;
            socket.ReceiveTimeout = PollMilliseconds;
        }
        catch (ObjectDisposedException) { return; }
        catch (SocketException) { }
        while (!cancel.IsCancellationRequested)
        {
            int count;
            try { count = batch.Receive(socket.SafeHandle); }
            catch (ObjectDisposedException) { return; }
            if (count == 0 && _onPathMtu is { } onPathMtu) errors.Drain(socket.SafeHandle, onPathMtu);
            var packets = 0;
            for (var i = 0; i < count; i++)
            {
                var buffer = batch.Buffer(i);
                var length = batch.Length(i);
                if (length < 20 || batch.Truncated(i) || buffer[0] >> 4 != 4) continue;
                var headerLength = (buffer[0] & 0x0F) * 4;
                if (headerLength < 20 || headerLength > length) continue;
                if (Capture is { Active: true } capture) capture.TapOutside(buffer.AsSpan(0, length)); // before decapsulation in place
                esp[packets++] = new PacketSlice(buffer, headerLength, length - headerLength);
            }
            if (packets > 0) _receiver(esp.AsSpan(0, packets));
        }
    }

    public bool Send(IPAddress local, SocketAddress peer, ReadOnlySpan<byte> esp, bool dontFragment)
    {
        if (!_sockets.TryGetValue(local, out var socket)) return false;
        if (Capture is { Active: true } capture) capture.TapEspSent(local, peer, esp);
        _dontFragment.GetOrAdd(local, static _ => new DontFragmentSwitch()).Apply(socket, dontFragment);
        try { return socket.SendTo(esp, SocketFlags.None, peer) == esp.Length; }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>Each run of packets from one local address leaves in one sendmmsg; called by the TUN loop only.</summary>
    public void Send(ReadOnlySpan<EspDatagram> packets, Span<bool> sent)
    {
        for (var start = 0; start < packets.Length;)
        {
            var local = packets[start].Local;
            var end = EspDatagram.EndOfLocalRun(packets, start);
            if (_sockets.TryGetValue(local, out var socket)) SendRun(socket, local, packets[start..end], sent[start..end]);
            else sent[start..end].Clear();
            start = end;
        }
    }

    /// <summary>Packets from one local address: one sendmmsg per run of one outer DF bit (a socket option).</summary>
    private void SendRun(Socket socket, IPAddress local, ReadOnlySpan<EspDatagram> packets, Span<bool> sent)
    {
        var dontFragment = _dontFragment.GetOrAdd(local, static _ => new DontFragmentSwitch());
        for (var start = 0; start < packets.Length;)
        {
            var end = EspDatagram.EndOfDontFragmentRun(packets, start);
            dontFragment.Apply(socket, packets[start].DontFragment);
            _sender.Send(socket.SafeHandle, packets[start..end], sent[start..end]);
            start = end;
        }
        if (Capture is not { Active: true } capture) return;
        for (var i = 0; i < packets.Length; i++)
            if (sent[i]) capture.TapEspSent(local, packets[i].Peer, packets[i].Buffer.AsSpan(0, packets[i].Length));
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var socket in _sockets.Values) socket.Dispose();
        Task[] loops;
        lock (_loops) loops = [.. _loops];
        try { Task.WaitAll(loops, TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
