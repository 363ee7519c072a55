using System.Globalization;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// An IKEv1 transform set (reference §4.3): the ESP cipher, the ESP integrity algorithm and the
/// encapsulation mode a quick-mode proposal offers. Accepted as <c>crypto ipsec transform-set</c>
/// (8.3) or <c>crypto ipsec ikev1 transform-set</c>, always shown in the 9.x form, with the
/// trailing space the ASA prints after the last transform.
/// </summary>
public sealed record TransformSet(string Name, string Encryption, string? Integrity) : ConfigItem, IRendered
{
    public const string Tunnel = "tunnel", Transport = "transport";

    /// <summary><c>tunnel</c> (default) or <c>transport</c>.</summary>
    public string Mode { get; init; } = Tunnel;

    public override string Key => Name;

    /// <summary>The integrity transform, <c>esp-none</c> when none was given.</summary>
    public string IntegrityOrNone => Integrity ?? "esp-none";

    /// <summary>AES key length in bits for the <c>esp-aes*</c> ciphers, null for the others.</summary>
    public int? AesKeyBits => Encryption switch
    {
        "esp-aes" => 128,
        "esp-aes-192" => 192,
        "esp-aes-256" => 256,
        _ => null,
    };

    public IEnumerable<string> Render(RenderContext c)
    {
        yield return $"crypto ipsec ikev1 transform-set {Name} {Encryption} {(Integrity is null ? "" : Integrity + " ")}";
        if (Mode == Transport) yield return $"crypto ipsec ikev1 transform-set {Name} mode transport";
    }
}

/// <summary>
/// IPsec SA lifetime limits: by time and by volume. Either may be unset (the global value or
/// the ASA default applies); the volume may be <c>unlimited</c> (9.x).
/// </summary>
public sealed record SaLifetime(long? Seconds, long? Kilobytes, bool UnlimitedKilobytes = false)
{
    public static readonly SaLifetime None = new(null, null);

    public bool IsEmpty => Seconds is null && Kilobytes is null && !UnlimitedKilobytes;

    public string? KilobytesText => UnlimitedKilobytes ? "unlimited"
        : Kilobytes?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>crypto ipsec security-association lifetime seconds N</c> / <c>kilobytes N</c>: the global
/// IPsec SA lifetime, printed when configured (seconds line first).
/// </summary>
public sealed record IpsecSaLifetime(SaLifetime Lifetime) : ConfigItem, IRendered
{
    public const long DefaultSeconds = 28800;
    public const long DefaultKilobytes = 4608000;

    public override string Key => "";

    /// <summary>The lifetime in seconds an SA gets when its map entry sets none.</summary>
    public long EffectiveSeconds => Lifetime.Seconds ?? DefaultSeconds;

    /// <summary>The volume limit in kilobytes, null when unlimited.</summary>
    public long? EffectiveKilobytes => Lifetime.UnlimitedKilobytes ? null : Lifetime.Kilobytes ?? DefaultKilobytes;

    public IEnumerable<string> Render(RenderContext c)
    {
        if ((Lifetime.Seconds ?? (c.ShowDefaults ? DefaultSeconds : null)) is { } s)
            yield return $"crypto ipsec security-association lifetime seconds {s}";
        if ((Lifetime.KilobytesText ?? (c.ShowDefaults ? DefaultKilobytes.ToString(CultureInfo.InvariantCulture) : null)) is { } k)
            yield return $"crypto ipsec security-association lifetime kilobytes {k}";
    }
}
