using System.Runtime.CompilerServices;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The VPN session counts the summaries print: active now (established IKE SAs), cumulative since
/// boot (active plus the engine's previous tunnels) and the peak. The engine keeps no peak, so the
/// peak is the most seen whenever a show command read the session table [M: an approximation; the
/// ASA's is exact].
/// </summary>
public sealed class VpnTally
{
    private static readonly ConditionalWeakTable<Appliance, VpnTally> Tallies = new();
    private int _peak;

    public static VpnTally Of(Appliance appliance) => Tallies.GetValue(appliance, _ => new VpnTally());

    public sealed record Counts(int Active, long Cumulative, int Peak, int IpsecTunnels, int NatTTunnels);

    public Counts Read(IkeStatus status)
    {
        var established = status.Sas.Where(s => IkeSaStates.IsActive(s.State)).ToList();
        var active = established.Count;
        var peak = Math.Max(active, Interlocked.CompareExchange(ref _peak, 0, 0));
        var seen = _peak;
        while (peak > seen && Interlocked.CompareExchange(ref _peak, peak, seen) != seen) seen = _peak;
        var children = established.SelectMany(s => s.Children).ToList();
        return new(active, active + status.Statistics.PreviousTunnels, Math.Max(peak, _peak),
            children.Count(c => !c.UdpEncapsulated), children.Count(c => c.UdpEncapsulated));
    }
}
