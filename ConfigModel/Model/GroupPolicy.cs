using System.Collections.Immutable;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary>An attribute set to a value, or explicitly to <c>none</c> (which stops inheritance).</summary>
public sealed record ValueOrNone<T>(T Value, bool IsNone = false)
{
    public static ValueOrNone<T> None { get; } = new(default!, true);
    public static ValueOrNone<T> Of(T value) => new(value);
}

/// <summary>
/// The VPN attributes a group-policy (and, for some of them, a username) sets (reference §4.6).
/// A null property is not set here and is inherited; an empty list or <see cref="ValueOrNone{T}.None"/>
/// is an explicit <c>none</c>.
/// </summary>
public sealed record PolicyAttributes
{
    public ImmutableList<string>? Banner { get; init; }
    public ImmutableList<Ipv4>? WinsServers { get; init; }
    public ImmutableList<Ipv4>? DnsServers { get; init; }
    public long? VpnSimultaneousLogins { get; init; }
    /// <summary>Minutes.</summary>
    public ValueOrNone<long>? VpnIdleTimeout { get; init; }
    /// <summary>Minutes.</summary>
    public ValueOrNone<long>? VpnSessionTimeout { get; init; }
    public ValueOrNone<string>? VpnFilter { get; init; }
    /// <summary>9.x names (<c>ikev1</c>, <c>ssl-client</c>, ...): 8.3 names are read as these.</summary>
    public ImmutableList<string>? VpnTunnelProtocols { get; init; }
    public bool? PasswordStorage { get; init; }
    /// <summary>The only tunnel-group the users may connect through.</summary>
    public ValueOrNone<string>? GroupLock { get; init; }
    public bool? Pfs { get; init; }
    public string? SplitTunnelPolicy { get; init; }
    public ValueOrNone<string>? SplitTunnelNetworkList { get; init; }
    public ValueOrNone<string>? DefaultDomain { get; init; }
    public ImmutableList<string>? SplitDns { get; init; }
    /// <summary>Server addresses, or one of <c>clear-client-config</c> / <c>keep-client-config</c>.</summary>
    public ImmutableList<string>? BackupServers { get; init; }
    public ImmutableList<string>? AddressPools { get; init; }
    /// <summary><c>vpn-access-hours value TR</c>: the <c>time-range</c> a login must fall in; <c>none</c> for any time.</summary>
    public ValueOrNone<string>? VpnAccessHours { get; init; }
    /// <summary><c>nem enable</c>: hardware clients may bring their own network (network extension mode).</summary>
    public bool? Nem { get; init; }
    /// <summary><c>ipsec-udp enable</c>: Cisco's IPsec over UDP (ESP in UDP on <see cref="IpsecUdpPort"/>, no NAT-T).</summary>
    public bool? IpsecUdp { get; init; }
    public long? IpsecUdpPort { get; init; }

    /// <summary>The port of <c>ipsec-udp-port</c> when not set (reference §4.6).</summary>
    public const long DefaultIpsecUdpPort = 10000;

    public static PolicyAttributes Empty { get; } = new();

    /// <summary>
    /// The values of a factory-fresh DfltGrpPolicy (reference §4.6, from the 7.2/8.x DfltGrpPolicy
    /// dump). The 9.x <c>vpn-tunnel-protocol</c> default is [M].
    /// </summary>
    public static PolicyAttributes AsaDefaults { get; } = new()
    {
        Banner = [],
        WinsServers = [],
        DnsServers = [],
        VpnSimultaneousLogins = 3,
        VpnIdleTimeout = ValueOrNone<long>.Of(30),
        VpnSessionTimeout = ValueOrNone<long>.None,
        VpnFilter = ValueOrNone<string>.None,
        VpnTunnelProtocols = ["ikev1", "ikev2", "l2tp-ipsec", "ssl-client", "ssl-clientless"], // [M]
        PasswordStorage = false,
        GroupLock = ValueOrNone<string>.None,
        Pfs = false,
        SplitTunnelPolicy = "tunnelall",
        SplitTunnelNetworkList = ValueOrNone<string>.None,
        DefaultDomain = ValueOrNone<string>.None,
        SplitDns = [],
        BackupServers = ["keep-client-config"],
        AddressPools = [],
        VpnAccessHours = ValueOrNone<string>.None,
        Nem = false,
        IpsecUdp = false,
        IpsecUdpPort = DefaultIpsecUdpPort,
    };

    public bool IsEmpty => Lines().FirstOrDefault() == default;

