using System.Globalization;
using System.Text;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Show commands read from the config snapshot (reference §3.5-§3.8): <c>show interface ip brief</c>,
/// <c>show nameif</c>, <c>show route</c>, <c>show ip local pool NAME</c>, <c>show access-list [NAME]</c>.
/// The VPN state (reverse routes, pool addresses in use) comes from <see cref="IVpnShowState"/>.
/// </summary>
public sealed class ShowNetworkCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["show"] = "Show running system information",
        ["interface"] = "Show interface status and information",
        ["ip"] = "Show IP information",
        ["brief"] = "Brief summary of IP status and configuration",
        ["nameif"] = "Show interface names and security levels",
        ["route"] = "Show the routing table",
        ["local"] = "Show local address pools",
        ["pool"] = "Show a local address pool",
        ["access-list"] = "Show hit counters for access policies",
        ["name"] = "Show the IP address to name mappings (name command)",
        ["names"] = "Show the IP address to name mappings (name command)",
        ["summary"] = "Summary of the routing table",
        ["arp"] = "Show the ARP table",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Everywhere, "show interface ip brief", c => Lines(c, InterfaceBrief(c.Appliance.Config, c.Appliance.BootConfig)), help: Help);
        g.Add(ExecScope.Everywhere, "show nameif", c => Lines(c, NameIf(c.Appliance.Config)), help: Help);
        g.Add(ExecScope.Everywhere, "show route", c => Lines(c, Route(c.Appliance.Config, c.Appliance.Vpn.ReverseRoutes(c.Appliance.Config))), help: Help);
        g.Add(ExecScope.Everywhere, "show route summary", c => Lines(c, RouteSummary(c.Appliance.Config, c.Appliance.Vpn.ReverseRoutes(c.Appliance.Config))), help: Help);
        g.Add(ExecScope.Everywhere, "show (names|name)", c => Lines(c, Names(c.Appliance.Config)), help: Help);
        // AsaEmu keeps no ARP cache of its own (the host does the neighbour resolution): an ASA that has resolved nothing prints nothing.
        g.Add(ExecScope.Everywhere, "show arp", _ => Task.CompletedTask, help: Help);
        g.Add(ExecScope.Everywhere, "show ip local pool <word:name>", c => Lines(c, Pool(c.Appliance.Config, c.Args.Str("name"), c.Appliance.Vpn)), help: Help);
        g.Add(ExecScope.Everywhere, "show access-list [<word:name>]", c => Lines(c, AccessLists(c.Appliance.Config, c.Args.OptStr("name"))), help: Help);
    }

    private static Task Lines(ExecContext c, IEnumerable<string> lines)
    {
        c.WriteLines(lines);
        return Task.CompletedTask;
    }

    // ---- show interface ip brief ------------------------------------------------------------------

    /// <summary>
    /// Columns: interface 27, address 16, <c>YES </c>, method 7, status 22, protocol 4. An ASAv's
    /// virtual NIC keeps its link when shut (<c>administratively down up</c>), and an address typed
    /// since boot shows <c>manual</c> [S: genieparser ShowInterfaceIpBrief golden_output2, an ASAv;
    /// an ASAv 9.7(1) lab transcript].
    /// </summary>
    public static IEnumerable<string> InterfaceBrief(AsaConfig config, AsaConfig? boot = null)
    {
        yield return "Interface                  IP-Address      OK? Method Status                Protocol";
        foreach (var i in config.All<Interface>())
        {
            var address = i.Ip is { Learned: false } ip ? ip.Address.ToString() : "unassigned";
            var method = ShowInterfaceCommands.Method(i, boot ?? config);
            var status = i.Shutdown ? "administratively down" : "up";
            yield return $"{i.Name,-27}{address,-16}YES {method,-7}{status,-22}{"up",-4}";
        }
    }

    // ---- show nameif -----------------------------------------------------------------------------

    /// <summary>printf <c>%-25s%-25s%3d</c>, named interfaces only.</summary>
    public static IEnumerable<string> NameIf(AsaConfig config)
    {
        yield return $"{"Interface",-25}{"Name",-25}Security";
        foreach (var i in config.All<Interface>())
            if (i.NameIf is { } name)
                yield return string.Create(CultureInfo.InvariantCulture, $"{i.Name,-25}{name,-25}{i.SecurityLevel ?? 0,3}");
    }

    // ---- show route --------------------------------------------------------------------------------

    public static readonly IReadOnlyList<string> RouteCodes =
    [
        "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
        "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ",
        "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
        "       E1 - OSPF external type 1, E2 - OSPF external type 2, V - VPN",
        "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
        "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
        "       o - ODR, P - periodic downloaded static route, + - replicated route",
    ];

    /// <summary>
    /// The widest "network mask" a VPN route keeps on one line: 24 characters stay
    /// (10.2.2.5 255.255.255.255), 26 wrap (10.2.2.132 255.255.255.255) [S: ntc-templates
    /// cisc_asa_show_route_vpn]; 25 is on the wrapping side [M].
    /// </summary>
    private const int VpnRouteWidth = 24;

    private sealed record RouteRow(Ipv4 Network, Ipv4 Mask, int Kind, string Code, IReadOnlyList<string> Tails);

    /// <summary>
    /// The 9.x routing table: connected (<c>C</c>) and local (<c>L</c>) routes of the named, up
    /// interfaces with an address, the static routes of the best metric per destination (<c>S</c>,
    /// <c>S*</c> for the default), and the VPN reverse routes (<c>V</c>), ordered by destination.
    /// </summary>
    public static IEnumerable<string> Route(AsaConfig config, IEnumerable<VpnRoute> vpn)
    {
        var rows = new List<RouteRow>();
        foreach (var i in config.All<Interface>())
        {
            if (i.NameIf is not { } name || i.Shutdown || i.Ip is not { Learned: false } ip) continue;
            rows.Add(new RouteRow(ip.Network, ip.Mask, 0, "C", [$"is directly connected, {name}"]));
            rows.Add(new RouteRow(ip.Address, Ipv4.HostMask, 1, "L", [$"is directly connected, {name}"]));
        }
        foreach (var group in config.All<StaticRoute>().GroupBy(r => (r.Network, r.Mask)))
        {
            var best = group.Min(r => r.Metric);
            var tails = group.Where(r => r.Metric == best)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"[{r.Metric}/0] via {r.Gateway}, {r.NameIf}")).ToList();
            rows.Add(new RouteRow(group.Key.Network, group.Key.Mask, 2, group.Key.Mask == Ipv4.Any ? "S*" : "S", tails));
        }
        foreach (var v in vpn)
            rows.Add(new RouteRow(v.Address, v.Mask, 3, "V", [$"connected by VPN (advertised), {v.NameIf}"]));

        yield return "";
        foreach (var line in RouteCodes) yield return line;
        var lastResort = config.All<StaticRoute>().Where(r => r.IsDefault).OrderBy(r => r.Metric).FirstOrDefault();
        yield return lastResort is null
            ? "Gateway of last resort is not set"
            : $"Gateway of last resort is {lastResort.Gateway} to network 0.0.0.0";
        yield return "";
        foreach (var row in rows.OrderBy(r => r.Network).ThenBy(r => r.Mask.PrefixLength).ThenBy(r => r.Kind))
        {
            var head = $"{row.Code,-9}{row.Network} {row.Mask} ";
            if (row.Code == "V" && head.Length - 10 > VpnRouteWidth)
            {
                // A long destination puts "connected by VPN" on a line of its own [S: ntc-templates cisc_asa_show_route_vpn].
                yield return head;
                yield return new string(' ', 11) + row.Tails[0];
                continue;
            }
            yield return head + row.Tails[0];
            foreach (var tail in row.Tails.Skip(1)) yield return new string(' ', head.Length) + tail;
        }
    }

    /// <summary>
    /// <c>show route summary</c> [S: an FTD's (the ASA's Lina) output quoted by the muninn parser for it: the
    /// maximum-paths line with no table-name line above it (IOS has one), the columns, 88 bytes of overhead and
    /// 296 of memory per connected or static route, internal with networks and memory only, the Total row; the
    /// blank line before it all from the raw FTD output in the parser's test fixture];
    /// connected counts the C and L routes; the internal row's figures are M.
    /// </summary>
    public static IEnumerable<string> RouteSummary(AsaConfig config, IEnumerable<VpnRoute> vpn)
    {
        var connected = config.All<Interface>().Count(i => i.NameIf is not null && !i.Shutdown && i.Ip is { Learned: false }) * 2;
        var statics = config.All<StaticRoute>().Select(r => (r.Network, r.Mask)).Distinct().Count();
        var vpnRoutes = vpn.Count();
        string Row(string source, int networks, int subnets) => string.Create(CultureInfo.InvariantCulture,
            $"{source,-16}{networks,-12}{subnets,-12}{0,-12}{(networks + subnets) * 88,-12}{(networks + subnets) * 296}");
        yield return "";
        yield return "IP routing table maximum-paths is 8";
        yield return "Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)";
        yield return Row("connected", 0, connected);
        yield return Row("static", statics, 0);
        if (vpnRoutes > 0) yield return Row("vpn", 0, vpnRoutes);
        var total = connected + statics + vpnRoutes;
        yield return string.Create(CultureInfo.InvariantCulture, $"{"internal",-16}{(total > 0 ? 1 : 0),-48}{(total > 0 ? 1200 : 0)}");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"{"Total",-16}{statics + (total > 0 ? 1 : 0),-12}{connected + vpnRoutes,-12}{0,-12}{total * 88,-12}{total * 296 + (total > 0 ? 1200 : 0)}");
    }

    // ---- show names ------------------------------------------------------------------------------

    /// <summary>The <c>name</c> entries as configured [S: ntc-templates cisco_asa_show_name].</summary>
    public static IEnumerable<string> Names(AsaConfig config) =>
        config.All<NameEntry>().Select(n => n.Description is null ? $"name {n.Address} {n.Name}" : $"name {n.Address} {n.Name} description {n.Description}");

    // ---- show ip local pool ------------------------------------------------------------------------

    public static IEnumerable<string> Pool(AsaConfig config, string name, IVpnShowState vpn)
    {
        if (config.Get<IpLocalPool>(name) is not { } pool)
        {
            yield return $"ERROR: Pool {name} does not exist";
            yield break;
        }
        var inUse = pool.Addresses.Where(vpn.InUse(name).Contains).ToList();
        var held = pool.Addresses.Where(vpn.Held(name).Contains).ToList();
        var taken = inUse.Concat(held).ToHashSet();
        var available = pool.Addresses.Where(a => !taken.Contains(a)).ToList();
        var mask = pool.Mask ?? NaturalMask(pool.First);
        yield return "Begin           End             Mask            Free     Held     In use";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"{pool.First,-16}{pool.Last,-16}{mask,-16}{available.Count,4}{held.Count,9}{inUse.Count,9}");
        yield return "";
        yield return "Available Addresses:";
        foreach (var a in available) yield return a.ToString();
        if (held.Count > 0)
        {
            yield return "Held Addresses:";
            foreach (var a in held) yield return a.ToString();
        }
        yield return "In Use Addresses:";
        foreach (var a in inUse) yield return a.ToString();
    }

    /// <summary>The classful mask of an address: what a pool without <c>mask</c> shows [M].</summary>
    public static Ipv4 NaturalMask(Ipv4 address) => (address.Value >> 24) switch
    {
        < 128 => Ipv4.MaskFromPrefix(8),
        < 192 => Ipv4.MaskFromPrefix(16),
        _ => Ipv4.MaskFromPrefix(24),
    };

    // ---- show access-list --------------------------------------------------------------------------

    public static IEnumerable<string> AccessLists(AsaConfig config, string? name)
    {
        var lists = config.All<AccessList>().Where(a => name is null || a.Name == name).ToList();
        yield return "access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)";
        yield return "            alert-interval 300";
        foreach (var acl in lists)
        {
            yield return $"access-list {acl.Name}; {acl.Aces.Count()} elements; name hash: 0x{Hash(acl.Name):x8}";
            var line = 0;
            foreach (var entry in acl.Entries)
            {
                line++;
                yield return entry is AclRemark
                    ? $"access-list {acl.Name} line {line} {entry.Text}"
                    : $"access-list {acl.Name} line {line} {entry.Text} (hitcnt=0) 0x{Hash(acl.Name + " " + entry.Text):x8}";
            }
        }
    }

    /// <summary>A stable 32-bit hash (FNV-1a) of a name or an entry's text: the same entry always shows the same value.</summary>
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }
}
