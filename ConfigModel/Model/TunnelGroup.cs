using System.Collections.Immutable;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary><c>address-pool [(IF)] POOL...</c>: the pools of a tunnel-group, for every interface or one.</summary>
public sealed record PoolAssignment(string? Interface, ImmutableList<string> Pools)
{
    public override string ToString() => (Interface is null ? "" : $"({Interface}) ") + string.Join(' ', Pools);
}

/// <summary><c>authentication-server-group [(IF)] GROUP [LOCAL]</c>.</summary>
public sealed record ServerGroupAssignment(string? Interface, string Group, bool LocalFallback)
{
    public bool IsDefault => Interface is null && Group == "LOCAL" && !LocalFallback;
    public override string ToString() => (Interface is null ? "" : $"({Interface}) ") + Group + (LocalFallback ? " LOCAL" : "");
}

/// <summary><c>ikev1 user-authentication [(IF)] none|xauth|hybrid</c>: whether XAUTH follows phase 1.</summary>
public sealed record UserAuthentication(string? Interface, string Mode)
{
    public override string ToString() => (Interface is null ? "" : $"({Interface}) ") + Mode;
}

/// <summary><c>isakmp keepalive threshold N retry M</c>, or <c>isakmp keepalive disable</c>.</summary>
public sealed record IsakmpKeepalive(bool Disabled, long Threshold, long Retry)
{
    public static readonly IsakmpKeepalive RemoteAccessDefault = new(false, 300, 2); // [M]
    public static readonly IsakmpKeepalive LanToLanDefault = new(false, 10, 2); // [M]

    public override string ToString() => Disabled ? "isakmp keepalive disable" : $"isakmp keepalive threshold {Threshold} retry {Retry}";
}

/// <summary>An unmodelled <c>tunnel-group NAME KIND-attributes</c> block (webvpn, ppp), kept verbatim.</summary>
public sealed record AttributeBlock(string Kind, ImmutableList<string> Lines);

/// <summary>
/// <c>tunnel-group NAME type ...</c> and its attribute blocks (reference §4.5, §3.10). Only
/// non-default attributes are shown; a block with nothing to show is not printed. The built-in
/// groups (DefaultRAGroup, DefaultL2LGroup, DefaultWEBVPNGroup) never show their <c>type</c> line.
/// Blocks print in the ASA's order: type, general, webvpn, ipsec, ppp.
/// </summary>
public sealed record TunnelGroup(string Name, string Type) : ConfigItem, IRendered
{
    public const string RemoteAccess = "remote-access", LanToLan = "ipsec-l2l", WebVpn = "webvpn";
    public const string DefaultRemoteAccess = "DefaultRAGroup", DefaultLanToLan = "DefaultL2LGroup", DefaultWebVpn = "DefaultWEBVPNGroup";

    public static readonly IReadOnlyList<(string Name, string Type)> BuiltIns =
        [(DefaultRemoteAccess, RemoteAccess), (DefaultLanToLan, LanToLan), (DefaultWebVpn, WebVpn)];

    public bool BuiltIn { get; init; }

    // general-attributes
    public ImmutableList<PoolAssignment> AddressPools { get; init; } = [];
    public ImmutableList<ServerGroupAssignment> AuthenticationServerGroups { get; init; } = [];
    /// <summary><c>accounting-server-group NAME</c>: where the sessions' accounting goes; null for none.</summary>
    public string? AccountingServerGroup { get; init; }
    /// <summary>Null means DfltGrpPolicy (the default, not shown).</summary>
    public string? DefaultGroupPolicy { get; init; }
    public ImmutableList<ExtraLine> GeneralExtras { get; init; } = [];

    // ipsec-attributes
    public string? PreSharedKey { get; init; }
    /// <summary><c>ikev2 local-authentication pre-shared-key</c>: the key this end proves itself with (RFC 7296 §2.15); null when not set.</summary>
    public Ikev2PreSharedKey? Ikev2LocalKey { get; init; }
    /// <summary><c>ikev2 remote-authentication pre-shared-key</c>: the key the peer must prove; null when not set.</summary>
    public Ikev2PreSharedKey? Ikev2RemoteKey { get; init; }
    /// <summary>Null means the default for the type.</summary>
    public IsakmpKeepalive? Keepalive { get; init; }
    /// <summary><c>req</c> (default), <c>cert</c> or <c>nocheck</c>; null when not set.</summary>
    public string? PeerIdValidate { get; init; }
    /// <summary>Per interface (or for every interface); default <c>xauth</c> for remote access [M].</summary>
    public ImmutableList<UserAuthentication> UserAuthentications { get; init; } = [];
    public ImmutableList<ExtraLine> IpsecExtras { get; init; } = [];

