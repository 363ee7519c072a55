using System.Collections.Immutable;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary>How a server marked FAILED comes back (<c>reactivation-mode</c>).</summary>
public enum ReactivationMode
{
    /// <summary>The failed servers come back only once every server of the group has failed, <c>deadtime</c> minutes after the last one.</summary>
    Depletion,
    /// <summary>A failed server comes back 30 seconds after it failed.</summary>
    Timed,
}

/// <summary>
/// One server of an <see cref="AaaServerGroup"/>: <c>aaa-server NAME [(IF)] host ADDR [KEY] [timeout N]</c> and
/// its <c>config-aaa-server-host</c> sub-mode. Null settings are the ASA's defaults (the constants below, from
/// the ASA command reference [C]); the ASA sends to the server from the address of the interface named in
/// parentheses.
/// </summary>
/// <param name="Address">The server as typed: an IPv4 address or a host name.</param>
/// <param name="Interface">The nameif the server is reached through, or null when not given.</param>
public sealed record AaaServerHost(string Address, string? Interface)
{
    public const int DefaultTimeout = 10, MinTimeout = 1, MaxTimeout = 300;
    public const int DefaultRetryInterval = 10, MinRetryInterval = 1, MaxRetryInterval = 10;
    public const int DefaultAuthenticationPort = 1645, DefaultAccountingPort = 1646;

    /// <summary>The shared secret (<c>key</c>, or the word after the address); shown masked.</summary>
    public string? Key { get; init; }
    public int? Timeout { get; init; }
    public int? RetryInterval { get; init; }
    public int? AuthenticationPort { get; init; }
    public int? AccountingPort { get; init; }
    /// <summary><c>server-port</c>: the port of a TACACS+, LDAP, SDI, Kerberos or NT server.</summary>
    public int? ServerPort { get; init; }
    /// <summary>The sub-mode lines AsaEmu keeps without emulating (LDAP, SDI, Kerberos settings, ...).</summary>
    public ImmutableList<ExtraLine> Extras { get; init; } = [];
    public ImmutableList<SourceRef> Sources { get; init; } = [];

    public int EffectiveTimeout => Timeout ?? DefaultTimeout;
    public int EffectiveRetryInterval => RetryInterval ?? DefaultRetryInterval;
    public int EffectiveAuthenticationPort => AuthenticationPort ?? DefaultAuthenticationPort;
    public int EffectiveAccountingPort => AccountingPort ?? DefaultAccountingPort;

    /// <summary>The server's IPv4 address, or null when it was given by name.</summary>
    public Ipv4? Ip => Ipv4.TryParse(Address, out var ip) ? ip : null;

    /// <summary>The head line without its sub-mode: <c>aaa-server NAME (inside) host 10.1.1.10</c>.</summary>
    public string Head(string group) => $"aaa-server {group}{(Interface is null ? "" : $" ({Interface})")} host {Address}";

    /// <summary>
    /// Sub-mode order [M, but for timeout before key, server-port before key and key before the ports, seen in
    /// device captures]: kept lines take their place from it.
    /// </summary>
    public static readonly AttributeOrder Ranks = new AttributeOrder()
        .Modelled("timeout", 10)
        .Modelled("retry-interval", 20)
        .Modelled("server-port", 30)
        .Modelled("key", 40)
        .Kept("radius-common-pw", 50)
        .Modelled("authentication-port", 60)
        .Modelled("accounting-port", 70)
        .Kept("acl-netmask-convert", 80)
        .Kept("mschapv2-capable", 85)
        .Kept("ldap-base-dn", 100)
        .Kept("ldap-group-base-dn", 105)
        .Kept("ldap-scope", 110)
        .Kept("ldap-naming-attribute", 120)
        .Kept("ldap-login-password", 130)
        .Kept("ldap-login-dn", 140)
        .Kept("ldap-over-ssl", 150)
        .Kept("sasl-mechanism", 160)
        .Kept("server-type", 170)
        .Kept("ldap-attribute-map", 180)
        .Kept("group-search-timeout", 190)
        .Kept("kerberos-realm", 200)
        .Kept("nt-auth-domain-controller", 210)
        .Kept("sdi-version", 220)
        .Kept("start-url", 230)
        .Kept("action-uri", 240)
        .Kept("user-parameter", 250)
        .Kept("password-parameter", 260)
        .Kept("hidden-parameter", 270)
        .Kept("auth-cookie-name", 280);

    /// <summary>The host's lines; with <paramref name="all"/> (<c>show running-config all</c>) its defaults too [M].</summary>
    public IEnumerable<string> Render(string group, string? protocol, RenderContext c, bool all)
    {
        var radius = protocol == AaaServerGroup.Radius;
        var attributes = new List<(int, string)>();
        void Add(string name, int? value, int fallback, bool applies = true)
        {
            if (value is { } v && (all || v != fallback)) attributes.Add((Ranks.RankOf(name), $" {name} {v}"));
            else if (all && applies) attributes.Add((Ranks.RankOf(name), $" {name} {fallback}"));
        }
        Add("timeout", Timeout, DefaultTimeout);
        Add("retry-interval", RetryInterval, DefaultRetryInterval, radius);
        if (ServerPort is { } port) attributes.Add((Ranks.RankOf("server-port"), $" server-port {port}"));
        if (Key is not null) attributes.Add((Ranks.RankOf("key"), $" key {c.Secret(Key)}"));
        Add("authentication-port", AuthenticationPort, DefaultAuthenticationPort, radius);
        Add("accounting-port", AccountingPort, DefaultAccountingPort, radius);
        return SubModeLines.Merge(Head(group), attributes, Extras);
    }
}

