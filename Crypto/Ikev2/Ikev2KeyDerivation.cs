using System.Text;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>The seven secrets of an IKEv2 SA (RFC 7296 §2.14), each as long as its use needs.</summary>
public sealed record Ikev2SaKeys(byte[] SkD, byte[] SkAi, byte[] SkAr, byte[] SkEi, byte[] SkEr, byte[] SkPi, byte[] SkPr);

/// <summary>
/// IKEv2 key derivation (RFC 7296 §2.13-§2.18) and the AUTH payload of a pre-shared key (§2.15), for
/// the HMAC PRFs. Pure functions of their inputs: nonces are the Nonce payload bodies, SPIs the 8-octet
/// IKE SPIs, g^ir the Diffie-Hellman shared secret at full length (leading zeros kept, §2.14).
/// </summary>
public static class Ikev2KeyDerivation
{
    /// <summary>prf+ yields at most 255 blocks: its counter is one octet (§2.13).</summary>
    public const int MaxPrfPlusBlocks = 255;

    /// <summary>The pad a pre-shared key is keyed with (§2.15), 17 ASCII octets, no terminating NUL.</summary>
    public static ReadOnlySpan<byte> KeyPad => "Key Pad for IKEv2"u8;

    /// <summary>
    /// prf+ (K, S) = T1 | T2 | T3 | ... with T1 = prf (K, S | 0x01), Tn = prf (K, Tn-1 | S | n) (§2.13),
    /// written into all of <paramref name="output"/>.
    /// </summary>
    public static void PrfPlus(IkeHash prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        var blocks = (output.Length + prf.Length - 1) / prf.Length;
        if (blocks > MaxPrfPlusBlocks)
            throw new ArgumentOutOfRangeException(nameof(output), $"prf+ yields at most {MaxPrfPlusBlocks} blocks of {prf.Length} octets");
        using var mac = prf.CreatePrf(key);
        Span<byte> block = stackalloc byte[prf.Length];
        Span<byte> counter = stackalloc byte[1];
        for (var n = 1; n <= blocks; n++)
        {
            if (n > 1) mac.Append(block);
            mac.Append(seed);
            counter[0] = (byte)n;
            mac.Append(counter);
            mac.Finish(block);
            var offset = (n - 1) * prf.Length;
            block[..Math.Min(prf.Length, output.Length - offset)].CopyTo(output[offset..]);
        }
    }

    /// <summary>SKEYSEED = prf (Ni | Nr, g^ir) (§2.14).</summary>
    public static byte[] Skeyseed(IkeHash prf, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ReadOnlySpan<byte> sharedSecret)
    {
        var skeyseed = new byte[prf.Length];
        prf.Prf(Concat(nonceI, nonceR), sharedSecret, skeyseed);
        return skeyseed;
    }

    /// <summary>The SKEYSEED of a rekeyed IKE SA: prf (SK_d (old), g^ir (new) | Ni | Nr) (§2.18).</summary>
    public static byte[] RekeySkeyseed(IkeHash prf, ReadOnlySpan<byte> oldSkD, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR)
    {
        var skeyseed = new byte[prf.Length];
        prf.Prf(oldSkD, Concat(sharedSecret, nonceI, nonceR), skeyseed);
        return skeyseed;
    }