    /// <summary>webvpn-attributes, ppp-attributes, ... kept as loaded.</summary>
    public ImmutableList<AttributeBlock> OtherBlocks { get; init; } = [];

    public override string Key => Name;

    public string EffectiveDefaultGroupPolicy => DefaultGroupPolicy ?? GroupPolicy.DefaultName;
    public IsakmpKeepalive EffectiveKeepalive => Keepalive ?? DefaultKeepalive(Type);
    public string EffectivePeerIdValidate => PeerIdValidate ?? "req";

    /// <summary>The pools for clients arriving on <paramref name="nameIf"/>, else the pools for every interface.</summary>
    public IReadOnlyList<string> PoolsFor(string? nameIf) =>
        (AddressPools.FirstOrDefault(p => p.Interface is not null && p.Interface == nameIf)
         ?? AddressPools.FirstOrDefault(p => p.Interface is null))?.Pools ?? [];

    /// <summary>The <c>authentication-server-group</c> for clients arriving on <paramref name="nameIf"/> (default LOCAL).</summary>
    public ServerGroupAssignment AuthenticationServerGroupFor(string? nameIf) =>
        AuthenticationServerGroups.FirstOrDefault(g => g.Interface is not null && g.Interface == nameIf)
        ?? AuthenticationServerGroups.FirstOrDefault(g => g.Interface is null)
        ?? new ServerGroupAssignment(null, "LOCAL", false);

    /// <summary>
    /// <c>xauth</c>, <c>none</c> or <c>hybrid</c> for clients arriving on <paramref name="nameIf"/>: XAUTH is on
    /// by default for remote access and off for LAN-to-LAN (reference §4.5).
    /// </summary>
    public string UserAuthenticationFor(string? nameIf) =>
        (UserAuthentications.FirstOrDefault(u => u.Interface is not null && u.Interface == nameIf)
         ?? UserAuthentications.FirstOrDefault(u => u.Interface is null))?.Mode
        ?? (Type == LanToLan ? "none" : "xauth");

    public static IsakmpKeepalive DefaultKeepalive(string type) =>
        type == LanToLan ? IsakmpKeepalive.LanToLanDefault : IsakmpKeepalive.RemoteAccessDefault;

    /// <summary>general-attributes order, from the ntc-templates capture of a 9.x ASA [S]; the last three [M].</summary>
    public static readonly AttributeOrder GeneralRanks = new AttributeOrder()
        .Kept("dhcp-server", 10)
        .Kept("authorization-required", 20)
        .Kept("authorization-server-group", 30)
        .Modelled("accounting-server-group", 40)
        .Modelled("address-pool", 50)
        .Modelled("authentication-server-group", 60)
        .Kept("authentication-attr-from-server", 70)
        .Kept("authenticated-session-username", 80)
        .Modelled("default-group-policy", 90)
        .Kept("ipv6-address-pool", 100)
        .Kept("nat-assigned-to-public-ip", 110)
        .Kept("scep-enrollment", 120)
        .Kept("secondary-authentication-server-group", 130)
        .Kept("secondary-username-from-certificate", 140)
        .Kept("secondary-username-from-certificate-choice", 141)
        .Kept("username-from-certificate", 150)
        .Kept("username-from-certificate-choice", 151)
        .Kept("strip-group", 160)
        .Kept("strip-realm", 170)
        .Kept("password-management", 180)
        .Kept("override-account-disable", 185)
        .Kept("authorization-dn-attributes", 190);

    /// <summary>ipsec-attributes order, from the ntc-templates capture [S]; keepalive and the 8.3 spellings [M].</summary>
    public static readonly AttributeOrder IpsecRanks = new AttributeOrder()
        .Modelled("pre-shared-key", 10)
        .Modelled("ikev1 pre-shared-key", 10)
        .Kept("chain", 20)
        .Kept("ikev1 client-update", 25)
        .Kept("client-update", 25)
        .Kept("ikev1 trust-point", 30)
        .Respelled("trust-point", "ikev1 trust-point")
        .Modelled("isakmp keepalive", 35)
        .Modelled("ikev1 user-authentication", 40)
        .Modelled("isakmp ikev1-user-authentication", 40)
        .Kept("ikev2 local-authentication", 50)
        .Modelled("ikev2 local-authentication pre-shared-key", 51)
        .Kept("ikev2 remote-authentication", 55)
        .Modelled("ikev2 remote-authentication pre-shared-key", 56)
        .Kept("ikev2", 57)
        .Modelled("peer-id-validate", 60)
        .Kept("radius-with-expiry", 70)
        .Kept("radius-sdi-xauth", 75)
        .Kept("ikev1", 80)
        .Kept("isakmp", 80);

