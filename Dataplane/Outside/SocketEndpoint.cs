using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// What the UDP and raw endpoints share: a bound socket received from with recvmmsg into buffers made
/// once, blocking for at most <see cref="UdpEndpoint.PollMilliseconds"/> (at tens of thousands of ESP
/// packets a second an asynchronous receive costs a wake-up of the socket engine's thread and a hop to
/// the thread pool whenever the queue runs dry, which took most of the headend's CPU time, in the
/// kernel); sends with sendto for one datagram and sendmmsg per run of one outer DF bit for a batch
/// (UDP GSO where asked); its error queue; a close that wakes a blocked receive.
/// </summary>
public abstract class SocketEndpoint : IOutsideEndpoint
{
    private readonly Socket _socket;
    private readonly DatagramBatchReceiver _receiver;
    private readonly DatagramBatchSender _sender;
    private readonly SocketErrorQueue? _errors;
    private readonly DontFragmentSwitch _dontFragment = new();
    private readonly SocketCloser _closer = new();

    /// <param name="batch">Datagrams per receive call.</param>
    /// <param name="segmentation">Send runs to one peer with UDP GSO.</param>
    /// <param name="errors">The socket's ICMP error queue, when IP_RECVERR is on.</param>
    protected SocketEndpoint(OutsidePort port, Socket socket, IPEndPoint local, int batch, bool segmentation, SocketErrorQueue? errors)
    {
        Port = port;
        _socket = socket;
        Local = local;
        _receiver = new DatagramBatchReceiver(batch, 65536);
        _sender = new DatagramBatchSender(EspDataplane.BatchSize, segmentation);
        _errors = errors;
    }

    public OutsidePort Port { get; }
    public IPEndPoint Local { get; }
    public int BatchSize => _receiver.Capacity;

    public int Receive(Span<ReceivedDatagram> datagrams, CancellationToken cancel)
    {
        using var receiving = _closer.Receiving();
        var count = Math.Min(_receiver.Receive(_socket.SafeHandle), datagrams.Length);
        for (var i = 0; i < count; i++)
            datagrams[i] = new ReceivedDatagram(_receiver.Buffer(i), _receiver.Length(i), _receiver.Truncated(i), _receiver.SourceAddress(i), _receiver.SourcePort(i));
        return count;
    }

    public void DrainPathMtu(Action<PathMtuReport> report) => _errors?.Drain(_socket.SafeHandle, report);

    public void Send(ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent)
    {
        if (datagrams.Length == 1)
        {
            // A fragment, an IKE message: no pinning, one call.
            var datagram = datagrams[0];
            if (datagram.DontFragment is { } df) _dontFragment.Apply(_socket, df);
            try { sent[0] = _socket.SendTo(datagram.Span, SocketFlags.None, datagram.Peer) == datagram.Length; }
            catch (SocketException) { sent[0] = false; }
            catch (ObjectDisposedException) { sent[0] = false; }
            return;
        }
        for (var start = 0; start < datagrams.Length;)
        {
            var end = OutsideDatagram.EndOfDontFragmentRun(datagrams, start);
            if (datagrams[start].DontFragment is { } df) _dontFragment.Apply(_socket, df);
            _sender.Send(_socket.SafeHandle, datagrams[start..end], sent[start..end]);
            start = end;
        }
    }

    public void Dispose()
    {
        _closer.Close(_socket);
        GC.SuppressFinalize(this);
    }
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
