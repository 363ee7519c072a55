using System.Collections.Immutable;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Outside;

/// <summary>Where what arrives on the outside goes: IKE to the IKE service, ESP and path MTU reports to the ESP dataplane (dropped while null).</summary>
/// <param name="Ike">An IKE message (marker removed) with the local endpoint it came to and its sender; the bytes are the receiver's.</param>
/// <param name="Esp">A batch of ESP packets (SPI first), in the receive loop's buffers.</param>
/// <param name="PathMtu">An ICMP fragmentation-needed about ESP sent.</param>
/// <param name="IpsecUdp">A batch of ESP packets from an ipsec-udp port, with their senders.</param>
public sealed record OutsideReceivers(Action<IPEndPoint, IPEndPoint, byte[]> Ike, EspReceiver? Esp = null, Action<PathMtuReport>? PathMtu = null,
    IpsecUdpReceiver? IpsecUdp = null);

/// <summary>
/// The appliance's outside: UDP 500 and 4500, with <c>rawEsp</c> IP protocol 50, and each <c>ipsec-udp-port</c>
/// of the group policies (<see cref="CryptoQueries.IpsecUdpPorts"/>) on the address of every interface with <c>crypto ikev1
/// enable</c> or <c>crypto ikev2 enable</c>, opened through <see cref="IOutsideNetwork"/> and put in <see cref="OutsideEndpoints"/> for the
/// senders. A thread per endpoint receives batches and hands them on by what they are (RFC 3948 on port
/// 4500): IKE to the IKE service, ESP to the dataplane (from an ipsec-udp port with its senders); the captures
/// tap them here. Config changes apply at once, as on the ASA (<see cref="Reconcile"/>).
/// </summary>
public sealed class OutsideListener : IAsyncDisposable
{
    private readonly Func<AsaConfig> _config;
    private readonly IOutsideNetwork _network;
    private readonly OutsideReceivers _receivers;
    private readonly CaptureHub? _captures;
    private readonly int _ikePort, _natTPort;
    private readonly bool _rawEsp;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>
    /// One local address listened on (<paramref name="IpsecUdpPort"/> 0: its IKE, NAT-T and raw ESP endpoints;
    /// else its endpoint of that ipsec-udp port): the endpoints and their receive loops.
    /// </summary>
    private sealed record Listener(IPAddress Address, int IpsecUdpPort, ImmutableArray<IOutsideEndpoint> Endpoints, CancellationTokenSource Stop, Task Receiving);

    /// <summary>Guards changes of the listeners (start-up and config changes, from any thread).</summary>
    private readonly Lock _gate = new();
    private ImmutableArray<Listener> _listeners = [];
    /// <summary>Problems already said, so a config change does not repeat them.</summary>
    private readonly HashSet<string> _said = [];
    private bool _disposed;

    /// <param name="rawEsp">Also receive and send ESP as IP protocol 50 (needs CAP_NET_RAW).</param>
    public OutsideListener(Func<AsaConfig> config, IOutsideNetwork network, OutsideEndpoints endpoints, OutsideReceivers receivers,
        CaptureHub? captures = null, bool rawEsp = false, int ikePort = UdpEndpoint.IkePort, int natTPort = UdpEndpoint.NatTPort)
    {
        _config = config;
        _network = network;
        Endpoints = endpoints;
        _receivers = receivers;
        _captures = captures;
        _rawEsp = rawEsp;
        (_ikePort, _natTPort) = (ikePort, natTPort);
    }

    /// <summary>The endpoints open now, which the senders use.</summary>
    public OutsideEndpoints Endpoints { get; }

    /// <summary>The IKE endpoints listened on, per address (for tests bound to ephemeral ports).</summary>
    public IReadOnlyList<(IPEndPoint Ike, IPEndPoint NatT)> Listening
    {
        get
        {
            lock (_gate)
                return [.. _listeners.Where(l => l.IpsecUdpPort == 0)
                    .Select(l => (l.Endpoints.First(e => e.Port == OutsidePort.Ike).Local, l.Endpoints.First(e => e.Port == OutsidePort.NatT).Local))];
        }
    }

