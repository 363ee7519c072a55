using System.Net;
using System.Net.Sockets;

namespace AsaEmu.Dataplane.Aaa;

/// <summary>
/// Where the AAA service's RADIUS datagrams go out and come in: UDP sockets here, an in-memory fake in the
/// tests. A datagram is sent from a source address (the address of the interface the server is reached
/// through, or null for any); answers come back through the callback given to <see cref="Start"/>.
/// </summary>
public interface IRadiusTransport : IAsyncDisposable
{
    /// <summary>Starts delivering the datagrams that arrive, with the address and port they came from.</summary>
    void Start(Action<IPEndPoint, byte[]> received);

    /// <summary>Sends one datagram; never throws (a datagram that cannot go is lost, and its request times out).</summary>
    void Send(IPAddress? source, IPEndPoint server, ReadOnlyMemory<byte> data);
}

/// <summary>
/// RADIUS over UDP: one socket per source address, bound to that address (as the ASA sends from the
/// interface named in <c>aaa-server NAME (IF) host</c>) on a port the kernel picks, so the client's 256
/// identifiers per server are its own. An address this host does not have falls back to an unbound socket,
/// said once on <see cref="Problem"/>. Each socket receives into one buffer of the largest RADIUS packet
/// and one octet more: bigger datagrams are cut, and the codec refuses them.
/// </summary>
public sealed class UdpRadiusTransport : IRadiusTransport
{
    private const int BufferSize = Crypto.Radius.RadiusCodec.MaxLength + 1;

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _receiving = [];
    private Action<IPEndPoint, byte[]>? _received;

    /// <summary>Said once per source address this host cannot send from.</summary>
    public event Action<string>? Problem;

    public void Start(Action<IPEndPoint, byte[]> received) => _received = received;

    public void Send(IPAddress? source, IPEndPoint server, ReadOnlyMemory<byte> data)
    {
        try
        {
            SocketFor(source ?? IPAddress.Any).SendTo(data.Span, SocketFlags.None, server);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // No route, a full buffer, a closed socket: the request times out as if lost on the way.
        }
    }

    private Socket SocketFor(IPAddress source)
    {
        string? problem = null;
        Socket socket;
        lock (_gate)
        {
            if (_sockets.TryGetValue(source, out var known)) return known;
            socket = Open(source) ?? Open(IPAddress.Any)!;
            if (!source.Equals(IPAddress.Any) && ((IPEndPoint)socket.LocalEndPoint!).Address.Equals(IPAddress.Any))
                problem = $"RADIUS: cannot send from {source}; sending from any address";
            _sockets[source] = socket;
        }
        if (problem is not null) Problem?.Invoke(problem);
        return socket;
    }

    /// <summary>The socket bound to <paramref name="source"/> (made and receiving once), or null when this host cannot bind there.</summary>
    private Socket? Open(IPAddress source)
    {
        if (_sockets.TryGetValue(source, out var known)) return known;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try { socket.Bind(new IPEndPoint(source, 0)); }
        catch (SocketException) when (!source.Equals(IPAddress.Any))
        {
            socket.Dispose();
            return null;
        }
        _sockets[source] = socket;
        _receiving.Add(Task.Run(() => Receive(socket)));
        return socket;
    }

    private async Task Receive(Socket socket)
    {
        var buffer = new byte[BufferSize];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                _received?.Invoke((IPEndPoint)result.RemoteEndPoint, buffer[..result.ReceivedBytes]);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException)
            {
                // An ICMP error reported on the socket (port unreachable): the request times out.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Socket[] sockets;
        Task[] receiving;
        lock (_gate)
        {
            sockets = [.. _sockets.Values.Distinct()];
            receiving = [.. _receiving];
        }
        foreach (var socket in sockets) socket.Dispose();
        await Task.WhenAll(receiving);
        _stop.Dispose();
    }
}
