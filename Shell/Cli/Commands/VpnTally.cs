using System.Runtime.CompilerServices;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The VPN session counts the summaries print: active now (established IKE SAs, IKEv1's and IKEv2's),
/// cumulative since boot (active plus the engine's previous tunnels) and the peak, in all, of the sites
/// (LAN-to-LAN, by the tunnel-group's type; every IKEv2 session is a site's) and of each IKE version. The engine keeps no peak, so the peak is the most seen whenever a show
/// command read the session table [M: an approximation; the ASA's is exact].
/// </summary>
public sealed class VpnTally
{
    private static readonly ConditionalWeakTable<Appliance, VpnTally> Tallies = new();
    private int _peak, _sitePeak, _ikev2Peak, _ikev1Peak, _ikev1SitePeak;

    public static VpnTally Of(Appliance appliance) => Tallies.GetValue(appliance, _ => new VpnTally());

    /// <summary>Sessions of one kind: up now, since boot, and the most at once.</summary>
    public readonly record struct Figures(int Active, long Cumulative, int Peak);

    /// <param name="Active">Every session up now, IKEv1's and IKEv2's (with <paramref name="Cumulative"/> and <paramref name="Peak"/>).</param>
    /// <param name="Tunnels">The IPsec SA pairs up now by how their ESP travels (<see cref="ChildSa.IpsecProtocol"/>: IPsec,
    /// IPsecOverNatT, IPsecOverUDP), in that name's ordinal order, a kind only with pairs.</param>
    /// <param name="Sites">The LAN-to-LAN sessions among them, IKEv1's and IKEv2's.</param>
    public sealed record Counts(int Active, long Cumulative, int Peak, IReadOnlyList<(string Protocol, int Count)> Tunnels, Figures Sites = default)
    {
        /// <summary>The IKEv2 sessions (every one a site's).</summary>
        public Figures Ikev2 { get; init; }

        /// <summary>The IKEv1 sessions, remote access and sites.</summary>
        public Figures Ikev1 { get; init; }

        /// <summary>The IKEv1 sites.</summary>
        public Figures Ikev1Sites { get; init; }

        /// <summary>All the IPsec SA pairs up now.</summary>
        public int TunnelCount => Tunnels.Sum(t => t.Count);
    }

    /// <param name="config">Decides which sessions are sites (their tunnel-groups' type).</param>
    public Counts Read(IkeStatus status, AsaEmu.ConfigModel.Model.AsaConfig config)
    {
        var established = status.Sas.Where(s => IkeSaStates.IsActive(s.State)).ToList();
        var ikev2 = Ikev2Sessions.Up(status).ToList();
        var (v1, v2) = (established.Count, ikev2.Count);
        var v1Sites = established.Count(s => ShowCryptoCommands.IsLanToLan(config, s));
        var tunnels = established.SelectMany(s => s.Children).Concat(ikev2.SelectMany(s => s.Children)).CountBy(c => c.IpsecProtocol)
            .OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList();
        var (v1Cumulative, v2Cumulative) = (v1 + status.Statistics.PreviousTunnels, v2 + status.Ikev2Statistics.PreviousTunnels);
        var v1SitesCumulative = v1Sites + status.Statistics.PreviousSiteSessions;
        return new(v1 + v2, v1Cumulative + v2Cumulative, Raise(ref _peak, v1 + v2), tunnels,
            new Figures(v1Sites + v2, v1SitesCumulative + v2Cumulative, Raise(ref _sitePeak, v1Sites + v2)))
        {
            Ikev2 = new Figures(v2, v2Cumulative, Raise(ref _ikev2Peak, v2)),
            Ikev1 = new Figures(v1, v1Cumulative, Raise(ref _ikev1Peak, v1)),
            Ikev1Sites = new Figures(v1Sites, v1SitesCumulative, Raise(ref _ikev1SitePeak, v1Sites)),
        };
    }

    /// <summary>Raises a peak to <paramref name="now"/> if it is higher (show commands may run on several sessions at once); the peak.</summary>
    private static int Raise(ref int peak, int now)
    {
        var seen = Volatile.Read(ref peak);
        while (now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen) seen = Volatile.Read(ref peak);
        return Math.Max(now, seen);
    }
}