    /// <summary>
    /// Listens where the config says now: addresses whose interface lost <c>crypto ikev1|ikev2 enable</c> (or
    /// changed address) and ipsec-udp ports no group policy enables any more are closed, new ones bound.
    /// Returns a line per problem not said before (an address not on this host, a port in use), for the user.
    /// </summary>
    public IReadOnlyList<string> Reconcile()
    {
        var config = _config();
        var problems = new List<string>();
        var wanted = new List<(string NameIf, IPAddress Address, int IpsecUdpPort)>();
        var ipsecUdpPorts = config.IpsecUdpPorts();
        foreach (var nameIf in config.IkeListeningInterfaces())
        {
            var ip = config.InterfaceNamed(nameIf)?.Ip;
            if (ip is null || ip.Learned) { problems.Add($"IKE: interface {nameIf} has no static address; not listening for it"); continue; }
            var address = IPAddress.Parse(ip.Address.ToString());
            wanted.Add((nameIf, address, 0));
            wanted.AddRange(ipsecUdpPorts.Select(port => (nameIf, address, port)));
        }
        lock (_gate)
        {
            if (_disposed) return [];
            var kept = new List<Listener>();
            foreach (var listener in _listeners)
            {
                if (wanted.Any(w => w.Address.Equals(listener.Address) && w.IpsecUdpPort == listener.IpsecUdpPort)) { kept.Add(listener); continue; }
                Close(listener);
            }
            foreach (var (nameIf, address, port) in wanted)
            {
                if (kept.Any(l => l.Address.Equals(address) && l.IpsecUdpPort == port)) continue;
                if ((port == 0 ? Open(nameIf, address, problems) : OpenIpsecUdp(nameIf, address, port, problems)) is { } listener) kept.Add(listener);
            }
            _listeners = [.. kept];
            // Say each problem once while it lasts; a fixed one may be said again if it comes back.
            _said.IntersectWith(problems);
            problems.RemoveAll(p => !_said.Add(p));
        }
        return problems;
    }

    private Listener? Open(string nameIf, IPAddress address, List<string> problems)
    {
        var endpoints = new List<IOutsideEndpoint>();
        try
        {
            endpoints.Add(_network.Open(OutsidePort.Ike, new IPEndPoint(address, _ikePort)));
            endpoints.Add(_network.Open(OutsidePort.NatT, new IPEndPoint(address, _natTPort)));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            foreach (var endpoint in endpoints) endpoint.Dispose();
            problems.Add($"IKE: cannot listen on {address} UDP {_ikePort}/{_natTPort} for {nameIf}: {e.Message}");
            return null;
        }
        if (_rawEsp)
        {
            // ESP in UDP still works without it.
            try { endpoints.Add(_network.Open(OutsidePort.Esp, new IPEndPoint(address, 0))); }
            catch (System.Net.Sockets.SocketException e) { problems.Add($"ESP: cannot receive IP protocol 50 on {address}: {e.Message}"); }
        }
        return Start(address, 0, endpoints);
    }

    /// <summary>An ipsec-udp port on <paramref name="address"/>: ESP in UDP only (IKE stays on 500).</summary>
    private Listener? OpenIpsecUdp(string nameIf, IPAddress address, int port, List<string> problems)
    {
        try { return Start(address, port, [_network.Open(OutsidePort.IpsecUdp, new IPEndPoint(address, port))]); }
        catch (System.Net.Sockets.SocketException e)
        {
            problems.Add($"IPsec over UDP: cannot listen on {address} UDP {port} for {nameIf}: {e.Message}");
            return null;
        }
    }

