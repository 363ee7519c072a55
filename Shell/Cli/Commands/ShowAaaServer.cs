using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Radius;
using AsaEmu.Dataplane.Aaa;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The blocks of <c>show aaa-server</c>, one per server (the local database first), in the ASA's layout
/// [S: a 9.x device capture]: the heading labels end at column 17 (a tab after the colon, then a blank),
/// the counters' values stand at column 40 (tabs, with 8-column stops). The RADIUS port line and the
/// malformed-responses counter are [M].
/// </summary>
public static class ShowAaaServer
{
    /// <summary>The column the counters' values start at, with tabs every 8 columns.</summary>
    private const int ValueColumn = 40;

    /// <summary>The blocks for every server the config has, or those of one group (and one of its servers).</summary>
    public static IReadOnlyList<string> Lines(AsaConfig config, AaaService aaa, string? group, string? host, string? protocol)
    {
        var blocks = new List<IReadOnlyList<string>>();
        var local = group is null && host is null && protocol is null || string.Equals(group, "LOCAL", StringComparison.OrdinalIgnoreCase);
        if (local) blocks.Add(Local(aaa.Local));
        var status = aaa.Status;
        foreach (var g in config.All<AaaServerGroup>().Where(g => g.Protocol is not null))
        {
            if (group is not null && g.Name != group || protocol is not null && g.Protocol != protocol) continue;
            foreach (var h in g.Hosts.Where(h => host is null || string.Equals(h.Address, host, StringComparison.OrdinalIgnoreCase)))
                blocks.Add(g.IsRadius
                    ? Radius(g, h, status.FirstOrDefault(s => s.Group == g.Name && s.Address == h.Address))
                    : Block(g.Name, g.Protocol!, h.Address, PortOf(g.Protocol!, h).ToString(CultureInfo.InvariantCulture), "ACTIVE, Last transaction at unknown", new RadiusCounters(), malformed: false));
        }
        var lines = new List<string>();
        foreach (var block in blocks)
        {
            if (lines.Count > 0) lines.Add("");
            lines.AddRange(block);
        }
        return lines;
    }

    private static IReadOnlyList<string> Local(LocalAaaCounters local) =>
        Block("LOCAL", "Local database", "None", "None", $"ACTIVE, Last transaction at {Stamp(local.LastTransaction)}",
            new RadiusCounters { AuthenticationRequests = local.Requests, Accepts = local.Accepts, Rejects = local.Rejects }, malformed: false);

    private static IReadOnlyList<string> Radius(AaaServerGroup group, AaaServerHost host, RadiusServerStatus? status)
    {
        var state = status is { State: RadiusServerState.Failed }
            ? $"FAILED, Server disabled at {Stamp(status.FailedAt)}"
            : $"ACTIVE, Last transaction at {Stamp(status?.LastTransaction)}";
        var counters = status?.Counters ?? new RadiusCounters();
        return Block(group.Name, AaaServerGroup.Radius, host.Address,
            $"{host.EffectiveAuthenticationPort}(authentication), {host.EffectiveAccountingPort}(accounting)", state, counters, malformed: true,
            pending: status?.Pending ?? 0);
    }

    /// <summary>The default port of the protocols AsaEmu keeps but does not emulate [M].</summary>
    private static int PortOf(string protocol, AaaServerHost host) => host.ServerPort ?? protocol switch
    {
        "tacacs+" => 49,
        "ldap" => 389,
        "kerberos" => 88,
        "sdi" => 5500,
        "nt" => 139,
        _ => 0,
    };

    private static IReadOnlyList<string> Block(string group, string protocol, string address, string port, string status, RadiusCounters c,
        bool malformed, int pending = 0)
    {
        var lines = new List<string>
        {
            $"Server Group:\t {group}",
            $"Server Protocol: {protocol}",
            $"Server Address:\t {address}",
            $"Server port:\t {port}",
            $"Server status:\t {status}",
            Counter("Number of pending requests", pending),
            Counter("Average round trip time", $"{c.AverageRoundTripMs}ms"),
            Counter("Number of authentication requests", c.AuthenticationRequests),
            Counter("Number of authorization requests", 0),
            Counter("Number of accounting requests", c.AccountingRequests),
            Counter("Number of retransmissions", c.Retransmissions),
            Counter("Number of accepts", c.Accepts),
            Counter("Number of rejects", c.Rejects),
            Counter("Number of challenges", c.Challenges),
        };
        if (malformed) lines.Add(Counter("Number of malformed responses", c.MalformedResponses));
        lines.Add(Counter("Number of bad authenticators", c.BadAuthenticators));
        lines.Add(Counter("Number of timeouts", c.Timeouts));
        lines.Add(Counter("Number of unrecognized responses", c.UnrecognizedResponses));
        return lines;
    }

    private static string Counter(string label, object value)
    {
        // Each tab goes on to the next multiple of 8.
        var tabs = Math.Max(1, ValueColumn / 8 - label.Length / 8);
        return label + new string('\t', tabs) + Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    /// <summary><c>02:02:33 UTC Tue Jul 9 2024</c> [S], or <c>unknown</c> [M].</summary>
    private static string Stamp(DateTimeOffset? t) =>
        t is { } at ? at.UtcDateTime.ToString("HH:mm:ss 'UTC' ddd MMM d yyyy", CultureInfo.InvariantCulture) : "unknown";
}
