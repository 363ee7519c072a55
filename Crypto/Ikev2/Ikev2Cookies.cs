using System.Security.Cryptography;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// The responder's COOKIE (RFC 7296 §2.6): above <c>crypto ikev2 cookie-challenge</c> percent of the
/// negotiations it allows at once, an IKE_SA_INIT request without the right cookie is answered with a
/// COOKIE notification alone and no state is kept; a real initiator repeats its request with it.
/// Cookie = prf (secret, Ni | IPi | SPIi), a secret drawn once from the injected random source
/// (§2.6's version octet and rotation are left out: the secret lives as long as the engine).
/// </summary>
public sealed class Ikev2Cookies(IRandom random)
{
    private const int Length = 16;
    private byte[]? _secret;

    /// <summary>How many half-open negotiations trigger the challenge: the percentage of <paramref name="maxInNegotiation"/> (0: every request).</summary>
    public static int Threshold(AsaConfig config, int maxInNegotiation) =>
        (int)((config.Get<Ikev2CookieChallenge>()?.Percent ?? Ikev2CookieChallenge.DefaultPercent) * maxInNegotiation / 100);

    public byte[] For(ReadOnlySpan<byte> nonce, System.Net.IPAddress initiator, ulong spiI)
    {
        if (_secret is null)
        {
            _secret = new byte[32];
            random.Fill(_secret);
        }
        var address = initiator.GetAddressBytes();
        var data = new byte[nonce.Length + address.Length + 8];
        nonce.CopyTo(data);
        address.CopyTo(data, nonce.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(nonce.Length + address.Length), spiI);
        return HMACSHA256.HashData(_secret, data)[..Length];
    }

    /// <summary>Whether the request's first payload is the COOKIE this end would give it (§2.6: it must come first).</summary>
    public bool Carries(Ikev2Message request, System.Net.IPAddress initiator)
    {
        if (request.Payloads.Count == 0 || request.Payloads[0] is not Ikev2NotifyPayload { NotifyType: Ikev2NotifyTypes.Cookie } cookie
            || request.Find<Ikev2NoncePayload>() is not { } nonce) return false;
        return CryptographicOperations.FixedTimeEquals(cookie.Data.Span, For(nonce.Data.Span, initiator, request.Header.SpiI));
    }
}
