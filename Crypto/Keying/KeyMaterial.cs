using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AsaEmu.Crypto.Keying;

/// <summary>
/// The keys of one IKEv1 SA (RFC 2409 §5) and every keyed computation made with them: HASH_I and
/// HASH_R, the HASH payloads of Quick Mode, informational and transaction exchanges, and phase-2
/// KEYMAT. Built once per phase 1; its PRF instances are reused, so it is not thread safe (the IKE
/// control loop owns it).
/// </summary>
public sealed class KeyMaterial : IDisposable
{
    private readonly byte[] skeyid;
    private readonly byte[] skeyidD;
    private readonly byte[] skeyidA;
    private readonly byte[] skeyidE;
    private readonly byte[] encryptionKey;
    private readonly byte[] cookieI;
    private readonly byte[] cookieR;
    private readonly IIkeDigest prfSkeyid;
    private readonly IIkeDigest prfA;
    private readonly IIkeDigest prfD;

    private KeyMaterial(IkeHash hash, IkeCipherSuite suite, IIkeCipher cipher, byte[] skeyid, byte[] skeyidD, byte[] skeyidA, byte[] skeyidE,
        byte[] encryptionKey, byte[] cookieI, byte[] cookieR)
    {
        Hash = hash;
        CipherSuite = suite;
        Cipher = cipher;
        this.skeyid = skeyid;
        this.skeyidD = skeyidD;
        this.skeyidA = skeyidA;
        this.skeyidE = skeyidE;
        this.encryptionKey = encryptionKey;
        this.cookieI = cookieI;
        this.cookieR = cookieR;
        prfSkeyid = hash.CreatePrf(skeyid);
        prfA = hash.CreatePrf(skeyidA);
        prfD = hash.CreatePrf(skeyidD);
    }

    /// <summary>The negotiated hash; its HMAC is the PRF.</summary>
    public IkeHash Hash { get; }

    public IkeCipherSuite CipherSuite { get; }

    /// <summary>The phase-1 cipher keyed with <see cref="EncryptionKey"/>, for <see cref="IvChain"/>.</summary>
    public IIkeCipher Cipher { get; }

    /// <summary>Length of SKEYID, of every HASH and of each PRF block.</summary>
    public int HashLength => Hash.Length;

    public ReadOnlySpan<byte> Skeyid => skeyid;

    public ReadOnlySpan<byte> SkeyidD => skeyidD;

    public ReadOnlySpan<byte> SkeyidA => skeyidA;

    public ReadOnlySpan<byte> SkeyidE => skeyidE;

    /// <summary>The cipher key: SKEYID_e truncated, or expanded when too short (RFC 2409 Appendix B).</summary>
    public ReadOnlySpan<byte> EncryptionKey => encryptionKey;

    public ReadOnlySpan<byte> CookieI => cookieI;

    public ReadOnlySpan<byte> CookieR => cookieR;

    /// <summary>SKEYID for pre-shared key authentication: prf(pre-shared-key, Ni_b | Nr_b) (RFC 2409 §5).</summary>
    public static byte[] PreSharedKeySkeyid(IkeHash hash, ReadOnlySpan<byte> preSharedKey, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR)
    {
        using var prf = hash.CreatePrf(preSharedKey);
        prf.Append(nonceI);
        prf.Append(nonceR);
        var skeyid = new byte[hash.Length];
        prf.Finish(skeyid);
        return skeyid;
    }

    /// <summary>SKEYID for signature authentication: prf(Ni_b | Nr_b, g^xy) (RFC 2409 §5).</summary>
    public static byte[] SignatureSkeyid(IkeHash hash, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ReadOnlySpan<byte> sharedSecret)
    {
        var key = new byte[nonceI.Length + nonceR.Length];
        nonceI.CopyTo(key);
        nonceR.CopyTo(key.AsSpan(nonceI.Length));
        var skeyid = new byte[hash.Length];
        hash.Prf(key, sharedSecret, skeyid);
        return skeyid;
    }

    /// <summary>
    /// Derives the keys of a phase 1 authenticated by pre-shared key. Nonces are the NONCE payload
    /// bodies; cookies are the 8-byte initiator and responder cookies; the shared secret is g^xy at
    /// full length. False only when the derived cipher key is refused (a DES weak key: about one
    /// chance in 2^52); the negotiation then fails.
    /// </summary>
    public static bool TryDerivePreSharedKey(IkeHash hash, IkeCipherSuite suite, ReadOnlySpan<byte> preSharedKey,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> cookieI, ReadOnlySpan<byte> cookieR, [NotNullWhen(true)] out KeyMaterial? keys)
    {
        var skeyid = PreSharedKeySkeyid(hash, preSharedKey, nonceI, nonceR);
        return TryDerive(hash, suite, skeyid, sharedSecret, cookieI, cookieR, out keys);
    }