    /// <summary>The order of the unmodelled blocks relative to the modelled ones (general 10, ipsec 30).</summary>
    public static int BlockRank(string kind) => kind switch { "webvpn" => 20, "ppp" => 40, _ => 50 };

    public IEnumerable<string> Render(RenderContext c) => c.ShowDefaults ? RenderAll(c) : RenderSet(c);

    private IEnumerable<string> RenderSet(RenderContext c)
    {
        if (!BuiltIn) yield return $"tunnel-group {Name} type {Type}";
        var blocks = new List<(int Rank, IReadOnlyList<string> Lines)>
        {
            (10, GeneralLines().ToList()),
            (30, IpsecLines(c).ToList()),
        };
        blocks.AddRange(OtherBlocks.Select(b => (BlockRank(b.Kind), (IReadOnlyList<string>)b.Lines.Prepend($"tunnel-group {Name} {b.Kind}-attributes").ToList())));
        foreach (var block in blocks.OrderBy(b => b.Rank))
            if (block.Lines.Count > 1)
                foreach (var line in block.Lines) yield return line;
    }

    /// <summary>
    /// <c>show running-config all tunnel-group</c> (reference §3.10 [M]): the type line, then both
    /// attribute blocks with every attribute, defaults included; a kept line replaces the default of
    /// the attribute it sets.
    /// </summary>
    private IEnumerable<string> RenderAll(RenderContext c)
    {
        yield return $"tunnel-group {Name} type {Type}";
        var general = new List<(int, string)>();
        void General(string name, string line)
        {
            if (!Overridden(GeneralExtras, name)) general.Add((GeneralRanks.RankOf(name), line));
        }
        foreach (var pools in AddressPools) general.Add((GeneralRanks.RankOf("address-pool"), $" address-pool {pools}"));
        General("ipv6-address-pool", " no ipv6-address-pool");
        var servers = AuthenticationServerGroups.IsEmpty ? [new ServerGroupAssignment(null, "LOCAL", false)] : AuthenticationServerGroups;
        foreach (var group in servers) general.Add((GeneralRanks.RankOf("authentication-server-group"), $" authentication-server-group {group}"));
        general.Add((GeneralRanks.RankOf("accounting-server-group"),
            AccountingServerGroup is null ? " no accounting-server-group" : $" accounting-server-group {AccountingServerGroup}"));
        general.Add((GeneralRanks.RankOf("default-group-policy"), $" default-group-policy {EffectiveDefaultGroupPolicy}"));
        General("dhcp-server", " no dhcp-server");
        General("strip-realm", " no strip-realm");
        General("password-management", " no password-management");
        General("override-account-disable", " no override-account-disable");
        General("strip-group", " no strip-group");
        General("authorization-required", " no authorization-required");
        General("authorization-dn-attributes", " authorization-dn-attributes CN OU");
        foreach (var line in SubModeLines.Merge($"tunnel-group {Name} general-attributes", general, GeneralExtras)) yield return line;
        if (Type == WebVpn) yield break;

        var ipsec = new List<(int, string)>();
        void Ipsec(string name, string line)
        {
            if (!Overridden(IpsecExtras, name)) ipsec.Add((IpsecRanks.RankOf(name), line));
        }
        if (PreSharedKey is not null) ipsec.Add((IpsecRanks.RankOf("ikev1 pre-shared-key"), $" ikev1 pre-shared-key {c.Secret(PreSharedKey)}"));
        ipsec.AddRange(Ikev2KeyLines(c));
        ipsec.Add((IpsecRanks.RankOf("peer-id-validate"), $" peer-id-validate {EffectivePeerIdValidate}"));
        Ipsec("chain", " no chain");
        Ipsec("ikev1 trust-point", " no ikev1 trust-point");
        ipsec.Add((IpsecRanks.RankOf("isakmp keepalive"), $" {EffectiveKeepalive}"));
        ipsec.Add((IpsecRanks.RankOf("ikev1 user-authentication"), $" ikev1 user-authentication {UserAuthenticationFor(null)}"));
        foreach (var auth in UserAuthentications.Where(u => u.Interface is not null))
            ipsec.Add((IpsecRanks.RankOf("ikev1 user-authentication"), $" ikev1 user-authentication {auth}"));
        Ipsec("radius-sdi-xauth", " no radius-sdi-xauth");
        foreach (var line in SubModeLines.Merge($"tunnel-group {Name} ipsec-attributes", ipsec, IpsecExtras)) yield return line;
        foreach (var block in OtherBlocks.OrderBy(b => BlockRank(b.Kind)))
            foreach (var line in block.Lines.Prepend($"tunnel-group {Name} {block.Kind}-attributes")) yield return line;
    }

