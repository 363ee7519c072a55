using System.Collections.Immutable;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// What an AAA server's Access-Accept gave a session (the attributes the ASA honours [C: ASA RADIUS
/// attribute support]): Framed-IP-Address, the group policy its Class <c>OU=NAME</c> names, and
/// Session-Timeout / Idle-Timeout, which win over the policies' <c>vpn-session-timeout</c> and
/// <c>vpn-idle-timeout</c>. <see cref="FromServer"/> is false when the local database decided (LOCAL,
/// or the fallback of <c>authentication-server-group NAME LOCAL</c>): then the local user's attributes apply.
/// </summary>
public sealed record ServerAttributes(bool FromServer)
{
    public Ipv4? FramedIp { get; init; }
    public string? GroupPolicy { get; init; }
    public TimeSpan? SessionTimeout { get; init; }
    public TimeSpan? IdleTimeout { get; init; }
    /// <summary>Every Class attribute as received: accounting sends them back (RFC 2865 §5.25).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Classes { get; init; } = [];
}

/// <summary>
/// The VPN attributes that apply to one remote-access session, resolved as the ASA inherits them
/// (reference §4.6): the user's own attributes, then the user's <c>vpn-group-policy</c> (for a user an
/// AAA server authenticated: the group policy of its Class), then the tunnel-group's
/// <c>default-group-policy</c>, then DfltGrpPolicy, then the ASA's factory defaults. What Mode-Config
/// hands out (reference §5.3) is read from here.
/// </summary>
public sealed record EffectivePolicy
{
    /// <summary>The tunnel-group the session came in on (null when it does not exist).</summary>
    public string? TunnelGroup { get; init; }
    /// <summary>The group-policies consulted, most specific first (always ends with DfltGrpPolicy).</summary>
    public ImmutableList<string> PolicyChain { get; init; } = [];

    public ImmutableList<Ipv4> DnsServers { get; init; } = [];
    public ImmutableList<Ipv4> WinsServers { get; init; } = [];
    public string? DefaultDomain { get; init; }
    /// <summary><c>tunnelall</c>, <c>tunnelspecified</c> or <c>excludespecified</c>.</summary>
    public string SplitTunnelPolicy { get; init; } = "tunnelall";
    /// <summary>The ACL named by <c>split-tunnel-network-list</c>; null for <c>none</c>.</summary>
    public string? SplitTunnelNetworkList { get; init; }
    public ImmutableList<string> SplitDns { get; init; } = [];
    /// <summary><c>banner value</c> lines; UNITY_BANNER joins them with newlines.</summary>
    public ImmutableList<string> Banner { get; init; } = [];
    public bool PasswordStorage { get; init; }
    /// <summary>The only tunnel-group the user may come in through; null for <c>none</c>.</summary>
    public string? GroupLock { get; init; }
    public bool Pfs { get; init; }
    /// <summary>Minutes; null for <c>none</c>.</summary>
    public long? IdleTimeoutMinutes { get; init; }
    /// <summary>Minutes; null for <c>none</c>.</summary>
    public long? SessionTimeoutMinutes { get; init; }
    public long SimultaneousLogins { get; init; }
    public string? VpnFilter { get; init; }
    /// <summary>9.x names (<c>ikev1</c>, ...), as configured.</summary>
    public ImmutableList<string> TunnelProtocols { get; init; } = [];
    /// <summary>Server addresses, or <c>clear-client-config</c> / <c>keep-client-config</c>.</summary>
    public ImmutableList<string> BackupServers { get; init; } = [];
    /// <summary>The group-policy <c>address-pools</c> (they win over the tunnel-group's pools [M]).</summary>
    public ImmutableList<string> PolicyAddressPools { get; init; } = [];
    /// <summary>The tunnel-group's <c>address-pool</c> for every interface (or the interface asked for).</summary>
    public ImmutableList<string> TunnelGroupAddressPools { get; init; } = [];
    /// <summary><c>vpn-framed-ip-address</c> of the user: it wins over every pool.</summary>
    public Ipv4? FramedIp { get; init; }
    public Ipv4? FramedMask { get; init; }
    /// <summary>The <c>time-range</c> of <c>vpn-access-hours</c>; null for any time.</summary>
    public string? VpnAccessHours { get; init; }
    /// <summary><c>nem enable</c>: a hardware client may bring its own network.</summary>
    public bool Nem { get; init; }
    /// <summary><c>ipsec-udp enable</c>, and its port.</summary>
    public bool IpsecUdp { get; init; }
    public long IpsecUdpPort { get; init; } = PolicyAttributes.DefaultIpsecUdpPort;