    /// <summary>
    /// Derives SKEYID_d, SKEYID_a, SKEYID_e and the cipher key from SKEYID, whatever the
    /// authentication method that produced it (RFC 2409 §5).
    /// </summary>
    public static bool TryDerive(IkeHash hash, IkeCipherSuite suite, ReadOnlySpan<byte> skeyid, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> cookieI, ReadOnlySpan<byte> cookieR, [NotNullWhen(true)] out KeyMaterial? keys)
    {
        if (cookieI.Length != 8 || cookieR.Length != 8)
        {
            throw new ArgumentException("ISAKMP cookies are 8 bytes");
        }

        var length = hash.Length;
        var d = new byte[length];
        var a = new byte[length];
        var e = new byte[length];
        using (var prf = hash.CreatePrf(skeyid))
        {
            // SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
            prf.Append(sharedSecret);
            prf.Append(cookieI);
            prf.Append(cookieR);
            prf.Append([0]);
            prf.Finish(d);

            // SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
            prf.Append(d);
            prf.Append(sharedSecret);
            prf.Append(cookieI);
            prf.Append(cookieR);
            prf.Append([1]);
            prf.Finish(a);

            // SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
            prf.Append(a);
            prf.Append(sharedSecret);
            prf.Append(cookieI);
            prf.Append(cookieR);
            prf.Append([2]);
            prf.Finish(e);
        }

        var key = ExpandEncryptionKey(hash, e, suite.KeySize);
        var cipher = suite.TryCreate(key);
        if (cipher is null)
        {
            CryptographicOperations.ZeroMemory(d);
            CryptographicOperations.ZeroMemory(a);
            CryptographicOperations.ZeroMemory(e);
            CryptographicOperations.ZeroMemory(key);
            keys = null;
            return false;
        }

        keys = new KeyMaterial(hash, suite, cipher, skeyid.ToArray(), d, a, e, key, cookieI.ToArray(), cookieR.ToArray());
        return true;
    }

    /// <summary>
    /// The cipher key from SKEYID_e (RFC 2409 Appendix B): its first bytes when it is long enough,
    /// otherwise the first bytes of Ka = K1 | K2 | ..., with K1 = prf(SKEYID_e, 0) and Kn = prf(SKEYID_e, Kn-1).
    /// </summary>
    public static byte[] ExpandEncryptionKey(IkeHash hash, ReadOnlySpan<byte> skeyidE, int keySize)
    {
        var key = new byte[keySize];
        if (skeyidE.Length >= keySize)
        {
            skeyidE[..keySize].CopyTo(key);
            return key;
        }

        using var prf = hash.CreatePrf(skeyidE);
        Span<byte> block = stackalloc byte[hash.Length];
        prf.Append([0]);
        for (var offset = 0; offset < keySize; offset += block.Length)
        {
            prf.Finish(block);
            block[..Math.Min(block.Length, keySize - offset)].CopyTo(key.AsSpan(offset));
            prf.Append(block);
        }

        CryptographicOperations.ZeroMemory(block);
        return key;
    }

    /// <summary>
    /// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b) (RFC 2409 §5). The SA body
    /// is the initiator's SA payload without its generic header, the ID body likewise.
    /// </summary>
    public void ComputeHashI(ReadOnlySpan<byte> publicValueI, ReadOnlySpan<byte> publicValueR, ReadOnlySpan<byte> saBodyI,
        ReadOnlySpan<byte> idBodyI, Span<byte> destination)
    {
        prfSkeyid.Append(publicValueI);
        prfSkeyid.Append(publicValueR);
        prfSkeyid.Append(cookieI);
        prfSkeyid.Append(cookieR);
        prfSkeyid.Append(saBodyI);
        prfSkeyid.Append(idBodyI);
        prfSkeyid.Finish(destination);
    }

    /// <summary>HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b) (RFC 2409 §5): the initiator's SA, the responder's ID.</summary>
    public void ComputeHashR(ReadOnlySpan<byte> publicValueI, ReadOnlySpan<byte> publicValueR, ReadOnlySpan<byte> saBodyI,
        ReadOnlySpan<byte> idBodyR, Span<byte> destination)
    {
        prfSkeyid.Append(publicValueR);
        prfSkeyid.Append(publicValueI);
        prfSkeyid.Append(cookieR);
        prfSkeyid.Append(cookieI);
        prfSkeyid.Append(saBodyI);
        prfSkeyid.Append(idBodyR);
        prfSkeyid.Finish(destination);
    }

    /// <summary>
    /// prf(SKEYID_a, M-ID | payloads): HASH(1) of Quick Mode, and the HASH of informational and
    /// transaction exchanges (RFC 2409 §5.5, §5.7; draft-dukes-ike-mode-cfg). The payloads are the
    /// message after the HASH payload, generic headers included, padding excluded.
    /// </summary>
    public void ComputeMessageHash(uint messageId, ReadOnlySpan<byte> payloadsAfterHash, Span<byte> destination)
    {
        AppendMessageId(prfA, messageId);
        prfA.Append(payloadsAfterHash);
        prfA.Finish(destination);
    }

    /// <summary>Quick Mode HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE ] [| IDci | IDcr ]).</summary>
    public void ComputeQuickModeHash1(uint messageId, ReadOnlySpan<byte> payloadsAfterHash, Span<byte> destination) =>
        ComputeMessageHash(messageId, payloadsAfterHash, destination);

