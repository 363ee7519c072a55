using System.Collections.Immutable;
using System.Globalization;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// The IKEv2 algorithm keywords of the ASA, in the order show run prints them: strongest first, as
/// the ASA reorders <c>protocol esp encryption</c> and <c>protocol esp integrity</c> whatever the
/// typed order [S: the ntc-templates ipsec capture]; the policy's lists follow the same rule [M].
/// </summary>
public static class Ikev2Algorithms
{
    /// <summary><c>crypto ikev2 policy</c>'s <c>encryption</c> [M: null last].</summary>
    public static readonly ImmutableArray<string> PolicyEncryption = ["aes-gcm-256", "aes-gcm-192", "aes-gcm", "aes-256", "aes-192", "aes", "3des", "des", "null"];

    /// <summary><c>crypto ikev2 policy</c>'s <c>integrity</c> [M].</summary>
    public static readonly ImmutableArray<string> PolicyIntegrity = ["sha512", "sha384", "sha256", "sha", "md5", "null"];

    /// <summary><c>crypto ikev2 policy</c>'s <c>prf</c> [M].</summary>
    public static readonly ImmutableArray<string> PolicyPrf = ["sha512", "sha384", "sha256", "sha", "md5"];

    /// <summary>The Diffie-Hellman groups of the 9.8 persona's <c>group</c> [M].</summary>
    public static readonly ImmutableArray<string> PolicyGroups = ["1", "2", "5", "14", "15", "16", "19", "20", "21", "24"];

    /// <summary><c>protocol esp encryption</c> [S order; null last M].</summary>
    public static readonly ImmutableArray<string> EspEncryption =
        ["aes-gcm-256", "aes-gcm-192", "aes-gcm", "aes-256", "aes-192", "aes", "3des", "des", "aes-gmac-256", "aes-gmac-192", "aes-gmac", "null"];

    /// <summary><c>protocol esp integrity</c> [S order; null last M].</summary>
    public static readonly ImmutableArray<string> EspIntegrity = ["sha-512", "sha-384", "sha-256", "sha-1", "md5", "null"];

    /// <summary>The AEAD ciphers: they take integrity <c>null</c> in a policy, and ignore a proposal's integrity.</summary>
    public static bool IsCombinedMode(string cipher) => cipher.StartsWith("aes-gcm", StringComparison.Ordinal) || cipher.StartsWith("aes-gmac", StringComparison.Ordinal);

    /// <summary>The typed keywords without repeats, in <paramref name="order"/>.</summary>
    public static ImmutableArray<string> Canonical(IEnumerable<string> typed, ImmutableArray<string> order)
    {
        var set = typed.ToHashSet(StringComparer.Ordinal);
        return [.. order.Where(set.Contains)];
    }
}

/// <summary>
/// An IKEv2 policy, <c>crypto ikev2 policy PRIORITY</c>: the encryption, integrity, Diffie-Hellman
/// groups and PRFs the IKE SA may use (each a list: IKEv2 proposes several per policy), and the IKE SA's
/// lifetime, which IKEv2 does not negotiate. All five lines are printed, at their defaults too.
/// </summary>
public sealed record Ikev2Policy(int Priority) : ConfigItem, IRendered
{
    // [M] the defaults of a policy created with nothing set (the 9.x configuration guide's table: 3DES? the
    // ASA's own tables differ by release); kept here as the one place to change.
    public static readonly ImmutableArray<string> DefaultEncryption = ["3des"], DefaultIntegrity = ["sha"], DefaultPrf = ["sha"];
    public static readonly ImmutableArray<int> DefaultGroups = [2];
    public const long DefaultLifetime = 86400;

    /// <summary>Policies sort by priority inside their section, before anything kept there.</summary>
    private const long OrderBase = -(1L << 40);

    public ImmutableArray<string> Encryption { get; init; } = DefaultEncryption;
    public ImmutableArray<string> Integrity { get; init; } = DefaultIntegrity;

    /// <summary>Diffie-Hellman groups, in the order typed (the ASA keeps it [M]).</summary>
    public ImmutableArray<int> Groups { get; init; } = DefaultGroups;

    public ImmutableArray<string> Prf { get; init; } = DefaultPrf;

    /// <summary>IKE SA lifetime in seconds; null for <c>lifetime none</c>.</summary>
    public long? Lifetime { get; init; } = DefaultLifetime;

    public override string Key => Priority.ToString(CultureInfo.InvariantCulture);