/// <summary>
/// <c>aaa-server NAME protocol P</c> (reference §4.1), its <c>config-aaa-server-group</c> sub-mode and its
/// servers, printed together as the ASA prints them: the group line and its settings, then each server with
/// its own. A group made by a server line alone (a config that never gave its protocol line) has no
/// protocol and prints no group line. Null settings are the ASA's defaults [C: command reference].
/// </summary>
public sealed record AaaServerGroup(string Name) : ConfigItem, IRendered
{
    public const string Radius = "radius";
    public const int DefaultMaxFailedAttempts = 3, MinMaxFailedAttempts = 1, MaxMaxFailedAttempts = 5;
    public const int DefaultDeadtime = 10, MaxDeadtime = 1440;
    /// <summary>Timed reactivation brings a failed server back this long after it failed [C: ASDM guide].</summary>
    public static readonly TimeSpan TimedReactivation = TimeSpan.FromSeconds(30);
    /// <summary>Servers a group holds at most in single mode [C: configuration guide].</summary>
    public const int MaxHosts = 16;
    /// <summary>Server groups at most in single mode [C: configuration guide].</summary>
    public const int MaxGroups = 100;

    public static readonly IReadOnlyList<string> Protocols = ["radius", "tacacs+", "ldap", "kerberos", "sdi", "nt", "http-form"];

    /// <summary><c>radius</c>, <c>tacacs+</c>, ...; null for a group known only from server lines.</summary>
    public string? Protocol { get; init; }
    public int? MaxFailedAttempts { get; init; }
    public ReactivationMode? Reactivation { get; init; }
    /// <summary>The <c>deadtime</c> of depletion mode, in minutes.</summary>
    public int? Deadtime { get; init; }
    /// <summary><c>single</c> (the default) or <c>simultaneous</c>.</summary>
    public string? AccountingMode { get; init; }
    public ImmutableList<ExtraLine> Extras { get; init; } = [];
    /// <summary>The servers in the order they were added: requests try them in this order.</summary>
    public ImmutableList<AaaServerHost> Hosts { get; init; } = [];

    public override string Key => Name;

    public int EffectiveMaxFailedAttempts => MaxFailedAttempts ?? DefaultMaxFailedAttempts;
    public ReactivationMode EffectiveReactivation => Reactivation ?? ReactivationMode.Depletion;
    public int EffectiveDeadtime => Deadtime ?? DefaultDeadtime;
    public bool SimultaneousAccounting => AccountingMode == "simultaneous";
    public bool IsRadius => Protocol == Radius;

    /// <summary>The server with this address (as typed), or null.</summary>
    public AaaServerHost? Host(string address) => Hosts.FirstOrDefault(h => string.Equals(h.Address, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>Group sub-mode order [M, but for reactivation-mode before max-failed-attempts, seen in a device capture].</summary>
    public static readonly AttributeOrder Ranks = new AttributeOrder()
        .Modelled("accounting-mode", 10)
        .Modelled("reactivation-mode", 20)
        .Modelled("max-failed-attempts", 30)
        .Kept("authorize-only", 40)
        .Kept("interim-accounting-update", 50)
        .Kept("merge-dacl", 60)
        .Kept("dynamic-authorization", 70)
        .Kept("active-directory-agent-mode", 80)
        .Kept("ad-agent-mode", 80)
        .Kept("sso-server-type", 90)
        .Kept("validate-reauth", 95)
        .Kept("user-identity", 97)
        .Kept("kerberos-realm", 98);

    public IEnumerable<string> Render(RenderContext c)
    {
        if (Protocol is not null)
        {
            var all = c.ShowDefaults;
            var accounting = Protocol is Radius or "tacacs+";
            var attributes = new List<(int, string)>();
            if (AccountingMode is { } mode && (all || mode != "single")) attributes.Add((Ranks.RankOf("accounting-mode"), $" accounting-mode {mode}"));
            else if (all && accounting) attributes.Add((Ranks.RankOf("accounting-mode"), " accounting-mode single"));
            if (Reactivation == ReactivationMode.Timed) attributes.Add((Ranks.RankOf("reactivation-mode"), " reactivation-mode timed"));
            else if (all || Deadtime is { } d && d != DefaultDeadtime)
                attributes.Add((Ranks.RankOf("reactivation-mode"), $" reactivation-mode depletion deadtime {EffectiveDeadtime}"));
            if (all || MaxFailedAttempts is { } m && m != DefaultMaxFailedAttempts)
                attributes.Add((Ranks.RankOf("max-failed-attempts"), $" max-failed-attempts {EffectiveMaxFailedAttempts}"));
            foreach (var line in SubModeLines.Merge($"aaa-server {Name} protocol {Protocol}", attributes, Extras)) yield return line;
        }
        foreach (var host in Hosts)
            foreach (var line in host.Render(Name, Protocol, c, c.ShowDefaults)) yield return line;
    }
}
