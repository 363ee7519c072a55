using System.Globalization;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// An IKEv1 (ISAKMP) phase-1 policy, <c>crypto ikev1 policy PRIORITY</c> (reference §4.4): the
/// authentication method, cipher, hash, Diffie-Hellman group and SA lifetime it accepts. A peer's
/// proposal is matched against the policies in ascending priority. All five settings are always
/// printed, in this order, at their defaults too.
/// </summary>
public sealed record IkePolicy(int Priority) : ConfigItem, IRendered
{
    public const string DefaultAuthentication = "pre-share", DefaultEncryption = "3des", DefaultHash = "sha";
    public const int DefaultGroup = 2;
    public const long DefaultLifetime = 86400;

    /// <summary>Policies sort by priority inside their section, before anything kept there.</summary>
    private const long OrderBase = -(1L << 40);

    /// <summary><c>pre-share</c>, <c>rsa-sig</c> or <c>crack</c>.</summary>
    public string Authentication { get; init; } = DefaultAuthentication;

    /// <summary><c>des</c>, <c>3des</c>, <c>aes</c>, <c>aes-192</c> or <c>aes-256</c>.</summary>
    public string Encryption { get; init; } = DefaultEncryption;

    /// <summary><c>sha</c> or <c>md5</c>.</summary>
    public string Hash { get; init; } = DefaultHash;

    /// <summary>Diffie-Hellman group number (1, 2, 5, 14, ...).</summary>
    public int Group { get; init; } = DefaultGroup;

    /// <summary>SA lifetime in seconds; null for <c>lifetime none</c> (no limit).</summary>
    public long? Lifetime { get; init; } = DefaultLifetime;

    public override string Key => Priority.ToString(CultureInfo.InvariantCulture);

    /// <summary>AES key length in bits for the <c>aes*</c> ciphers, null for the others.</summary>
    public int? AesKeyBits => Encryption switch
    {
        "aes" => 128,
        "aes-192" => 192,
        "aes-256" => 256,
        _ => null,
    };

    public static OrderKey OrderFor(int priority) => new(Sections.IkePolicy, OrderBase + priority);

    public IEnumerable<string> Render(RenderContext c) =>
    [
        $"crypto ikev1 policy {Priority}",
        $" authentication {Authentication}",
        $" encryption {Encryption}",
        $" hash {Hash}",
        $" group {Group}",
        Lifetime is { } l ? $" lifetime {l}" : " lifetime none",
    ];
}

/// <summary><c>crypto ikev1 enable IF</c> (8.3: <c>crypto isakmp enable IF</c>): IKEv1 is accepted on this nameif.</summary>
public sealed record IkeEnable(string Interface) : ConfigItem, IRendered
{
    public override string Key => Interface;
    public IEnumerable<string> Render(RenderContext c) => [$"crypto ikev1 enable {Interface}"];
}

/// <summary>
/// <c>crypto isakmp nat-traversal [KEEPALIVE]</c>: NAT-T (RFC 3947) and its keepalive interval.
/// Enabled with 20 s by default, which is not printed; only a change is stored.
/// </summary>
public sealed record NatTraversal(bool Enabled, int KeepaliveSeconds) : ConfigItem, IRendered
{
    public const int DefaultKeepalive = 20;
    public static readonly NatTraversal Default = new(true, DefaultKeepalive);

    public override string Key => "";
    public bool IsDefault => Enabled && KeepaliveSeconds == DefaultKeepalive;

    public IEnumerable<string> Render(RenderContext c) =>
        [Enabled ? $"crypto isakmp nat-traversal {KeepaliveSeconds}" : "no crypto isakmp nat-traversal"];
}

/// <summary>
/// <c>crypto isakmp identity address|hostname|auto|key-id ID</c>: the phase-1 identity the ASA
/// sends. Default <c>auto</c>, not printed. The ASA prints this line with a trailing space.
/// </summary>
public sealed record IsakmpIdentity(string Kind, string? KeyId = null) : ConfigItem, IRendered
{
    public const string Auto = "auto";
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) =>
        [KeyId is null ? $"crypto isakmp identity {Kind} " : $"crypto isakmp identity key-id {KeyId} "];
}

/// <summary><c>crypto ikev1 am-disable</c> (8.3: <c>crypto isakmp am-disable</c>): inbound aggressive mode is refused.</summary>
public sealed record AggressiveModeDisabled : ConfigItem, IRendered
{
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => ["crypto ikev1 am-disable"];
}

/// <summary><c>crypto ikev1 limit max-in-negotiation-sa N</c>: how many phase-1 negotiations may be open at once.</summary>
public sealed record IkeNegotiationLimit(long MaxInNegotiationSa) : ConfigItem, IRendered
{
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"crypto ikev1 limit max-in-negotiation-sa {MaxInNegotiationSa}"];
}