    /// <summary>Whether a kept line sets <paramref name="attribute"/> (with or without <c>no</c>).</summary>
    private static bool Overridden(ImmutableList<ExtraLine> extras, string attribute) =>
        extras.Any(e =>
        {
            var text = e.Text.Trim();
            if (text.StartsWith("no ", StringComparison.Ordinal)) text = text[3..];
            return text == attribute || text.StartsWith(attribute + " ", StringComparison.Ordinal);
        });

    private IEnumerable<string> GeneralLines()
    {
        var attributes = new List<(int, string)>();
        foreach (var pools in AddressPools)
            attributes.Add((GeneralRanks.RankOf("address-pool"), $" address-pool {pools}"));
        foreach (var group in AuthenticationServerGroups.Where(g => !g.IsDefault))
            attributes.Add((GeneralRanks.RankOf("authentication-server-group"), $" authentication-server-group {group}"));
        if (AccountingServerGroup is not null)
            attributes.Add((GeneralRanks.RankOf("accounting-server-group"), $" accounting-server-group {AccountingServerGroup}"));
        if (DefaultGroupPolicy is not null && DefaultGroupPolicy != GroupPolicy.DefaultName)
            attributes.Add((GeneralRanks.RankOf("default-group-policy"), $" default-group-policy {DefaultGroupPolicy}"));
        return SubModeLines.Merge($"tunnel-group {Name} general-attributes", attributes, GeneralExtras);
    }

    private IEnumerable<string> IpsecLines(RenderContext c)
    {
        var attributes = new List<(int, string)>();
        if (PreSharedKey is not null)
            attributes.Add((IpsecRanks.RankOf("ikev1 pre-shared-key"), $" ikev1 pre-shared-key {c.Secret(PreSharedKey)}"));
        if (Keepalive is not null && Keepalive != DefaultKeepalive(Type))
            attributes.Add((IpsecRanks.RankOf("isakmp keepalive"), $" {Keepalive}"));
        foreach (var auth in UserAuthentications.Where(u => u.Interface is not null || u.Mode != (Type == LanToLan ? "none" : "xauth")))
            attributes.Add((IpsecRanks.RankOf("ikev1 user-authentication"), $" ikev1 user-authentication {auth}"));
        if (PeerIdValidate is not null && PeerIdValidate != "req")
            attributes.Add((IpsecRanks.RankOf("peer-id-validate"), $" peer-id-validate {PeerIdValidate}"));
        attributes.AddRange(Ikev2KeyLines(c));
        return SubModeLines.Merge($"tunnel-group {Name} ipsec-attributes", attributes, IpsecExtras);
    }

    private IEnumerable<(int, string)> Ikev2KeyLines(RenderContext c)
    {
        foreach (var (side, key) in new[] { ("local", Ikev2LocalKey), ("remote", Ikev2RemoteKey) })
            if (key is not null)
                yield return (IpsecRanks.RankOf($"ikev2 {side}-authentication pre-shared-key"), $" ikev2 {side}-authentication pre-shared-key {key.Render(c)}".TrimEnd());
    }
}

/// <summary>
/// An IKEv2 pre-shared key of a tunnel-group, with the form it was given in: clear (no prefix or
/// <c>0</c>), <c>8</c> (encrypted by the master passphrase) or <c>hex</c>. Masked in show run like
/// every secret. The key may be missing from a captured line (the ntc-templates capture prints
/// <c>ikev2 local-authentication pre-shared-key</c> alone [S]); it is then rendered as it came.
/// </summary>
public sealed record Ikev2PreSharedKey(string? Format, string Key)
{
    public string Render(RenderContext c) =>
        (Format is null ? "" : Format + " ") + (Key.Length == 0 ? "" : c.Secret(Key));

    /// <summary>The key's octets as AUTH takes them (RFC 7296 §2.15): the hex form decoded, else the string; null for an <c>8</c> (encrypted) key AsaEmu cannot read.</summary>
    public byte[]? Octets() => Format switch
    {
        "hex" => Convert.FromHexString(Key.Length % 2 == 0 ? Key : "0" + Key),
        "8" => null,
        _ => System.Text.Encoding.UTF8.GetBytes(Key),
    };
}
