using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// The group-policy attribute commands (reference §4.6), registered into the group-policy sub-mode
/// and, for the ones a user can carry, into the username sub-mode.
/// </summary>
internal static class PolicyAttributeCommands
{
    /// <summary>Applies a change to the attributes of the object the mode edits.</summary>
    public delegate CommandOutcome Editor(ConfigCommand c, Func<PolicyAttributes, PolicyAttributes> change, Diagnostic[] notes);

    /// <summary>
    /// Hook: whether an access-list exists. ACLs are modelled elsewhere; by default any config item
    /// of a type named <c>AccessList</c> with that key counts, as does a kept <c>access-list NAME ...</c> line.
    /// </summary>
    public static Func<AsaConfig, string, bool> AclExists { get; set; } = (config, name) =>
        config.AllItems.Any(i => i.GetType().Name == "AccessList" && i.Key == name)
        || config.All<VerbatimBlock>().Any(b => b.Head.StartsWith($"access-list {name} ", StringComparison.Ordinal));

    /// <summary>The 9.x <c>vpn-tunnel-protocol</c> names.</summary>
    public static readonly string[] ProtocolNames = ["ikev1", "ikev2", "l2tp-ipsec", "ssl-client", "ssl-clientless"];

    /// <summary>
    /// 8.3 names, still read from old configs and shown by their 9.x name, as the ASA migrates them
    /// when it upgrades past 8.4 (reference §4.6).
    /// </summary>
    private static readonly Dictionary<string, string> Pre84ProtocolNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IPSec"] = "ikev1", ["svc"] = "ssl-client", ["webvpn"] = "ssl-clientless",
    };

    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["domain"] = ArgType.Word("WORD", "Default domain name", 63),
        ["acl"] = ArgType.Word("WORD", "Access-list name", 241),
    };

    public static readonly string[] UserAttributes =
    [
        "vpn-simultaneous-logins", "vpn-idle-timeout", "vpn-session-timeout", "vpn-filter", "vpn-tunnel-protocol", "password-storage",
        "group-lock", "vpn-access-hours",
    ];

    public static void Register(CommandTree<ConfigHandler> t, Editor edit, IReadOnlyCollection<string>? only = null)
    {
        void Add(string name, string spec, Func<ConfigCommand, Change> set, Func<PolicyAttributes, PolicyAttributes> clear)
        {
            if (only is not null && !only.Contains(name)) return;
            t.AddVpn(spec, c =>
                {
                    var change = set(c);
                    return change.Error is { } error ? c.Error(error) : edit(c, change.Apply!, change.Notes);
                },
                noPrefix: 1, noHandler: c => edit(c, clear, []), types: Types);
        }

        Add("banner", "banner value <line:text>",
            c => Set(a => a with { Banner = (a.Banner is { IsEmpty: false } b ? b : []).Add(c.Args.Str("text")) }), a => a with { Banner = null });
        Add("banner", "banner none", _ => Set(a => a with { Banner = [] }), a => a with { Banner = null });
        Add("wins-server", "wins-server value <ip:servers> [<ip:servers>]",
            c => Set(a => a with { WinsServers = [.. c.Args.All<Ipv4>("servers")] }), a => a with { WinsServers = null });
        Add("wins-server", "wins-server none", _ => Set(a => a with { WinsServers = [] }), a => a with { WinsServers = null });
        Add("dns-server", "dns-server value <ip:servers> [<ip:servers>]",
            c => Set(a => a with { DnsServers = [.. c.Args.All<Ipv4>("servers")] }), a => a with { DnsServers = null });
        Add("dns-server", "dns-server none", _ => Set(a => a with { DnsServers = [] }), a => a with { DnsServers = null });
        Add("vpn-simultaneous-logins", "vpn-simultaneous-logins <0-2147483647:count>",
            c => Set(a => a with { VpnSimultaneousLogins = c.Args.Num("count") }), a => a with { VpnSimultaneousLogins = null });
        Add("vpn-idle-timeout", "vpn-idle-timeout <1-35791394:minutes>",
            c => Set(a => a with { VpnIdleTimeout = ValueOrNone<long>.Of(c.Args.Num("minutes")) }), a => a with { VpnIdleTimeout = null });
        Add("vpn-idle-timeout", "vpn-idle-timeout none", _ => Set(a => a with { VpnIdleTimeout = ValueOrNone<long>.None }), a => a with { VpnIdleTimeout = null });
        Add("vpn-session-timeout", "vpn-session-timeout <1-35791394:minutes>",
            c => Set(a => a with { VpnSessionTimeout = ValueOrNone<long>.Of(c.Args.Num("minutes")) }), a => a with { VpnSessionTimeout = null });
        Add("vpn-session-timeout", "vpn-session-timeout none", _ => Set(a => a with { VpnSessionTimeout = ValueOrNone<long>.None }), a => a with { VpnSessionTimeout = null });
        Add("vpn-filter", "vpn-filter value <acl:acl>",
            c => Set(a => a with { VpnFilter = ValueOrNone<string>.Of(c.Args.Str("acl")) }, AclWarning(c)), a => a with { VpnFilter = null });
        Add("vpn-filter", "vpn-filter none", _ => Set(a => a with { VpnFilter = ValueOrNone<string>.None }), a => a with { VpnFilter = null });
        Add("vpn-tunnel-protocol", "vpn-tunnel-protocol <word:protocols>+", TunnelProtocols, a => a with { VpnTunnelProtocols = null });
        Add("password-storage", "password-storage (enable|disable):state",
            c => Set(a => a with { PasswordStorage = c.Args.Str("state") == "enable" }), a => a with { PasswordStorage = null });
        Add("group-lock", "group-lock value <word:group>",
            c => Set(a => a with { GroupLock = ValueOrNone<string>.Of(c.Args.Str("group")) }), a => a with { GroupLock = null });
        Add("group-lock", "group-lock none", _ => Set(a => a with { GroupLock = ValueOrNone<string>.None }), a => a with { GroupLock = null });
        Add("pfs", "pfs (enable|disable):state", c => Set(a => a with { Pfs = c.Args.Str("state") == "enable" }), a => a with { Pfs = null });
        Add("split-tunnel-policy", "split-tunnel-policy (tunnelall|tunnelspecified|excludespecified):policy",
            c => Set(a => a with { SplitTunnelPolicy = c.Args.Str("policy") }), a => a with { SplitTunnelPolicy = null });
        Add("split-tunnel-network-list", "split-tunnel-network-list value <acl:acl>",
            c => Set(a => a with { SplitTunnelNetworkList = ValueOrNone<string>.Of(c.Args.Str("acl")) }, AclWarning(c)),
            a => a with { SplitTunnelNetworkList = null });
        Add("split-tunnel-network-list", "split-tunnel-network-list none",
            _ => Set(a => a with { SplitTunnelNetworkList = ValueOrNone<string>.None }), a => a with { SplitTunnelNetworkList = null });
        Add("default-domain", "default-domain value <domain:name>",
            c => Set(a => a with { DefaultDomain = ValueOrNone<string>.Of(c.Args.Str("name")) }), a => a with { DefaultDomain = null });
        Add("default-domain", "default-domain none", _ => Set(a => a with { DefaultDomain = ValueOrNone<string>.None }), a => a with { DefaultDomain = null });
        Add("split-dns", "split-dns value <word:domains>+",
            c => Set(a => a with { SplitDns = [.. c.Args.All<string>("domains")] }), a => a with { SplitDns = null });
        Add("split-dns", "split-dns none", _ => Set(a => a with { SplitDns = [] }), a => a with { SplitDns = null });
        Add("backup-servers", "backup-servers <ip:servers>+", c =>
        {
            var servers = c.Args.All<Ipv4>("servers");
            return servers.Count > 10 ? Fail(VpnMessages.TooManyServers(10))
                : Set(a => a with { BackupServers = [.. servers.Select(s => s.ToString())] });
        }, a => a with { BackupServers = null });
        Add("backup-servers", "backup-servers (clear-client-config|keep-client-config):mode",
            c => Set(a => a with { BackupServers = [c.Args.Str("mode")] }), a => a with { BackupServers = null });
        Add("address-pools", "address-pools value <word:pools>+", c =>
        {
            var pools = c.Args.All<string>("pools");
            return pools.Count > 6 ? Fail(VpnMessages.TooManyPools(6)) : Set(a => a with { AddressPools = [.. pools] });
        }, a => a with { AddressPools = null });
        Add("vpn-access-hours", "vpn-access-hours value <word:range>",
            c => Set(a => a with { VpnAccessHours = ValueOrNone<string>.Of(c.Args.Str("range")) }, TimeRangeWarning(c)), a => a with { VpnAccessHours = null });
        Add("vpn-access-hours", "vpn-access-hours none", _ => Set(a => a with { VpnAccessHours = ValueOrNone<string>.None }), a => a with { VpnAccessHours = null });
        Add("nem", "nem (enable|disable):state", c => Set(a => a with { Nem = c.Args.Str("state") == "enable" }), a => a with { Nem = null });
        Add("ipsec-udp", "ipsec-udp (enable|disable):state", c => Set(a => a with { IpsecUdp = c.Args.Str("state") == "enable" }), a => a with { IpsecUdp = null });
        Add("ipsec-udp-port", "ipsec-udp-port <4001-49151:port>", c => c.Args.Num("port") == 4500
            ? Fail(VpnMessages.IpsecUdpPortReserved(4500))
            : Set(a => a with { IpsecUdpPort = c.Args.Num("port") }), a => a with { IpsecUdpPort = null });
        Add("address-pools", "address-pools none", _ => Set(a => a with { AddressPools = [] }), a => a with { AddressPools = null });
    }

    private sealed record Change(Func<PolicyAttributes, PolicyAttributes>? Apply, string? Error, Diagnostic[] Notes);

    private static Change Set(Func<PolicyAttributes, PolicyAttributes> apply, params Diagnostic[] notes) =>
        new(apply, null, notes.Where(n => n is not null).ToArray());

    private static Change Fail(string error) => new(null, error, []);

    private static Diagnostic AclWarning(ConfigCommand c) =>
        AclExists(c.Config, c.Args.Str("acl")) ? null! : new Diagnostic(Severity.Warning, VpnMessages.AccessListNotFound(c.Args.Str("acl")));

    private static Diagnostic TimeRangeWarning(ConfigCommand c) =>
        TimeRanges.Find(c.Config, c.Args.Str("range")) is not null ? null! : new Diagnostic(Severity.Warning, VpnMessages.TimeRangeNotFound(c.Args.Str("range")));

    private static Change TunnelProtocols(ConfigCommand c)
    {
        var chosen = new List<string>();
        foreach (var word in c.Args.All<string>("protocols"))
        {
            var name = ProtocolNames.FirstOrDefault(p => p.Equals(word, StringComparison.OrdinalIgnoreCase))
                ?? Pre84ProtocolNames.GetValueOrDefault(word);
            if (name is null) return Fail(VpnMessages.InvalidInput);
            if (!chosen.Contains(name)) chosen.Add(name);
        }
        return Set(a => a with { VpnTunnelProtocols = [.. chosen] });
    }
}
