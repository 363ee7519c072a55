using System.Globalization;
using System.Security;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>packet-tracer input IF icmp SRC TYPE [CODE [ID]] DST | (tcp|udp) SRC SPORT DST DPORT [detailed] [xml]</c>:
/// what AsaEmu decides for such a packet, in the ASA's phases: the implicit MAC rule, the route lookup
/// (connected, static and VPN routes), IP options, the VPN phases (encrypted into an installed SA, its
/// session's vpn-filter in the tunnel flow phase, or held for a static crypto map entry whose tunnel is
/// not up), the flow, and the result block.
/// Layout [S: a 9.x site-to-site trace on the networklessons forum (the phase sequence with VPN encrypt
/// and ipsec-tunnel-flow), and drmanalo's trace (the result block)]; the <c>detailed</c> rule lines and
/// the <c>xml</c> form are M, kept in <see cref="DetailedRule"/> and <see cref="Xml"/>.
/// </summary>
public sealed class PacketTracerCommand : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["packet-tracer"] = "Trace packet through the security appliance",
        ["input"] = "Input interface",
        ["icmp"] = "ICMP packet",
        ["tcp"] = "TCP packet",
        ["udp"] = "UDP packet",
        ["detailed"] = "Show detailed information",
        ["xml"] = "Show the result in XML",
    };

    public void Register(ExecGrammar g)
    {
        const string tail = "[detailed] [xml]";
        g.Add(ExecScope.PrivilegedAndConfig, $"packet-tracer input <nameif:if> icmp <ip:src> <0-255:type> [<0-255:code> [<0-65535:ident>]] <ip:dst> {tail}",
            c => Run(c, "icmp"), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, $"packet-tracer input <nameif:if> (tcp|udp):proto <ip:src> <word:sport> <ip:dst> <word:dport> {tail}",
            c => Run(c, c.Args.Str("proto")), help: Help);
    }

    /// <summary>One phase as the ASA prints it.</summary>
    public sealed record Phase(string Type, string Subtype, bool Allow, IReadOnlyList<string> Config, IReadOnlyList<string> Info,
        IReadOnlyList<string>? Rule = null);

    /// <summary>The verdict: the phases, the egress interface and, for a drop, its reason.</summary>
    public sealed record Trace(IReadOnlyList<Phase> Phases, string Input, string? Output, string? DropReason);

    private static Task Run(ExecContext c, string protocol)
    {
        var config = c.Appliance.Config;
        var nameIf = c.Args.Str("if");
        if (config.All<Interface>().FirstOrDefault(i => i.NameIf == nameIf) is null) return ShowInterfaceCommands.NotFound(c, nameIf);
        var flow = protocol == "icmp"
            ? new Flow(IcmpType: (int)c.Args.Num("type"))
            : new Flow(Port(protocol, c.Args.Str("sport")), Port(protocol, c.Args.Str("dport")));
        var trace = Decide(config, c.Appliance.Ike?.Status ?? IkeStatus.Empty, c.Appliance.Vpn.ReverseRoutes(config),
            nameIf, protocol, c.Args.Ip("src"), c.Args.Ip("dst"), flow);
        c.WriteLines(c.Args.Has("xml") ? Xml(config, trace) : Text(config, trace, c.Args.Has("detailed")));
        return Task.CompletedTask;
    }

    /// <summary>The ports (TCP, UDP) or ICMP type of the traced packet; -1 for one not given.</summary>
    public readonly record struct Flow(int SourcePort = -1, int DestinationPort = -1, int IcmpType = -1);

    /// <summary>A port as typed: a number, or a name the ASA knows for the protocol (<c>www</c>, <c>domain</c>); -1 for neither.</summary>
    private static int Port(string protocol, string word) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : (protocol == "udp" ? AceParser.UdpPorts : AceParser.TcpPorts).TryGetValue(word, out n) ? n : -1;

    /// <summary>Walks the packet through what AsaEmu models.</summary>
    public static Trace Decide(AsaConfig config, IkeStatus status, IEnumerable<VpnRoute> vpnRoutes, string input, string protocol, Ipv4 source, Ipv4 destination,
        Flow flow = default)
    {
        var phases = new List<Phase>
        {
            new("ACCESS-LIST", "", true, ["Implicit Rule"], ["MAC Access list"]),
        };
        var route = Lookup(config, vpnRoutes, destination);
        if (route is null)
        {
            phases.Add(new("ROUTE-LOOKUP", "Resolve Egress Interface", false, [], ["ECMP load balancing", "Found no matching route"]));
            return new(phases, input, null, "(no-route) No route to host");
        }
        phases.Add(new("ROUTE-LOOKUP", "Resolve Egress Interface", true, [],
            [$"found next-hop {route.Value.NextHop} using egress ifc  {route.Value.NameIf}"]));
        phases.Add(new("IP-OPTIONS", "", true, [], []));

        var egress = route.Value.NameIf;
        if (config.CryptoMapOn(egress) is { } map)
        {
            var sa = status.Sas.Where(s => IkeSaStates.IsActive(s.State)).SelectMany(s => s.Children)
                .FirstOrDefault(ch => Contains(ch.RemoteAddress, ch.RemoteMask, destination) && Contains(ch.LocalAddress, ch.LocalMask, source));
            if (sa is not null)
            {
                var rule = DetailedRule("encrypt", 70, source, destination, egress);
                phases.Add(new("VPN", "encrypt", true, [], [], rule));
                // The session's vpn-filter decides in the tunnel's flow phase [M: its drop there, as acl-drop]; the client is the
                // remote end, so a packet to it is tested with its addresses and ports swapped, as the dataplane tests it.
                var permitted = FilterPermits(config, sa.VpnFilter, protocol, remote: destination, flow.DestinationPort, inside: source, flow.SourcePort, flow.IcmpType);
                phases.Add(new("VPN", "ipsec-tunnel-flow", permitted, [], [], DetailedRule("ipsec-tunnel-flow", 69, source, destination, egress)));
                if (!permitted) return new(phases, input, egress, "(acl-drop) Flow is denied by configured rule");
            }
            else if (StaticEntryFor(config, map, protocol, source, destination) is { } entry)
            {
                // A static entry's tunnel that is not up: the packet is dropped while it sets IKE going (ASA: acl-drop).
                phases.Add(new("VPN", "encrypt", false, entry.Render(N($"crypto map {map.Name} {entry.Sequence}")).ToList(), []));
                return new(phases, input, egress, "(acl-drop) Flow is denied by configured rule");
            }
        }
        phases.Add(new("FLOW-CREATION", "", true, [], ["New flow created with id 1, packet dispatched to next module"]));
        return new(phases, input, egress, null);
    }

    private static bool Contains(Ipv4 network, Ipv4 mask, Ipv4 address) => address.And(mask) == network.And(mask);

    /// <summary>Whether a session's <c>vpn-filter</c> lets the flow through (no filter, or one the dataplane cannot test: yes).</summary>
    private static bool FilterPermits(AsaConfig config, string? acl, string protocol, Ipv4 remote, int remotePort, Ipv4 inside, int insidePort, int icmpType)
    {
        if (acl is null || CaptureRule.Compile(config, acl) is not { } rules) return true;
        var number = protocol switch { "icmp" => Ipv4Header.ProtocolIcmp, "tcp" => Ipv4Header.ProtocolTcp, _ => Ipv4Header.ProtocolUdp };
        return VpnFilter.PermitsFlow([.. rules], number, remote.Value, remotePort, inside.Value, insidePort, icmpType);
    }

    /// <summary>The route to <paramref name="destination"/>: the longest prefix among the connected, static and VPN routes.</summary>
    public static (string NameIf, Ipv4 NextHop)? Lookup(AsaConfig config, IEnumerable<VpnRoute> vpnRoutes, Ipv4 destination)
    {
        var candidates = new List<(int Prefix, int Preference, string NameIf, Ipv4 NextHop)>();
        foreach (var i in config.All<Interface>())
            if (i is { NameIf: { } name, Shutdown: false, Ip: { Learned: false } ip } && Contains(ip.Network, ip.Mask, destination))
                candidates.Add((ip.Mask.PrefixLength, 0, name, destination));
        foreach (var v in vpnRoutes)
            if (Contains(v.Address, v.Mask, destination)) candidates.Add((v.Mask.PrefixLength, 1, v.NameIf, destination));
        foreach (var r in config.All<StaticRoute>())
            if (r.Matches(destination)) candidates.Add((r.Mask.PrefixLength, 2 + r.Metric, r.NameIf, r.Gateway));
        if (candidates.Count == 0) return null;
        var best = candidates.OrderByDescending(c => c.Prefix).ThenBy(c => c.Preference).First();
        return (best.NameIf, best.NextHop);
    }

    /// <summary>The static (not dynamic) entry of <paramref name="map"/> whose <c>match address</c> list permits the packet.</summary>
    private static CryptoMapEntry? StaticEntryFor(AsaConfig config, CryptoMap map, string protocol, Ipv4 source, Ipv4 destination) =>
        map.OrderedEntries.FirstOrDefault(e => e.DynamicMap is null && e.MatchAddress is { } acl
            && config.Get<AccessList>(acl) is { } list && Permits(list, protocol, source, destination));

    /// <summary>First match of the list's extended entries by protocol and addresses (ports and objects are not looked at).</summary>
    public static bool Permits(AccessList list, string protocol, Ipv4 source, Ipv4 destination)
    {
        foreach (var ace in list.Aces.OfType<ExtendedAce>())
        {
            if (ace.Inactive || (ace.Protocol != "ip" && ace.Protocol != protocol)) continue;
            if (Match(ace.Source, source) && Match(ace.Destination, destination)) return ace.Permit;
        }
        return false;
    }

    private static bool Match(AceAddress address, Ipv4 ip) => address switch
    {
        AceAny { Keyword: "any" or "any4" } => true,
        AceHost { Ipv4: { } host } => host == ip,
        AceNetwork n => Contains(n.Network, n.Mask, ip),
        _ => false,
    };

    // ---- rendering --------------------------------------------------------------------------------

    /// <summary>The rule lines <c>detailed</c> adds to a VPN phase [M: the ASA's wording from memory; ids are made up].</summary>
    public static IReadOnlyList<string> DetailedRule(string domain, int priority, Ipv4 source, Ipv4 destination, string egress) =>
    [
        "Forward Flow based lookup yields rule:",
        N($" out id=0x7f5b3c4a{priority:x4}, priority={priority}, domain={domain}, deny=false"),
        "\thits=0, user_data=0x0, cs_id=0x0, reverse, flags=0x0, protocol=0",
        $"\tsrc ip/id={source}, mask=255.255.255.255, port=0, tag=any",
        $"\tdst ip/id={destination}, mask=255.255.255.255, port=0, tag=any, dscp=0x0",
        $"\tinput_ifc=any, output_ifc={egress}",
    ];

    public static IEnumerable<string> Text(AsaConfig config, Trace trace, bool detailed)
    {
        var number = 1;
        foreach (var p in trace.Phases)
        {
            yield return N($"Phase: {number++}");
            yield return $"Type: {p.Type}";
            yield return $"Subtype: {p.Subtype}";
            yield return $"Result: {(p.Allow ? "ALLOW" : "DROP")}";
            yield return "Config:";
            foreach (var line in p.Config) yield return line;
            yield return "Additional Information:";
            if (detailed && p.Rule is not null)
                foreach (var line in p.Rule) yield return line;
            foreach (var line in p.Info) yield return line;
            yield return "";
        }
        foreach (var line in ResultLines(config, trace)) yield return line;
    }

    private static IEnumerable<string> ResultLines(AsaConfig config, Trace trace)
    {
        yield return "Result:";
        foreach (var (key, value) in ResultFields(config, trace)) yield return $"{key}: {value}";
    }

    private static IEnumerable<(string Key, string Value)> ResultFields(AsaConfig config, Trace trace)
    {
        string Status(string? nameIf) => config.All<Interface>().FirstOrDefault(i => i.NameIf == nameIf) is { Shutdown: false } ? "up" : "down";
        yield return ("input-interface", trace.Input);
        yield return ("input-status", Status(trace.Input));
        yield return ("input-line-status", Status(trace.Input));
        if (trace.Output is { } output)
        {
            yield return ("output-interface", output);
            yield return ("output-status", Status(output));
            yield return ("output-line-status", Status(output));
        }
        else
        {
            yield return ("output-interface", "NP Identity Ifc");
        }
        yield return ("Action", trace.DropReason is null ? "allow" : "drop");
        if (trace.DropReason is { } reason) yield return ("Drop-reason", reason);
    }

    /// <summary>The <c>xml</c> form [M: element names from memory of the ASA's XML output].</summary>
    public static IEnumerable<string> Xml(AsaConfig config, Trace trace)
    {
        var number = 1;
        foreach (var p in trace.Phases)
        {
            yield return "<Phase>";
            yield return N($"<id>{number++}</id>");
            yield return $"<type>{E(p.Type)}</type>";
            yield return $"<subtype>{E(p.Subtype)}</subtype>";
            yield return $"<result>{(p.Allow ? "ALLOW" : "DROP")}</result>";
            yield return $"<config>{E(string.Join("\n", p.Config))}</config>";
            yield return $"<extra>{E(string.Join("\n", p.Info))}</extra>";
            yield return "</Phase>";
        }
        yield return "<result>";
        foreach (var (key, value) in ResultFields(config, trace))
        {
            var tag = key.ToLowerInvariant();
            yield return $"<{tag}>{E(value)}</{tag}>";
        }
        yield return "</result>";
    }

    private static string E(string text) => SecurityElement.Escape(text);

    private static string N(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
