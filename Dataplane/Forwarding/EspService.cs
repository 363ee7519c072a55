using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The real dataplane beside a real <see cref="IkeService"/>: the Linux TUN device, ESP in UDP on
/// the IKE sockets' port 4500, raw ESP sockets on the IKE addresses, host routes with <c>ip</c>.
/// Attach once the IKE service listens (before any client can complete Quick Mode): from then on it
/// hands over port 4500's ESP and the SAs it installs and removes. Needs root (CAP_NET_ADMIN, CAP_NET_RAW).
/// </summary>
public sealed class EspService : IAsyncDisposable
{
    private readonly ITunDevice _tun;
    private readonly RawEspSocket _raw;

    public EspDataplane Dataplane { get; }

    /// <summary>Hands the captures to the taps of the TUN loop and the raw ESP sockets.</summary>
    public Capture.CaptureHub? Capture { set { Dataplane.Capture = value; _raw.Capture = value; } }

    private EspService(ITunDevice tun, IkeService ike, IEventSink events, IRandom random)
    {
        _tun = tun;
        EspDataplane? dataplane = null;
        _raw = new RawEspSocket(packets => dataplane?.ReceiveFromOutside(packets), report => dataplane?.PathMtuReported(report));
        Dataplane = dataplane = new EspDataplane(tun, new NatTEspSocket(() => ike.Sockets), _raw, IpRouteTable.Instance, random, events);
        ike.Esp = Dataplane.ReceiveFromOutside;
        ike.PathMtu = Dataplane.PathMtuReported;
        ike.Installed += Dataplane.Install;
        ike.Removed += Dataplane.Remove;
        ike.UsageOf = spi => Dataplane.Sas.TryGetByInboundSpi(spi, out var sa) && sa.Counters.Snapshot() is var n ? new ChildSaUsage(n.BytesIn, n.BytesOut) : null;
        Dataplane.NoSa = ike.Initiate;
    }

    /// <summary>Creates the TUN device <paramref name="tunName"/> and hooks the dataplane to <paramref name="ike"/>; throws <see cref="IOException"/>.</summary>
    public static EspService Attach(IkeService ike, string tunName, IEventSink events, IRandom random)
    {
        var tun = LinuxTunDevice.Open(tunName);
        return new EspService(tun, ike, events, random);
    }

    /// <summary>
    /// Opens raw ESP on the addresses IKE listens on and starts the TUN loop. Returns a line per
    /// problem, for the user (ESP in UDP still works when raw ESP cannot be opened).
    /// </summary>
    public IReadOnlyList<string> Start(IkeService ike)
    {
        var problems = new List<string>();
        foreach (var (endPoint, _) in ike.Endpoints) problems.AddRange(Listen(endPoint.Address));
        if (File.Exists("/proc/sys/net/ipv4/ip_forward") && File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() == "0")
            problems.Add($"ESP: net.ipv4.ip_forward is 0 here: the host will not forward between {_tun.Name} and the inside");
        Dataplane.Start();
        return problems;
    }

    /// <summary>Receives raw ESP on <paramref name="address"/> too (IKE listens there now); the problem, if any.</summary>
    public IReadOnlyList<string> Listen(System.Net.IPAddress address)
    {
        try { _raw.Listen(address); }
        catch (System.Net.Sockets.SocketException e) { return [$"ESP: cannot receive IP protocol 50 on {address}: {e.Message}"]; }
        return [];
    }

    public async ValueTask DisposeAsync()
    {
        await Dataplane.DisposeAsync().ConfigureAwait(false);
        _raw.Dispose();
        _tun.Dispose();
    }
}