    public static OrderKey OrderFor(int priority) => new(Sections.Ikev2, OrderBase + priority);

    public IEnumerable<string> Render(RenderContext c) =>
    [
        $"crypto ikev2 policy {Priority}",
        $" encryption {string.Join(' ', Encryption)}",
        $" integrity {string.Join(' ', Integrity)}",
        $" group {string.Join(' ', Groups)}",
        $" prf {string.Join(' ', Prf)}",
        Lifetime is { } l ? $" lifetime seconds {l}" : " lifetime none",
    ];
}

/// <summary>
/// <c>crypto ikev2 enable IF [client-services [port N]]</c>: IKEv2 is accepted on this nameif;
/// <c>client-services</c> also serves AnyConnect's downloads there, on port 443 unless told [M].
/// </summary>
public sealed record Ikev2Enable(string Interface, bool ClientServices = false, int ClientServicesPort = Ikev2Enable.DefaultPort) : ConfigItem, IRendered
{
    public const int DefaultPort = 443;

    public override string Key => Interface;

    public IEnumerable<string> Render(RenderContext c) =>
        [ClientServices ? $"crypto ikev2 enable {Interface} client-services port {ClientServicesPort}" : $"crypto ikev2 enable {Interface}"];
}

/// <summary>
/// <c>crypto ikev2 limit max-in-negotiation-sa N</c>: IKEv2 SAs that may be in negotiation at once, as
/// a percentage of the SAs the platform allows [M: 9.x; earlier releases took a count].
/// </summary>
public sealed record Ikev2NegotiationLimit(long MaxInNegotiationSa) : ConfigItem, IRendered
{
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"crypto ikev2 limit max-in-negotiation-sa {MaxInNegotiationSa}"];
}

/// <summary>
/// <c>crypto ikev2 cookie-challenge N</c>: the share (percent) of the SAs allowed in negotiation above
/// which an IKE_SA_INIT is answered with a COOKIE (RFC 7296 §2.6) [M: default 50, not printed].
/// </summary>
public sealed record Ikev2CookieChallenge(long Percent) : ConfigItem, IRendered
{
    public const long DefaultPercent = 50;
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"crypto ikev2 cookie-challenge {Percent}"];
}

/// <summary>
/// IKEv2 fragmentation (RFC 7383): on by default with an MTU of 576 and the IETF method preferred [M];
/// only what differs is printed: <c>no crypto ikev2 fragmentation</c>, <c>crypto ikev2 fragmentation mtu N</c>,
/// <c>crypto ikev2 fragmentation preferred-method cisco</c>.
/// </summary>
public sealed record Ikev2Fragmentation(bool Enabled = true, long Mtu = Ikev2Fragmentation.DefaultMtu, string PreferredMethod = Ikev2Fragmentation.DefaultMethod) : ConfigItem, IRendered
{
    public const long DefaultMtu = 576;
    public const string DefaultMethod = "ietf";

    public override string Key => "";

    public bool IsDefault => Enabled && Mtu == DefaultMtu && PreferredMethod == DefaultMethod;

    public IEnumerable<string> Render(RenderContext c)
    {
        if (!Enabled) yield return "no crypto ikev2 fragmentation";
        if (Mtu != DefaultMtu || c.ShowDefaults) yield return $"crypto ikev2 fragmentation mtu {Mtu}";
        if (PreferredMethod != DefaultMethod || c.ShowDefaults) yield return $"crypto ikev2 fragmentation preferred-method {PreferredMethod}";
    }
}

/// <summary>
/// An IKEv2 IPsec proposal, <c>crypto ipsec ikev2 ipsec-proposal NAME</c>: the ESP ciphers and integrity
/// algorithms a Child SA may use. Each <c>protocol esp</c> line is printed when set, its keywords in the
/// ASA's order [S].
/// </summary>
public sealed record Ikev2IpsecProposal(string Name) : ConfigItem, IRendered
{
    public ImmutableArray<string> Encryption { get; init; } = [];
    public ImmutableArray<string> Integrity { get; init; } = [];

    public override string Key => Name;

    public IEnumerable<string> Render(RenderContext c)
    {
        yield return $"crypto ipsec ikev2 ipsec-proposal {Name}";
        if (!Encryption.IsEmpty) yield return $" protocol esp encryption {string.Join(' ', Encryption)}";
        if (!Integrity.IsEmpty) yield return $" protocol esp integrity {string.Join(' ', Integrity)}";
    }
}
