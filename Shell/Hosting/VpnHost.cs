using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// The VPN side of a running appliance: IKE on UDP 500/4500 of the interfaces with
/// <c>crypto ikev1 enable</c> (which needs root) and the ESP dataplane on TUN device <c>tun</c>,
/// made once IKE first listens. Config changes apply at once, as on the ASA: enabling IKE on an
/// interface or changing its address rebinds the sockets. Problems (an address this host lacks,
/// no TUN device) are said on <c>error</c>.
/// </summary>
internal sealed class VpnHost : IAsyncDisposable
{
    private readonly Appliance _appliance;
    private readonly string _tun;
    private readonly TextWriter _error;
    private readonly IkeService _ike;
    private readonly Lock _espLock = new();
    private EspService? _esp;
    private bool _espFailed;

    private VpnHost(Appliance appliance, string tun, TextWriter error)
    {
        _appliance = appliance;
        _tun = tun;
        _error = error;
        _ike = new IkeService(() => appliance.Config, appliance.Events, SystemRandom.Instance, TimeProvider.System, appliance.LocalUsers, appliance.Aaa);
    }

    /// <summary>Starts IKE (and the dataplane when IKE listens); null when not root, where neither can run.</summary>
    public static VpnHost? Start(Appliance appliance, string tun, TextWriter error)
    {
        if (!Environment.IsPrivilegedProcess) return null;
        var host = new VpnHost(appliance, tun, error);
        host._ike.Listening += host.OnListening;
        CaptureWiring.Attach(appliance.Captures, host._ike);
        host.Say(host._ike.Start());
        host.AttachEspIfListening();
        appliance.Ike = host._ike;
        appliance.Vpn = new IkeVpnState(host._ike);
        appliance.ConfigChanged += host.OnConfigChanged;
        return host;
    }

    private void OnConfigChanged(object? sender, ConfigChange change)
    {
        Say(_ike.Reconcile());
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
            if (_esp is not null || _espFailed || _ike.Endpoints.Count == 0) return;
            try
            {
                _esp = EspService.Attach(_ike, _tun, _appliance.Events, SystemRandom.Instance);
                _esp.Dataplane.Config = () => _appliance.Config; // the outside MTU, crypto ipsec df-bit and fragmentation
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                _espFailed = true;
                Say([$"no ESP dataplane: {e.Message}"]);
                return;
            }
            _esp.Capture = _appliance.Captures;
            Say(_esp.Start(_ike));
            Say(_esp.Dataplane.SyncSiteRoutes(_appliance.Config.SiteNetworks()));
            _appliance.Esp = _esp;
        }
    }

    /// <summary>A new IKE address also gets raw ESP (IP protocol 50) once the dataplane exists.</summary>
    private void OnListening(System.Net.IPAddress address)
    {
        EspService? esp;
        lock (_espLock) esp = _esp;
        if (esp is not null) Say(esp.Listen(address));
    }

    private void Say(IEnumerable<string> problems)
    {
        lock (_error)
        {
            foreach (var problem in problems) _error.WriteLine($"asaemu: {problem}");
            _error.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _appliance.ConfigChanged -= OnConfigChanged;
        EspService? esp;
        lock (_espLock) esp = _esp;
        if (esp is not null) await esp.DisposeAsync();
        await _ike.DisposeAsync();
    }
}
