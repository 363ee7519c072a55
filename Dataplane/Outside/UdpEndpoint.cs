using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// A UDP socket on the outside: port 500 (IKE) or 4500 (IKE with the non-ESP marker, and ESP in UDP).
/// Receives with recvmmsg into buffers made once and blocks for at most <see cref="PollMilliseconds"/>:
/// at tens of thousands of ESP packets a second an asynchronous receive costs a wake-up of the socket
/// engine's thread and a hop to the thread pool whenever the queue runs dry, which took most of the
/// headend's CPU time (in the kernel). Sends batches with sendmmsg, runs to one peer with UDP GSO
/// where the kernel has it.
/// </summary>
public sealed class UdpEndpoint : IOutsideEndpoint
{
    public const int IkePort = 500, NatTPort = 4500;

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for on port 4500, which carries the NAT-T clients' ESP.</summary>
    public const int EspSocketBufferSize = 4 * 1024 * 1024;

    /// <summary>How long a blocking receive waits before its caller looks at its cancellation token again.</summary>
    public const int PollMilliseconds = 200;

    private readonly Socket _socket;
    private readonly DatagramBatchReceiver _receiver;
    private readonly DatagramBatchSender _sender;
    private readonly SocketErrorQueue? _errors;
    private readonly DontFragmentSwitch _dontFragment = new();

    public OutsidePort Port { get; }
    public IPEndPoint Local { get; }
    public int BatchSize => _receiver.Capacity;

    /// <summary>Binds UDP <paramref name="local"/>; throws <see cref="SocketException"/>.</summary>
    public UdpEndpoint(OutsidePort port, IPEndPoint local)
    {
        if (port == OutsidePort.Esp) throw new ArgumentException("raw ESP is a RawEspEndpoint", nameof(port));
        Port = port;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(local);
            _socket.ReceiveTimeout = PollMilliseconds;
            if (port == OutsidePort.NatT)
            {
                // ESP in UDP arrives in bursts that the default buffer (rmem_default, 208 KiB) drops
                // (RcvbufErrors) while the receive loop decrypts; the kernel caps these at rmem_max/wmem_max.
                _socket.ReceiveBufferSize = EspSocketBufferSize;
                _socket.SendBufferSize = EspSocketBufferSize;
                // ICMP fragmentation-needed about the ESP sent from here: the SAs' path MTUs.
                if (SocketErrorQueue.Enable(_socket)) _errors = new SocketErrorQueue(quotedFromIpHeader: false);
            }
        }
        catch { _socket.Dispose(); throw; }
        // Port 500 carries IKE alone: a few datagrams per call are plenty.
        _receiver = new DatagramBatchReceiver(port == OutsidePort.NatT ? 32 : 8, 65536);
        _sender = new DatagramBatchSender(EspDataplane.BatchSize, port == OutsidePort.NatT && DatagramBatchSender.KernelSegments(_socket.SafeHandle));
        Local = (IPEndPoint)_socket.LocalEndPoint!;
    }

    private readonly SocketCloser _closer = new();

    public int Receive(Span<ReceivedDatagram> datagrams, CancellationToken cancel)
    {
        using var receiving = _closer.Receiving();
        return SocketBatch.Receive(_receiver, _socket, datagrams);
    }

    public void DrainPathMtu(Action<PathMtuReport> report) => _errors?.Drain(_socket.SafeHandle, report);

    public void Send(ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent) => SocketBatch.Send(_socket, _sender, _dontFragment, datagrams, sent);

    public void Dispose() => _closer.Close(_socket);
}

/// <summary>
/// Closes a socket that a thread may be blocked in (recvmmsg holds a reference on the descriptor, so a
/// plain close would wait for the receive timeout): shutdown(2) wakes the receive, which returns at once,
/// and the descriptor is closed when it has, so the address is free again when <see cref="Close"/> returns.
/// </summary>
internal sealed class SocketCloser
{
    private readonly ManualResetEventSlim _idle = new(true);
    private volatile bool _closed;

    /// <summary>Marks a receive under way until disposed; throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public Scope Receiving()
    {
        _idle.Reset();
        if (!_closed) return new Scope(_idle);
        _idle.Set();
        throw new ObjectDisposedException(nameof(Socket));
    }

    public void Close(Socket socket)
    {
        _closed = true;
        try { socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { } // ENOTCONN for an unconnected socket, after it woke the readers
        catch (ObjectDisposedException) { }
        // The receive returns as soon as it is woken; a thread that is not in one costs nothing here.
        _idle.Wait(TimeSpan.FromSeconds(5));
        socket.Dispose();
    }

    public readonly struct Scope(ManualResetEventSlim idle) : IDisposable
    {
        public void Dispose() => idle.Set();
    }
}

/// <summary>The receive and send of a batch on a socket, which the UDP and raw endpoints share.</summary>
internal static class SocketBatch
{
    public static int Receive(DatagramBatchReceiver receiver, Socket socket, Span<ReceivedDatagram> datagrams)
    {
        var count = Math.Min(receiver.Receive(socket.SafeHandle), datagrams.Length);
        for (var i = 0; i < count; i++)
            datagrams[i] = new ReceivedDatagram(receiver.Buffer(i), receiver.Length(i), receiver.Truncated(i), receiver.SourceAddress(i), receiver.SourcePort(i));
        return count;
    }

    /// <summary>
    /// One datagram with sendto (a fragment, an IKE message: no pinning, one call); a batch with one
    /// sendmmsg per run of one outer DF bit (a socket option).
    /// </summary>
    public static void Send(Socket socket, DatagramBatchSender sender, DontFragmentSwitch dontFragment, ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent)
    {
        if (datagrams.Length == 1)
        {
            var datagram = datagrams[0];
            if (datagram.DontFragment is { } df) dontFragment.Apply(socket, df);
            try { sent[0] = socket.SendTo(datagram.Span, SocketFlags.None, datagram.Peer) == datagram.Length; }
            catch (SocketException) { sent[0] = false; }
            catch (ObjectDisposedException) { sent[0] = false; }
            return;
        }
        for (var start = 0; start < datagrams.Length;)
        {
            var end = OutsideDatagram.EndOfDontFragmentRun(datagrams, start);
            if (datagrams[start].DontFragment is { } df) dontFragment.Apply(socket, df);
            sender.Send(socket.SafeHandle, datagrams[start..end], sent[start..end]);
            start = end;
        }
    }
}
