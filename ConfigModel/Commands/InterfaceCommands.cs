using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>interface NAME</c> and its sub-mode (reference §4.2), and the global <c>mtu</c> line.
/// Unmodelled interface commands (speed, duplex, vlan, ipv6, ...) are kept in place.
/// </summary>
public sealed class InterfaceCommands : ICommandArea
{
    /// <summary>Hardware names the ASA accepts abbreviated (<c>int g0/0</c>).</summary>
    private static readonly string[] HardwareTypes =
        ["GigabitEthernet", "TenGigabitEthernet", "Management", "Ethernet", "Port-channel", "Redundant", "Vlan", "BVI", "Tunnel", "Internal-Data"];

    private static readonly string[] KeptCommands =
    [
        "speed", "duplex", "vlan", "ipv6", "ospf", "channel-group", "member-interface", "pppoe", "mac-address",
        "flowcontrol", "lacp", "port-channel", "switchport", "igmp", "pim", "eigrp", "rip", "authentication", "delay",
        "dhcp", "dhcprelay", "zone-member", "nve-only", "bfd", "policy-route", "vrf", "ip", "no",
    ];

    /// <summary>The <c>?</c> help of the interface sub-mode's keywords [M wording].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["nameif"] = "Assign name to interface",
        ["security-level"] = "Specify the security level of this interface",
        ["ip"] = "Configure the interface IP address",
        ["address"] = "Configure the IP address",
        ["dhcp"] = "Obtain the IP address with DHCP",
        ["pppoe"] = "Obtain the IP address with PPPoE",
        ["setroute"] = "Also install the default route it learns",
        ["standby"] = "Specify the standby IP address for failover",
        ["shutdown"] = "Shutdown the selected interface",
        ["description"] = "Interface specific description",
        ["management-only"] = "Dedicate an interface to management traffic only",
    };

    public void Register(ConfigGrammar g)
    {
        var global = g.Tree(ModeKind.Global);
        global.Add("interface <word:name>", EnterInterface, noHandler: c =>
            c.Config.Get<Interface>(Canonical(c.Args.Str("name"))) is { } old ? c.Done(Store(c.Config, old, null)) : c.Unchanged());
        global.Add("mtu <nameif:if> <64-9198:bytes>", SetMtu, noPrefix: 2, noHandler: c => ResetMtu(c));

        var t = g.Tree(ModeKind.Interface);
        t.Add("nameif <nameif:name>", SetNameIf, noPrefix: 1, noHandler: c => Edit(c, i => i with { NameIf = null, SecurityLevel = null, Mtu = Interface.DefaultMtu }), help: Help);
        t.Add("security-level <0-100:level>", c => Edit(c, i => i with { SecurityLevel = (int)c.Args.Num("level") }),
            noPrefix: 1, noHandler: c => Edit(c, i => i with { SecurityLevel = null }), help: Help);
        t.Add("ip address <ip:address> <mask:mask> [standby <ip:standby>]", SetAddress,
            noPrefix: 2, noHandler: c => Edit(c, i => i with { Ip = null }), help: Help);
        t.Add("ip address (dhcp|pppoe):method [setroute]", c => Edit(c, i => i with
        {
            Ip = new InterfaceAddress(Ipv4.Any, Ipv4.Any, null, Learned: true, c.Args.Has("setroute"), Pppoe: c.Args.Str("method") == "pppoe"),
        }), help: Help);
        t.Add("shutdown", c => Edit(c, i => i with { Shutdown = true }), noHandler: c => Edit(c, i => i with { Shutdown = false }), help: Help);
        t.Add("description <line:text>", c => Edit(c, i => i with { Description = c.Args.Str("text") }),
            noPrefix: 1, noHandler: c => Edit(c, i => i with { Description = null }), help: Help);
        t.Add("management-only", c => Edit(c, i => i with { ManagementOnly = true }), noHandler: c => Edit(c, i => i with { ManagementOnly = false }), help: Help);

        g.KeepExtras(ModeKind.Interface, KeptCommands, (config, mode, text, child, source, previous) =>
        {
            if (config.Get<Interface>(mode.Key) is not { } i) return null;
            if (child) return config.With(i with { Extras = ExtraLine.AddChild(i.Extras, text) }); // nameif unchanged
            var (next, seq) = config.NewSeq();
            return next.With((i with { Extras = ExtraLine.Add(i.Extras, Interface.RankOf(previous), seq, text) }).WithSource(source));
        });
    }

    /// <summary>Stores an interface and keeps the interface index in step with it.</summary>
    private static AsaConfig Store(AsaConfig config, Interface? old, Interface? updated)
    {
        var index = config.Get<InterfaceIndex>() ?? new InterfaceIndex();
        config = updated is null ? config.Without<Interface>(old!.Name) : config.With(updated);
        var placed = config.LastPlaced;
        var next = index.Replace(old, updated);
        if (next.ByNameIf == index.ByNameIf && next.ByNetwork == index.ByNetwork) return config;
        return config.With(next).Placed(placed);
    }

    /// <summary>Expands an abbreviated hardware name: <c>g0/0</c> → <c>GigabitEthernet0/0</c>.</summary>
    public static string Canonical(string name)
    {
        var split = name.IndexOfAny("0123456789".ToCharArray());
        if (split <= 0) return name;
        var prefix = name[..split];
        var matches = HardwareTypes.Where(h => h.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        var exact = matches.FirstOrDefault(h => h.Equals(prefix, StringComparison.OrdinalIgnoreCase));
        return (exact ?? (matches.Count == 1 ? matches[0] : null)) is { } full ? full + name[split..] : name;
    }

    private static CommandOutcome EnterInterface(ConfigCommand c)
    {
        var name = Canonical(c.Args.Str("name"));
        var config = c.Config.Get<Interface>(name) is null
            ? c.Config.Upsert(name, Sections.Interface, order => new Interface(name) { Order = order }, i => i, c.Source)
            : c.Config;
        return c.Enter(config, new ConfigMode(ModeKind.Interface, name));
    }

    private static CommandOutcome Edit(ConfigCommand c, Func<Interface, Interface> change)
    {
        var i = c.Config.Get<Interface>(c.Mode.Key);
        return i is null ? c.Error("Interface does not exist") : c.Done(Store(c.Config, i, (Interface)change(i).WithSource(c.Source)));
    }

    private static CommandOutcome SetNameIf(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var other = c.Config.InterfaceNamed(name);
        if (other is not null && other.Name != c.Mode.Key)
            return c.Error($"Name \"{name}\" is already in use by interface {other.Name}"); // [M] wording
        var i = c.Config.Get<Interface>(c.Mode.Key)!;
        if (i.NameIf == name) return c.Unchanged();
        // The ASA gives "inside" security 100 and every other name 0, and says so.
        var level = name == "inside" ? 100 : 0;
        var outcome = Edit(c, x => x with { NameIf = name, SecurityLevel = x.SecurityLevel ?? level });
        return i.SecurityLevel is null
            ? outcome with { Messages = [new Diagnostic(Severity.Info, $"Security level for \"{name}\" set to {level} by default.")] }
            : outcome;
    }

    private static CommandOutcome SetAddress(ConfigCommand c)
    {
        var address = c.Args.Ip("address");
        var mask = c.Args.Ip("mask");
        var network = address.And(mask);
        if (mask.PrefixLength < 31 && (address == network || address.Value == (network.Value | ~mask.Value)))
            return c.Error($"{address}: invalid IP address"); // [M] wording
        // [M] The ASA refuses an address on a network another interface is already connected to.
        if (c.Config.Get<InterfaceIndex>()?.ByNetwork.TryGetValue(network, out var owner) == true && owner != c.Mode.Key)
            return c.Error($"This address conflicts with another interface's address"); // [M] wording
        return Edit(c, i => i with { Ip = new InterfaceAddress(address, mask, c.Args.OptIp("standby")) });
    }

    private static CommandOutcome SetMtu(ConfigCommand c)
    {
        var i = c.Config.InterfaceNamed(c.Args.Str("if"));
        if (i is null) return c.Error($"Interface name \"{c.Args.Str("if")}\" not found"); // [M] wording
        return c.Done(Store(c.Config, i, i with { Mtu = c.Args.Num("bytes") }));
    }

    private static CommandOutcome ResetMtu(ConfigCommand c)
    {
        var i = c.Config.InterfaceNamed(c.Args.Str("if"));
        return i is null ? c.Unchanged() : c.Done(Store(c.Config, i, i with { Mtu = Interface.DefaultMtu }));
    }
}