    /// <summary>How long the session may last: the server's Session-Timeout, else <c>vpn-session-timeout</c>; null for no limit.</summary>
    public TimeSpan? SessionTimeout { get; init; }
    /// <summary>How long the session may carry nothing: the server's Idle-Timeout, else <c>vpn-idle-timeout</c>; null for no limit.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The pools to assign an address from: the policy's when it names any, else the tunnel-group's.</summary>
    public IReadOnlyList<string> AddressPools => PolicyAddressPools.IsEmpty ? TunnelGroupAddressPools : PolicyAddressPools;

    /// <summary>IKEv1 remote access is allowed: <c>ikev1</c> (which an 8.3 <c>IPSec</c> is read as) is in the protocols.</summary>
    public bool AllowsIkev1 => TunnelProtocols.Contains("ikev1");

    /// <summary>
    /// Resolves the attributes for <paramref name="username"/> (may be null before XAUTH) arriving
    /// on <paramref name="tunnelGroup"/> (may be null or unknown: then DfltGrpPolicy applies),
    /// optionally on interface <paramref name="nameIf"/> for per-interface pools, with what an AAA
    /// server said of the user (<paramref name="server"/>; its Class policy replaces the local user's).
    /// </summary>
    public static EffectivePolicy Resolve(AsaConfig config, string? tunnelGroup, string? username, string? nameIf = null,
        ServerAttributes? server = null)
    {
        var group = tunnelGroup is null ? null : config.Get<TunnelGroup>(tunnelGroup);
        // A user an AAA server authenticated is that server's: a local account of the same name lends nothing.
        var user = username is null || server is { FromServer: true } ? null : config.Get<Username>(username);
        var chain = new List<string>();
        var attributes = user?.Attributes ?? PolicyAttributes.Empty;

        void Consult(string? policyName)
        {
            if (policyName is null || chain.Contains(policyName)) return;
            if (config.Get<GroupPolicy>(policyName) is not { } policy) return;
            chain.Add(policyName);
            attributes = attributes.Over(policy.Attributes);
        }

        Consult(server?.GroupPolicy ?? user?.VpnGroupPolicy);
        Consult(group?.EffectiveDefaultGroupPolicy);
        Consult(GroupPolicy.DefaultName);
        var a = attributes.Over(PolicyAttributes.AsaDefaults);
        long? idleMinutes = a.VpnIdleTimeout is { IsNone: false } idle ? idle.Value : null;
        long? sessionMinutes = a.VpnSessionTimeout is { IsNone: false } session ? session.Value : null;

        return new EffectivePolicy
        {
            TunnelGroup = group?.Name,
            PolicyChain = [.. chain],
            DnsServers = a.DnsServers ?? [],
            WinsServers = a.WinsServers ?? [],
            DefaultDomain = Value(a.DefaultDomain),
            SplitTunnelPolicy = a.SplitTunnelPolicy ?? "tunnelall",
            SplitTunnelNetworkList = Value(a.SplitTunnelNetworkList),
            SplitDns = a.SplitDns ?? [],
            Banner = a.Banner ?? [],
            PasswordStorage = a.PasswordStorage ?? false,
            GroupLock = Value(a.GroupLock),
            Pfs = a.Pfs ?? false,
            IdleTimeoutMinutes = server?.IdleTimeout is { } serverIdle ? (long)Math.Ceiling(serverIdle.TotalMinutes) : idleMinutes,
            SessionTimeoutMinutes = server?.SessionTimeout is { } serverSession ? (long)Math.Ceiling(serverSession.TotalMinutes) : sessionMinutes,
            IdleTimeout = server?.IdleTimeout ?? (idleMinutes is { } im ? TimeSpan.FromMinutes(im) : null),
            SessionTimeout = server?.SessionTimeout ?? (sessionMinutes is { } sm ? TimeSpan.FromMinutes(sm) : null),
            SimultaneousLogins = a.VpnSimultaneousLogins ?? 3,
            VpnFilter = Value(a.VpnFilter),
            TunnelProtocols = a.VpnTunnelProtocols ?? [],
            BackupServers = a.BackupServers ?? [],
            PolicyAddressPools = a.AddressPools ?? [],
            TunnelGroupAddressPools = [.. group?.PoolsFor(nameIf) ?? []],
            FramedIp = server?.FramedIp ?? user?.FramedIp,
            FramedMask = server?.FramedIp is not null ? null : user?.FramedMask,
            VpnAccessHours = Value(a.VpnAccessHours),
            Nem = a.Nem ?? false,
            IpsecUdp = a.IpsecUdp ?? false,
            IpsecUdpPort = a.IpsecUdpPort ?? PolicyAttributes.DefaultIpsecUdpPort,
        };
    }

    private static string? Value(ValueOrNone<string>? v) => v is { IsNone: false } ? v.Value : null;
}