    /// <summary>Quick Mode HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE ] [| IDci | IDcr ]): Ni_b is the initiator's nonce body.</summary>
    public void ComputeQuickModeHash2(uint messageId, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> payloadsAfterHash, Span<byte> destination)
    {
        AppendMessageId(prfA, messageId);
        prfA.Append(nonceI);
        prfA.Append(payloadsAfterHash);
        prfA.Finish(destination);
    }

    /// <summary>Quick Mode HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b).</summary>
    public void ComputeQuickModeHash3(uint messageId, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, Span<byte> destination)
    {
        prfA.Append([0]);
        AppendMessageId(prfA, messageId);
        prfA.Append(nonceI);
        prfA.Append(nonceR);
        prfA.Finish(destination);
    }

    /// <summary>
    /// Phase-2 KEYMAT (RFC 2409 §5.5) for the SA with this SPI: K1 | K2 | ... with
    /// K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b) and
    /// Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b), cut to the destination's
    /// length. The PFS secret is empty without PFS. Nonces are always initiator's then responder's.
    /// </summary>
    public void ComputeKeymat(byte protocol, uint spi, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR,
        ReadOnlySpan<byte> pfsSharedSecret, Span<byte> keymat)
    {
        Span<byte> spiBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spiBytes, spi);
        Span<byte> block = stackalloc byte[Hash.Length];
        for (var offset = 0; offset < keymat.Length; offset += block.Length)
        {
            if (offset > 0)
            {
                prfD.Append(block);
            }

            prfD.Append(pfsSharedSecret);
            prfD.Append([protocol]);
            prfD.Append(spiBytes);
            prfD.Append(nonceI);
            prfD.Append(nonceR);
            prfD.Finish(block);
            block[..Math.Min(block.Length, keymat.Length - offset)].CopyTo(keymat[offset..]);
        }

        CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>
    /// The keys of an SA pair negotiated in one Quick Mode: each direction's KEYMAT cut into the
    /// encryption key first and the integrity key after it (RFC 2409 §5.5, as strongSwan and the
    /// Linux kernel take them). Inbound is keyed with our SPI, outbound with the peer's.
    /// </summary>
    public ChildSaKeys DeriveChildSaKeys(byte protocol, uint inboundSpi, uint outboundSpi, ReadOnlySpan<byte> nonceI,
        ReadOnlySpan<byte> nonceR, ReadOnlySpan<byte> pfsSharedSecret, int encryptionKeyLength, int integrityKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(encryptionKeyLength);
        ArgumentOutOfRangeException.ThrowIfNegative(integrityKeyLength);
        Span<byte> keymat = stackalloc byte[encryptionKeyLength + integrityKeyLength];
        ComputeKeymat(protocol, inboundSpi, nonceI, nonceR, pfsSharedSecret, keymat);
        var inbound = new SaKeys(inboundSpi, keymat[..encryptionKeyLength].ToArray(), keymat[encryptionKeyLength..].ToArray());
        ComputeKeymat(protocol, outboundSpi, nonceI, nonceR, pfsSharedSecret, keymat);
        var outbound = new SaKeys(outboundSpi, keymat[..encryptionKeyLength].ToArray(), keymat[encryptionKeyLength..].ToArray());
        CryptographicOperations.ZeroMemory(keymat);
        return new ChildSaKeys(inbound, outbound);
    }

    /// <summary>
    /// The IV chain of this SA, its phase-1 IV set from the two public values (the KE payload
    /// bodies, initiator's first). The chain uses <see cref="Cipher"/>, so it must not outlive this.
    /// </summary>
    public IvChain CreateIvChain(ReadOnlySpan<byte> publicValueI, ReadOnlySpan<byte> publicValueR, int capacity = 8)
    {
        var chain = new IvChain(Hash, Cipher, capacity);
        chain.SetPhase1Iv(publicValueI, publicValueR);
        return chain;
    }

    /// <summary>Constant-time comparison of a received HASH with a computed one.</summary>
    public static bool HashesEqual(ReadOnlySpan<byte> received, ReadOnlySpan<byte> computed) =>
        CryptographicOperations.FixedTimeEquals(received, computed);

    public void Dispose()
    {
        prfSkeyid.Dispose();
        prfA.Dispose();
        prfD.Dispose();
        Cipher.Dispose();
        CryptographicOperations.ZeroMemory(skeyid);
        CryptographicOperations.ZeroMemory(skeyidD);
        CryptographicOperations.ZeroMemory(skeyidA);
        CryptographicOperations.ZeroMemory(skeyidE);
        CryptographicOperations.ZeroMemory(encryptionKey);
    }

    private static void AppendMessageId(IIkeDigest prf, uint messageId)
    {
        Span<byte> mid = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(mid, messageId);
        prf.Append(mid);
    }
}

/// <summary>One direction of an IPsec SA: its SPI and keys.</summary>
public sealed record SaKeys(uint Spi, byte[] EncryptionKey, byte[] IntegrityKey);

/// <summary>The SA pair of one Quick Mode: inbound (our SPI) and outbound (the peer's SPI).</summary>
public sealed record ChildSaKeys(SaKeys Inbound, SaKeys Outbound);