    /// <summary>
    /// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr) (§2.14):
    /// SK_d, SK_pi and SK_pr as long as the PRF's output, SK_a* as the integrity key, SK_e* as the
    /// encryption key (with its salt for GCM). SPIs are those of the new SA (on a rekey too, §2.18).
    /// </summary>
    public static Ikev2SaKeys DeriveIkeSa(IkeHash prf, int encryptionKeyLength, int integrityKeyLength, ReadOnlySpan<byte> skeyseed,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ulong spiI, ulong spiR)
    {
        Span<byte> spis = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(spis, spiI);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(spis[8..], spiR);
        var lengths = new[] { prf.Length, integrityKeyLength, integrityKeyLength, encryptionKeyLength, encryptionKeyLength, prf.Length, prf.Length };
        var stream = new byte[lengths.Sum()];
        PrfPlus(prf, skeyseed, Concat(nonceI, nonceR, spis), stream);
        var keys = new byte[lengths.Length][];
        var offset = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            keys[i] = stream[offset..(offset + lengths[i])];
            offset += lengths[i];
        }
        return new Ikev2SaKeys(keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6]);
    }

    /// <summary>
    /// Child SA KEYMAT = prf+ (SK_d, Ni | Nr), or with PFS prf+ (SK_d, g^ir (new) | Ni | Nr) (§2.17);
    /// <paramref name="length"/> octets (both directions' keys).
    /// </summary>
    public static byte[] ChildKeymat(IkeHash prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> pfsSharedSecret, ReadOnlySpan<byte> nonceI,
        ReadOnlySpan<byte> nonceR, int length)
    {
        var keymat = new byte[length];
        PrfPlus(prf, skD, Concat(pfsSharedSecret, nonceI, nonceR), keymat);
        return keymat;
    }

    /// <summary>
    /// A Child SA's keys from its KEYMAT (§2.17): the encryption key then the integrity key of the SA
    /// carrying data from the initiator to the responder, then the same for the other direction.
    /// <paramref name="initiator"/> says which end this is: its outbound keys are the first pair.
    /// </summary>
    public static ChildSaKeys SplitChildKeymat(ReadOnlySpan<byte> keymat, int encryptionKeyLength, int integrityKeyLength, bool initiator,
        uint inboundSpi, uint outboundSpi)
    {
        var each = encryptionKeyLength + integrityKeyLength;
        if (keymat.Length < 2 * each) throw new ArgumentException($"{2 * each} octets of KEYMAT needed, {keymat.Length} given", nameof(keymat));
        var outbound = initiator ? keymat[..each] : keymat[each..(2 * each)];
        var inbound = initiator ? keymat[each..(2 * each)] : keymat[..each];
        return new ChildSaKeys(
            new SaKeys(inboundSpi, inbound[..encryptionKeyLength].ToArray(), inbound[encryptionKeyLength..].ToArray()),
            new SaKeys(outboundSpi, outbound[..encryptionKeyLength].ToArray(), outbound[encryptionKeyLength..].ToArray()));
    }

    /// <summary>
    /// The AUTH payload's data for a pre-shared key (§2.15):
    /// AUTH = prf ( prf (Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;), where the signed
    /// octets of the initiator are RealMessage1 | NonceRData | prf (SK_pi, RestOfInitIDPayload), and of
    /// the responder RealMessage2 | NonceIData | prf (SK_pr, RestOfRespIDPayload).
    /// </summary>
    /// <param name="realMessage">The whole IKE_SA_INIT message this end sent, from the IKE header on.</param>
    /// <param name="peerNonce">The Nonce data of the other end's IKE_SA_INIT message.</param>
    /// <param name="skP">SK_pi for the initiator's AUTH, SK_pr for the responder's.</param>
    /// <param name="restOfIdPayload">The ID payload's body after the generic header: ID type, three reserved octets, data.</param>
    public static byte[] PreSharedKeyAuth(IkeHash prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonce,
        ReadOnlySpan<byte> skP, ReadOnlySpan<byte> restOfIdPayload)
    {
        Span<byte> macedId = stackalloc byte[prf.Length];
        prf.Prf(skP, restOfIdPayload, macedId);
        Span<byte> padded = stackalloc byte[prf.Length];
        prf.Prf(sharedSecret, KeyPad, padded);
        var auth = new byte[prf.Length];
        using var mac = prf.CreatePrf(padded);
        mac.Append(realMessage);
        mac.Append(peerNonce);
        mac.Append(macedId);
        mac.Finish(auth);
        return auth;
    }

    /// <summary>The pre-shared key as the AUTH computation takes it: the configured string's octets.</summary>
    public static byte[] SharedSecret(string preSharedKey) => Encoding.UTF8.GetBytes(preSharedKey);

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default)
    {
        var all = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(all);
        b.CopyTo(all.AsSpan(a.Length));
        c.CopyTo(all.AsSpan(a.Length + b.Length));
        return all;
    }
}
