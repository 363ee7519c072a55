using System.Runtime.CompilerServices;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The VPN session counts the summaries print: active now (established IKE SAs), cumulative since
/// boot (active plus the engine's previous tunnels) and the peak, in all and of the sites (LAN-to-LAN,
/// by the tunnel-group's type). The engine keeps no peak, so the peak is the most seen whenever a show
/// command read the session table [M: an approximation; the ASA's is exact].
/// </summary>
public sealed class VpnTally
{
    private static readonly ConditionalWeakTable<Appliance, VpnTally> Tallies = new();
    private int _peak, _sitePeak;

    public static VpnTally Of(Appliance appliance) => Tallies.GetValue(appliance, _ => new VpnTally());

    /// <param name="Tunnels">The IPsec SA pairs up now by how their ESP travels (<see cref="ChildSa.IpsecProtocol"/>: IPsec,
    /// IPsecOverNatT, IPsecOverUDP), in that name's ordinal order, a kind only with pairs.</param>
    /// <param name="Sites">The LAN-to-LAN sessions among them: active, cumulative, peak.</param>
    public sealed record Counts(int Active, long Cumulative, int Peak, IReadOnlyList<(string Protocol, int Count)> Tunnels, (int Active, long Cumulative, int Peak) Sites = default)
    {
        /// <summary>All the IPsec SA pairs up now.</summary>
        public int TunnelCount => Tunnels.Sum(t => t.Count);
    }

    /// <param name="config">Decides which sessions are sites (their tunnel-groups' type).</param>
    public Counts Read(IkeStatus status, AsaEmu.ConfigModel.Model.AsaConfig config)
    {
        var established = status.Sas.Where(s => IkeSaStates.IsActive(s.State)).ToList();
        var active = established.Count;
        var sites = established.Count(s => ShowCryptoCommands.IsLanToLan(config, s));
        var tunnels = established.SelectMany(s => s.Children).CountBy(c => c.IpsecProtocol)
            .OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList();
        return new(active, active + status.Statistics.PreviousTunnels, Raise(ref _peak, active), tunnels,
            (sites, sites + status.Statistics.PreviousSiteSessions, Raise(ref _sitePeak, sites)));
    }

    /// <summary>Raises a peak to <paramref name="now"/> if it is higher (show commands may run on several sessions at once); the peak.</summary>
    private static int Raise(ref int peak, int now)
    {
        var seen = Volatile.Read(ref peak);
        while (now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen) seen = Volatile.Read(ref peak);
        return Math.Max(now, seen);
    }
}
