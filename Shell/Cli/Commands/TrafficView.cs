using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>Packets and bytes one interface carried, and what it dropped, since start.</summary>
public sealed record InterfaceTraffic(long PacketsIn, long BytesIn, long PacketsOut, long BytesOut, long Dropped)
{
    public static readonly InterfaceTraffic None = new(0, 0, 0, 0, 0);
}

/// <summary>
/// What AsaEmu counted since start, read once for a show command: the IKE engine's statistics and
/// session table, and the dataplane's totals. AsaEmu has two data interfaces in effect: the one
/// IKE and ESP arrive on (the first with <c>crypto ikev1 enable</c>, else <c>outside</c>) and the
/// one behind the TUN device (the named interface of highest security level besides it).
/// </summary>
public sealed record TrafficView(IkeStatus Ike, DataplaneTotals Esp)
{
    public static TrafficView Of(Appliance appliance) => new(
        appliance.Ike?.Status ?? IkeStatus.Empty,
        appliance.Esp?.Dataplane is { } dataplane ? DataplaneTotals.Of(dataplane) : DataplaneTotals.Empty);

    public IkeStatistics Statistics => Ike.Statistics;

    /// <summary>The nameif IKE and ESP arrive on.</summary>
    public static string? OutsideNameIf(AsaConfig config) =>
        config.IkeEnabledInterfaces().FirstOrDefault()
        ?? config.All<Interface>().FirstOrDefault(i => i.NameIf == "outside")?.NameIf;

    /// <summary>The nameif clear traffic leaves the TUN device by: the most trusted named interface that is not the outside.</summary>
    public static string? InsideNameIf(AsaConfig config)
    {
        var outside = OutsideNameIf(config);
        return config.All<Interface>().Where(i => i.NameIf is not null && i.NameIf != outside && !i.ManagementOnly)
            .OrderByDescending(i => i.SecurityLevel ?? 0).FirstOrDefault()?.NameIf;
    }

    /// <summary>
    /// The traffic of <paramref name="nameIf"/>: on the outside, IKE datagrams and ESP packets in and
    /// out (ESP counted by its inner bytes); on the inside, the clear packets the TUN device took and gave.
    /// </summary>
    public InterfaceTraffic For(AsaConfig config, string? nameIf)
    {
        if (nameIf is null) return InterfaceTraffic.None;
        var n = Esp.Sas;
        if (nameIf == OutsideNameIf(config))
        {
            var s = Statistics;
            var espIn = n.Decaps + n.RecvErrors + Esp.InvalidSaReceive + Esp.MalformedFromOutside;
            return new(s.InPackets + espIn, s.InOctets + n.BytesIn, s.OutPackets + n.Encaps, s.OutOctets + n.BytesOut,
                s.InDropPackets + n.RecvErrors + Esp.InvalidSaReceive + Esp.MalformedFromOutside);
        }
        if (nameIf == InsideNameIf(config))
            return new(n.Encaps + n.SendErrors + Esp.NoSaSend + Esp.NotIpv4FromTun, n.BytesOut,
                Math.Max(0, n.Decaps - Esp.TunWriteErrors), n.BytesIn, Esp.NoSaSend + Esp.NotIpv4FromTun + n.SendErrors);
        return InterfaceTraffic.None;
    }
}
