using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// The VPN side of a running appliance, composed here: the outside listener (UDP 500/4500 and IP protocol
/// 50 on the interfaces with <c>crypto ikev1 enable</c>, which needs root) hands IKE to the IKE service and
/// ESP to the dataplane on TUN device <c>tun</c>, which is made once the outside first listens; both send
/// through the listener's endpoints. Config changes apply at once, as on the ASA: enabling IKE on an
/// interface or changing its address rebinds the endpoints. Problems (an address this host lacks, no TUN
/// device) go to the log (<see cref="HostLog"/>).
/// </summary>
internal sealed class VpnHost : IAsyncDisposable
{
    private readonly Appliance _appliance;
    private readonly string _tun;
    private readonly OutsideListener _outside;
    private readonly IkeService _ike;
    private readonly LateDataplane _dataplane = new();
    private readonly Lock _espLock = new();
    private EspService? _esp;
    private bool _espFailed;

    private VpnHost(Appliance appliance, string tun, IOutsideNetwork network)
    {
        _appliance = appliance;
        _tun = tun;
        var endpoints = new OutsideEndpoints(appliance.Captures);
        var sas = new CapturingSas(appliance.Captures, () => _ike!.Status, _dataplane);
        _ike = new IkeService(() => appliance.Config, appliance.Events, SystemRandom.Instance, appliance.Clock, endpoints, sas, appliance.LocalUsers,
            aaa: appliance.Aaa);
        _outside = new OutsideListener(() => appliance.Config, network, endpoints,
            new OutsideReceivers(_ike.Receive, _dataplane.ReceiveFromOutside, _dataplane.PathMtuReported, _dataplane.ReceiveFromIpsecUdp),
            appliance.Captures, rawEsp: true);
    }

    /// <summary>Starts IKE (and the dataplane when IKE listens); null when not root, where neither can run.</summary>
    public static VpnHost? Start(Appliance appliance, string tun)
    {
        if (!Environment.IsPrivilegedProcess) return null;
        var host = new VpnHost(appliance, tun, SocketNetwork.Instance);
        host._ike.Start();
        host.Say(host._outside.Reconcile());
        host.AttachEspIfListening();
        appliance.Ike = host._ike;
        appliance.Vpn = new IkeVpnState(host._ike);
        appliance.ConfigChanged += host.OnConfigChanged;
        return host;
    }

    /// <summary>The IKE endpoints listened on now.</summary>
    public IReadOnlyList<(System.Net.IPEndPoint Ike, System.Net.IPEndPoint NatT)> Listening => _outside.Listening;

    private void OnConfigChanged(object? sender, ConfigChange change)
    {
        Say(_outside.Reconcile());
        AttachEspIfListening();
        RouteSites();
    }

    /// <summary>The sites' networks (crypto map ACLs) go into the TUN device, so their traffic reaches the dataplane before an SA exists.</summary>
    private void RouteSites()
    {
        EspService? esp;
        lock (_espLock) esp = _esp;
        if (esp is not null) Say(esp.Dataplane.SyncSiteRoutes(_appliance.Config.SiteNetworks()));
    }

    /// <summary>The dataplane comes with the first listening address (before any client can finish Quick Mode).</summary>
    private void AttachEspIfListening()
    {
        lock (_espLock)
        {
            if (_esp is not null || _espFailed || _outside.Listening.Count == 0) return;
            try
            {
                // The outside MTU, crypto ipsec df-bit and fragmentation come from the running config.
                _esp = EspService.Open(_tun, _outside.Endpoints, () => _appliance.Config, _appliance.Events, SystemRandom.Instance, _appliance.Clock, _appliance.Captures);
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                _espFailed = true;
                Say([$"no ESP dataplane: {e.Message}"]);
                return;
            }
            // Inside traffic that finds no SA may start a site's (the ASA as initiator).
            _esp.Dataplane.NoSa = _ike.Initiate;
            Say(_esp.Start());
            Say(_esp.Dataplane.SyncSiteRoutes(_appliance.Config.SiteNetworks()));
            _dataplane.Current = _esp.Dataplane;
            _appliance.Esp = _esp;
        }
    }

    private void Say(IEnumerable<string> problems)
    {
        foreach (var problem in problems) _appliance.Events.Publish(HostLog.Problem(problem));
    }

    public async ValueTask DisposeAsync()
    {
        _appliance.ConfigChanged -= OnConfigChanged;
        await _outside.DisposeAsync();
        await _ike.DisposeAsync();
        EspService? esp;
        lock (_espLock) esp = _esp;
        _dataplane.Current = null;
        if (esp is not null) await esp.DisposeAsync();
    }

    /// <summary>
    /// The ESP dataplane once it exists (it comes after the IKE service and the listener, with the first
    /// address listened on): until then ESP is dropped and IPsec SA pairs go nowhere, as without one.
    /// </summary>
    private sealed class LateDataplane : IIpsecSas
    {
        private volatile EspDataplane? _current;

        public EspDataplane? Current { get => _current; set => _current = value; }

        public void Install(ChildSa child) => _current?.Install(child);
        public void Remove(ChildSa child) => _current?.Remove(child);
        public ChildSaUsage? UsageOf(uint inboundSpi) => _current?.UsageOf(inboundSpi);
        public void ReceiveFromOutside(Span<Dataplane.Tun.PacketSlice> packets) => _current?.ReceiveFromOutside(packets);
        public void ReceiveFromIpsecUdp(Span<Dataplane.Tun.PacketSlice> packets, ReadOnlySpan<Dataplane.Forwarding.UdpSource> sources) =>
            _current?.ReceiveFromOutside(packets, sources);
        public void PathMtuReported(Dataplane.Sockets.PathMtuReport report) => _current?.PathMtuReported(report);
    }
}
