using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// The SSH servers of a running appliance. <c>--ssh ADDR:PORT</c> (127.0.0.1:2222 by default) is a
/// management listener, so the <c>ssh ADDR MASK IF</c> lines do not apply to it. As root, each
/// interface with <c>ssh</c> lines also listens on port 22 of its address, where those lines apply
/// at accept (a source no line of that interface permits is closed before the version exchange);
/// config changes open and close these at once, as on the ASA. Host keys live in the data directory.
/// The servers' diagnostics and what cannot be listened on go to the log (<see cref="HostLog"/>).
/// </summary>
internal sealed class SshHost : IAsyncDisposable
{
    public const int InterfacePort = 22;

    private readonly Appliance _appliance;
    private readonly CancellationToken _cancel;
    private readonly IHostKeyStore _keys;
    private readonly int _interfacePort;
    private readonly Lock _lock = new();
    private readonly List<SshServer> _management = [];
    private readonly Dictionary<IPEndPoint, SshServer> _interfaces = [];
    /// <summary>Interface listeners that could not bind, said once while it lasts (a config change does not repeat it).</summary>
    private readonly HashSet<IPEndPoint> _unbound = [];
    private bool _disposed;

    private SshHost(Appliance appliance, IHostKeyStore keys, int interfacePort, CancellationToken cancel)
    {
        _appliance = appliance;
        _keys = keys;
        _interfacePort = interfacePort;
        _cancel = cancel;
    }

    /// <param name="interfaces">Listen on the interfaces' addresses (root only, for port 22).</param>
    /// <param name="interfacePort">The port on the interfaces (22; tests use a free one).</param>
    public static SshHost Start(Appliance appliance, IPEndPoint? management, IHostKeyStore keys, CancellationToken cancel,
        bool interfaces, int interfacePort = InterfacePort)
    {
        var host = new SshHost(appliance, keys, interfacePort, cancel);
        if (management is not null && host.Listen(management, management: true, sayProblem: true) is { } server) host._management.Add(server);
        if (interfaces)
        {
            host.Reconcile();
            appliance.ConfigChanged += host.OnConfigChanged;
        }
        return host;
    }

    /// <summary>Where the interface listeners are now (the ports bound: port 0 takes a free one).</summary>
    public IReadOnlyCollection<IPEndPoint> InterfaceEndPoints
    {
        get { lock (_lock) return [.. _interfaces.Values.Select(s => s.LocalEndPoint!)]; }
    }

    /// <summary>Where the management listener is (the port bound), or null.</summary>
    public IPEndPoint? ManagementEndPoint
    {
        get { lock (_lock) return _management.FirstOrDefault()?.LocalEndPoint; }
    }

    private void OnConfigChanged(object? sender, ConfigChange change) => Reconcile();

    private void Reconcile()
    {
        var config = _appliance.Config;
        var wanted = new HashSet<IPEndPoint>();
        foreach (var nameIf in config.All<ManagementAccess>().Where(a => a.Protocol == "ssh").Select(a => a.Interface).Distinct())
            if (config.InterfaceNamed(nameIf)?.Ip is { Learned: false } ip)
                wanted.Add(new IPEndPoint(IPAddress.Parse(ip.Address.ToString()), _interfacePort));
        lock (_lock)
        {
            if (_disposed) return;
            foreach (var gone in _interfaces.Keys.Where(e => !wanted.Contains(e)).ToList())
            {
                _ = _interfaces[gone].DisposeAsync().AsTask();
                _interfaces.Remove(gone);
            }
            _unbound.IntersectWith(wanted);
            foreach (var endPoint in wanted.Where(e => !_interfaces.ContainsKey(e)))
            {
                if (Listen(endPoint, management: false, sayProblem: !_unbound.Contains(endPoint)) is { } server)
                {
                    _interfaces[endPoint] = server;
                    _unbound.Remove(endPoint);
                }
                else _unbound.Add(endPoint);
            }
        }
    }

    private SshServer? Listen(IPEndPoint endPoint, bool management, bool sayProblem)
    {
        var cli = new SshCli(_appliance, management);
        var server = new SshServer(new SshServerOptions
        {
            HostKeyStore = _keys,
            Authenticator = cli.AuthenticateAsync,
            Handler = cli,
            // On an interface's address the ssh lines decide at accept; the management listener admits everyone.
            AcceptFilter = management ? null : (remote, local) => ManagementAccessCheck.Permits(_appliance.Config, "ssh", local.Address, remote.Address),
            Log = HostLog.Diagnostics(_appliance.Events),
            Clock = _appliance.Clock,
        });
        try
        {
            server.Start(endPoint, _cancel);
            return server;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            if (sayProblem) _appliance.Events.Publish(HostLog.Problem($"cannot listen for SSH on {endPoint}: {e.Message}"));
            _ = server.DisposeAsync().AsTask();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _appliance.ConfigChanged -= OnConfigChanged;
        List<SshServer> servers;
        lock (_lock)
        {
            _disposed = true;
            servers = [.. _management, .. _interfaces.Values];
            _interfaces.Clear();
        }
        foreach (var server in servers) await server.DisposeAsync();
    }
}