    /// <summary>Puts the endpoints in the senders' table and starts a receive loop for each.</summary>
    private Listener Start(IPAddress address, int ipsecUdpPort, List<IOutsideEndpoint> endpoints)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        foreach (var endpoint in endpoints) Endpoints.Add(endpoint);
        var receiving = Task.WhenAll(endpoints.Select(endpoint => Task.Factory.StartNew(() => Receive(endpoint, stop.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        return new Listener(address, ipsecUdpPort, [.. endpoints], stop, receiving);
    }

    private void Close(Listener listener)
    {
        foreach (var endpoint in listener.Endpoints) Endpoints.Remove(endpoint);
        listener.Stop.Cancel();
        foreach (var endpoint in listener.Endpoints) endpoint.Dispose();
        listener.Receiving.ContinueWith(_ => listener.Stop.Dispose(), TaskScheduler.Default);
    }

    /// <summary>One endpoint's receive loop, on a thread of its own, until the endpoint closes or the listener stops.</summary>
    private void Receive(IOutsideEndpoint endpoint, CancellationToken cancel)
    {
        var received = new ReceivedDatagram[endpoint.BatchSize];
        var esp = new PacketSlice[endpoint.BatchSize];
        var sources = endpoint.Port == OutsidePort.IpsecUdp ? new UdpSource[endpoint.BatchSize] : [];
        var pathMtu = _receivers.PathMtu;
        while (!cancel.IsCancellationRequested)
        {
            int count;
            try { count = endpoint.Receive(received, cancel); }
            catch (ObjectDisposedException) { return; }
            catch (OperationCanceledException) { return; }
            // A queued error makes a receive return nothing, so a busy socket still gets here.
            if (count == 0 && pathMtu is not null) endpoint.DrainPathMtu(pathMtu);
            if (endpoint.Port == OutsidePort.IpsecUdp)
            {
                var fromUdp = IpsecUdp(endpoint, received.AsSpan(0, count), esp, sources);
                if (fromUdp > 0) _receivers.IpsecUdp?.Invoke(esp.AsSpan(0, fromUdp), sources.AsSpan(0, fromUdp));
                continue;
            }
            var packets = endpoint.Port switch
            {
                OutsidePort.Ike => Ike(endpoint, received.AsSpan(0, count)),
                OutsidePort.NatT => NatT(endpoint, received.AsSpan(0, count), esp),
                _ => RawEsp(received.AsSpan(0, count), esp),
            };
            if (packets > 0) _receivers.Esp?.Invoke(esp.AsSpan(0, packets));
        }
    }

    private int Ike(IOutsideEndpoint endpoint, ReadOnlySpan<ReceivedDatagram> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            if (datagram.Truncated) continue;
            if (_captures is { Active: true } capture) capture.TapUdp(true, endpoint.Local, datagram.Source(), datagram.Span);
            _receivers.Ike(endpoint.Local, datagram.Source(), datagram.Span.ToArray());
        }
        return 0;
    }

    /// <summary>Port 4500: ESP collected for one hand-over per batch (decapsulated in place), IKE in order with the ESP around it.</summary>
    private int NatT(IOutsideEndpoint endpoint, ReadOnlySpan<ReceivedDatagram> datagrams, PacketSlice[] esp)
    {
        var packets = 0;
        foreach (var datagram in datagrams)
        {
            if (datagram.Truncated) continue;
            var data = datagram.Span;
            // Tapped before ESP is decapsulated in place.
            if (_captures is { Active: true } capture) capture.TapUdp(true, endpoint.Local, datagram.Source(), data);
            switch (NatTFraming.Classify(data))
            {
                case NatTFraming.Kind.Keepalive:
                    continue;
                case NatTFraming.Kind.Esp:
                    esp[packets++] = new PacketSlice(datagram.Buffer, 0, datagram.Length);
                    continue;
                default:
                    // What came before the IKE message goes first.
                    if (packets > 0) { _receivers.Esp?.Invoke(esp.AsSpan(0, packets)); packets = 0; }
                    _receivers.Ike(endpoint.Local, datagram.Source(), data[NatTFraming.MarkerLength..].ToArray());
                    continue;
            }
        }
        return packets;
    }

    /// <summary>
    /// An ipsec-udp port: ESP with its sender; keepalives (vpnc's 0x00000000 0xFF, RFC 3948's 0xFF) and
    /// anything else with a zero SPI dropped: no IKE comes here.
    /// </summary>
    private int IpsecUdp(IOutsideEndpoint endpoint, ReadOnlySpan<ReceivedDatagram> datagrams, PacketSlice[] esp, UdpSource[] sources)
    {
        var packets = 0;
        foreach (var datagram in datagrams)
        {
            if (datagram.Truncated) continue;
            if (_captures is { Active: true } capture) capture.TapUdp(true, endpoint.Local, datagram.Source(), datagram.Span);
            if (NatTFraming.Classify(datagram.Span) != NatTFraming.Kind.Esp) continue;
            sources[packets] = new UdpSource(datagram.SourceAddress, datagram.SourcePort);
            esp[packets++] = new PacketSlice(datagram.Buffer, 0, datagram.Length);
        }
        return packets;
    }

    /// <summary>IP protocol 50: the IPv4 header the kernel left is checked and skipped.</summary>
    private int RawEsp(ReadOnlySpan<ReceivedDatagram> datagrams, PacketSlice[] esp)
    {
        var packets = 0;
        foreach (var datagram in datagrams)
        {
            var buffer = datagram.Buffer;
            var length = datagram.Length;
            if (length < 20 || datagram.Truncated || buffer[0] >> 4 != 4) continue;
            var headerLength = (buffer[0] & 0x0F) * 4;
            if (headerLength < 20 || headerLength > length) continue;
            if (_captures is { Active: true } capture) capture.TapOutside(buffer.AsSpan(0, length)); // before decapsulation in place
            esp[packets++] = new PacketSlice(buffer, headerLength, length - headerLength);
        }
        return packets;
    }

    public async ValueTask DisposeAsync()
    {
        ImmutableArray<Listener> listeners;
        lock (_gate)
        {
            _disposed = true;
            listeners = _listeners;
            _listeners = [];
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var listener in listeners)
        {
            foreach (var endpoint in listener.Endpoints) Endpoints.Remove(endpoint);
            foreach (var endpoint in listener.Endpoints) endpoint.Dispose();
        }
        await Task.WhenAll(listeners.Select(l => l.Receiving)).ConfigureAwait(false);
        foreach (var listener in listeners) listener.Stop.Dispose();
        _stop.Dispose();
    }
}