    /// <summary>This set, with what it does not set taken from <paramref name="lower"/>.</summary>
    public PolicyAttributes Over(PolicyAttributes lower) => new()
    {
        Banner = Banner ?? lower.Banner,
        WinsServers = WinsServers ?? lower.WinsServers,
        DnsServers = DnsServers ?? lower.DnsServers,
        VpnSimultaneousLogins = VpnSimultaneousLogins ?? lower.VpnSimultaneousLogins,
        VpnIdleTimeout = VpnIdleTimeout ?? lower.VpnIdleTimeout,
        VpnSessionTimeout = VpnSessionTimeout ?? lower.VpnSessionTimeout,
        VpnFilter = VpnFilter ?? lower.VpnFilter,
        VpnTunnelProtocols = VpnTunnelProtocols ?? lower.VpnTunnelProtocols,
        PasswordStorage = PasswordStorage ?? lower.PasswordStorage,
        GroupLock = GroupLock ?? lower.GroupLock,
        Pfs = Pfs ?? lower.Pfs,
        SplitTunnelPolicy = SplitTunnelPolicy ?? lower.SplitTunnelPolicy,
        SplitTunnelNetworkList = SplitTunnelNetworkList ?? lower.SplitTunnelNetworkList,
        DefaultDomain = DefaultDomain ?? lower.DefaultDomain,
        SplitDns = SplitDns ?? lower.SplitDns,
        BackupServers = BackupServers ?? lower.BackupServers,
        AddressPools = AddressPools ?? lower.AddressPools,
        VpnAccessHours = VpnAccessHours ?? lower.VpnAccessHours,
        Nem = Nem ?? lower.Nem,
        IpsecUdp = IpsecUdp ?? lower.IpsecUdp,
        IpsecUdpPort = IpsecUdpPort ?? lower.IpsecUdpPort,
    };

    /// <summary>The show-run lines of the set attributes (without indent), each with the attribute's command word.</summary>
    public IEnumerable<(string Name, string Text)> Lines()
    {
        if (Banner is { } banner)
        {
            if (banner.IsEmpty) yield return ("banner", "banner none");
            foreach (var line in banner) yield return ("banner", $"banner value {line}");
        }
        if (WinsServers is { } wins) yield return ("wins-server", ValueList("wins-server", wins));
        if (VpnAccessHours is { } hours) yield return ("vpn-access-hours", ValueOrNoneLine("vpn-access-hours", hours));
        if (DnsServers is { } dns) yield return ("dns-server", ValueList("dns-server", dns));
        if (VpnSimultaneousLogins is { } logins) yield return ("vpn-simultaneous-logins", $"vpn-simultaneous-logins {logins}");
        if (VpnIdleTimeout is { } idle) yield return ("vpn-idle-timeout", $"vpn-idle-timeout {(idle.IsNone ? "none" : idle.Value)}");
        if (VpnSessionTimeout is { } session) yield return ("vpn-session-timeout", $"vpn-session-timeout {(session.IsNone ? "none" : session.Value)}");
        if (VpnFilter is { } filter) yield return ("vpn-filter", ValueOrNoneLine("vpn-filter", filter));
        if (VpnTunnelProtocols is { } protocols) yield return ("vpn-tunnel-protocol", $"vpn-tunnel-protocol {string.Join(' ', protocols)}");
        if (PasswordStorage is { } storage) yield return ("password-storage", $"password-storage {EnableDisable(storage)}");
        if (GroupLock is { } groupLock) yield return ("group-lock", ValueOrNoneLine("group-lock", groupLock));
        if (Pfs is { } pfs) yield return ("pfs", $"pfs {EnableDisable(pfs)}");
        if (IpsecUdp is { } udp) yield return ("ipsec-udp", $"ipsec-udp {EnableDisable(udp)}");
        if (IpsecUdpPort is { } port) yield return ("ipsec-udp-port", $"ipsec-udp-port {port}");
        if (SplitTunnelPolicy is { } policy) yield return ("split-tunnel-policy", $"split-tunnel-policy {policy}");
        if (SplitTunnelNetworkList is { } list) yield return ("split-tunnel-network-list", ValueOrNoneLine("split-tunnel-network-list", list));
        if (DefaultDomain is { } domain) yield return ("default-domain", ValueOrNoneLine("default-domain", domain));
        if (SplitDns is { } splitDns) yield return ("split-dns", ValueList("split-dns", splitDns));
        if (Nem is { } nem) yield return ("nem", $"nem {EnableDisable(nem)}");
        if (BackupServers is { } backup) yield return ("backup-servers", $"backup-servers {string.Join(' ', backup)}");
        if (AddressPools is { } pools) yield return ("address-pools", ValueList("address-pools", pools));
    }

    private static string EnableDisable(bool on) => on ? "enable" : "disable";

    private static string ValueList<T>(string name, ImmutableList<T> values) =>
        values.IsEmpty ? $"{name} none" : $"{name} value {string.Join(' ', values)}";

    private static string ValueOrNoneLine(string name, ValueOrNone<string> v) => v.IsNone ? $"{name} none" : $"{name} value {v.Value}";
}

