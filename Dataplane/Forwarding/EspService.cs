using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The real dataplane: the Linux TUN device, host routes with <c>ip</c>, and ESP sent through the outside
/// endpoints the listener opened (UDP 4500, IP protocol 50). Needs root (CAP_NET_ADMIN).
/// </summary>
public sealed class EspService : IAsyncDisposable
{
    private readonly ITunDevice _tun;

    public EspDataplane Dataplane { get; }

    private EspService(ITunDevice tun, EspDataplane dataplane)
    {
        _tun = tun;
        Dataplane = dataplane;
    }

    /// <summary>
    /// Creates the TUN device <paramref name="tunName"/> and a dataplane on it that sends through
    /// <paramref name="outside"/>, reads the outside MTU, <c>crypto ipsec df-bit</c> and fragmentation from
    /// <paramref name="config"/>, and is tapped by <paramref name="captures"/>; throws <see cref="IOException"/>.
    /// </summary>
    public static EspService Open(string tunName, OutsideEndpoints outside, Func<AsaConfig> config, IEventSink events, IRandom random,
        TimeProvider clock, Capture.CaptureHub? captures)
    {
        var tun = LinuxTunDevice.Open(tunName);
        return new EspService(tun, new EspDataplane(tun, outside, IpRouteTable.Instance, random, events, clock) { Config = config, Capture = captures });
    }

    /// <summary>Starts the TUN loop. Returns a line per problem, for the user.</summary>
    public IReadOnlyList<string> Start()
    {
        var problems = new List<string>();
        if (File.Exists("/proc/sys/net/ipv4/ip_forward") && File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() == "0")
            problems.Add($"ESP: net.ipv4.ip_forward is 0 here: the host will not forward between {_tun.Name} and the inside");
        Dataplane.Start();
        return problems;
    }

    public async ValueTask DisposeAsync()
    {
        await Dataplane.DisposeAsync().ConfigureAwait(false);
        _tun.Dispose();
    }
}
