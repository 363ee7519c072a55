using System.Security.Cryptography;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// The responder's COOKIE (RFC 7296 §2.6): above <c>crypto ikev2 cookie-challenge</c> percent of the
/// negotiations it allows at once, an IKE_SA_INIT request without the right cookie is answered with a
/// COOKIE notification alone and no state is kept; a real initiator repeats its request with it.
/// </summary>
/// <remarks>
/// <code>
///   Cookie = VersionIDofSecret (1 octet) | prf(secret, Ni | IPi | SPIi) (16 octets)
/// </code>
/// As §2.6 advises, the secret is drawn again every <see cref="SecretLifetime"/> (from the injected random
/// source, at the time the caller gives), and its version goes first: a cookie made with the secret just
/// replaced is still taken (an initiator's retry may cross the change), one made with an older secret is not.
/// </remarks>
public sealed class Ikev2Cookies(IRandom random)
{
    public static readonly TimeSpan SecretLifetime = TimeSpan.FromMinutes(5);
    private const int HashLength = 16;

    private sealed record Secret(byte Version, byte[] Key, DateTimeOffset Drawn);

    private Secret? _current, _previous;

    /// <summary>How many half-open negotiations trigger the challenge: the percentage of <paramref name="maxInNegotiation"/> (0: every request).</summary>
    public static int Threshold(AsaConfig config, int maxInNegotiation) =>
        (int)((config.Get<Ikev2CookieChallenge>()?.Percent ?? Ikev2CookieChallenge.DefaultPercent) * maxInNegotiation / 100);

    /// <summary>The cookie an initiator at <paramref name="initiator"/> with this nonce and SPI gets at <paramref name="now"/>.</summary>
    public byte[] For(ReadOnlySpan<byte> nonce, System.Net.IPAddress initiator, ulong spiI, DateTimeOffset now)
    {
        var secret = Current(now);
        return [secret.Version, .. Hash(secret, nonce, initiator, spiI)];
    }

    /// <summary>Whether the request's first payload is a COOKIE this end gave it with the current or the previous secret (§2.6: it must come first).</summary>
    public bool Carries(Ikev2Message request, System.Net.IPAddress initiator, DateTimeOffset now)
    {
        if (request.Payloads.Count == 0 || request.Payloads[0] is not Ikev2NotifyPayload { NotifyType: Ikev2NotifyTypes.Cookie } cookie
            || cookie.Data.Length != 1 + HashLength || request.Find<Ikev2NoncePayload>() is not { } nonce) return false;
        var current = Current(now);
        var version = cookie.Data.Span[0];
        var secret = version == current.Version ? current : _previous is { } previous && previous.Version == version ? previous : null;
        return secret is not null
            && CryptographicOperations.FixedTimeEquals(cookie.Data.Span[1..], Hash(secret, nonce.Data.Span, initiator, request.Header.SpiI));
    }

    /// <summary>The secret in use at <paramref name="now"/>: drawn on first use and again once it is <see cref="SecretLifetime"/> old.</summary>
    private Secret Current(DateTimeOffset now)
    {
        if (_current is { } current && now - current.Drawn < SecretLifetime) return current;
        var key = new byte[32];
        random.Fill(key);
        _previous = _current;
        return _current = new Secret((byte)((_current?.Version ?? 0) + 1), key, now);
    }

    private static byte[] Hash(Secret secret, ReadOnlySpan<byte> nonce, System.Net.IPAddress initiator, ulong spiI)
    {
        var address = initiator.GetAddressBytes();
        var data = new byte[nonce.Length + address.Length + 8];
        nonce.CopyTo(data);
        address.CopyTo(data, nonce.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(nonce.Length + address.Length), spiI);
        return HMACSHA256.HashData(secret.Key, data)[..HashLength];
    }
}