/// <summary>
/// <c>group-policy NAME internal|external ...</c> and its <c>attributes</c> sub-mode (reference §4.6).
/// The built-in DfltGrpPolicy exists from the factory; it shows no <c>internal</c> line and only the
/// attributes changed from the ASA's defaults.
/// </summary>
public sealed record GroupPolicy(string Name) : ConfigItem, IRendered
{
    public const string DefaultName = "DfltGrpPolicy";

    public bool BuiltIn => Name == DefaultName;
    /// <summary>For an external policy: the AAA server group it is fetched from, and its password.</summary>
    public string? ExternalServerGroup { get; init; }
    public string? ExternalPassword { get; init; }
    public PolicyAttributes Attributes { get; init; } = PolicyAttributes.Empty;
    public ImmutableList<ExtraLine> Extras { get; init; } = [];

    public override string Key => Name;

    /// <summary>
    /// Show-run order inside <c>group-policy X attributes</c>: reference §4.6, the batfish webvpn
    /// capture, and the order of the 8.x <c>show run all group-policy DfltGrpPolicy</c> dump [M for
    /// the lines between the ones seen].
    /// </summary>
    public static readonly AttributeOrder Ranks = new AttributeOrder()
        .Kept("description", 5)
        .Modelled("banner", 10)
        .Modelled("wins-server", 20)
        .Modelled("dns-server", 30)
        .Kept("dhcp-network-scope", 33)
        .Modelled("vpn-access-hours", 36)
        .Modelled("vpn-simultaneous-logins", 40)
        .Modelled("vpn-idle-timeout", 50)
        .Kept("vpn-idle-timeout alert-interval", 51)
        .Modelled("vpn-session-timeout", 60)
        .Kept("vpn-session-timeout alert-interval", 61)
        .Modelled("vpn-filter", 70)
        .Kept("ipv6-vpn-filter", 75)
        .Modelled("vpn-tunnel-protocol", 80)
        .Modelled("password-storage", 90)
        .Kept("ip-comp", 92)
        .Kept("re-xauth", 94)
        .Modelled("group-lock", 100)
        .Modelled("pfs", 105)
        .Modelled("ipsec-udp", 107)
        .Modelled("ipsec-udp-port", 108)
        .Modelled("split-tunnel-policy", 110)
        .Kept("ipv6-split-tunnel-policy", 115)
        .Modelled("split-tunnel-network-list", 120)
        .Kept("ipv6-split-tunnel-network-list", 125)
        .Modelled("default-domain", 130)
        .Modelled("split-dns", 140)
        .Kept("split-tunnel-all-dns", 145)
        .Kept("intercept-dhcp", 150)
        .Kept("secure-unit-authentication", 152)
        .Kept("user-authentication", 154)
        .Kept("user-authentication-idle-timeout", 156)
        .Kept("ip-phone-bypass", 158)
        .Kept("client-bypass-protocol", 160)
        .Kept("gateway-fqdn", 162)
        .Kept("leap-bypass", 164)
        .Modelled("nem", 166)
        .Modelled("backup-servers", 170)
        .Kept("msie-proxy", 180)
        .Kept("vlan", 185)
        .Kept("nac-settings", 188)
        .Modelled("address-pools", 190)
        .Kept("ipv6-address-pools", 195)
        .Kept("smartcard-removal-disconnect", 200)
        .Kept("scep-forwarding-url", 205)
        .Kept("client-firewall", 210)
        .Kept("client-access-rule", 215)
        .Kept("security-group-tag", 217)
        .Kept("anyconnect", 218)
        .Kept("webvpn", 220);

    public IEnumerable<string> Render(RenderContext c)
    {
        if (BuiltIn && c.ShowDefaults)
        {
            // show running-config all: DfltGrpPolicy with every attribute, its changes over the ASA's defaults.
            yield return $"group-policy {Name} internal";
            var all = Attributes.Over(PolicyAttributes.AsaDefaults).Lines().Select(l => (Ranks.RankOf(l.Name), " " + l.Text));
            foreach (var line in SubModeLines.Merge($"group-policy {Name} attributes", all, Extras))
                yield return line;
            yield break;
        }
        if (!BuiltIn)
            yield return ExternalServerGroup is null
                ? $"group-policy {Name} internal"
                : $"group-policy {Name} external server-group {ExternalServerGroup}"
                  + (ExternalPassword is null ? "" : $" password {c.Secret(ExternalPassword)}");
        var defaults = BuiltIn ? PolicyAttributes.AsaDefaults.Lines().Select(l => l.Text).ToHashSet() : [];
        var attributes = Attributes.Lines().Where(l => !defaults.Contains(l.Text))
            .Select(l => (Ranks.RankOf(l.Name), " " + l.Text)).ToList();
        if (attributes.Count == 0 && Extras.IsEmpty) yield break;
        foreach (var line in SubModeLines.Merge($"group-policy {Name} attributes", attributes, Extras))
            yield return line;
    }
}
