using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>The transforms chosen for an IKE SA (RFC 7296 §3.3): encryption with its key size, PRF, integrity, Diffie-Hellman group.</summary>
public sealed record IkeSuite(ushort Encryption, int? KeyBits, ushort Prf, ushort Integrity, ushort Group)
{
    public IkeHash PrfHash => TransformIds.Prf(Prf)!;
    public DhGroup DhGroup => DhGroup.FromAttribute(Group)!;

    public int EncryptionKeyLength => TransformIds.TryGetEncryptionKeyLength(Encryption, KeyBits, out var length) ? length : 0;

    public int IntegrityKeyLength => TransformIds.TryGetIntegrity(Integrity, out var length, out _) ? length : 0;

    /// <summary>The proposal that states the choice in the responder's SA payload (§2.7: one transform of each type).</summary>
    public Ikev2Proposal Proposal(byte number, ReadOnlyMemory<byte> spi = default)
    {
        var transforms = new List<Ikev2Transform> { Ikev2Suites.Transform(TransformType.Encryption, Encryption, KeyBits), new(TransformType.Prf, Prf, []) };
        if (Integrity != TransformIds.AuthNone) transforms.Add(new(TransformType.Integrity, Integrity, []));
        transforms.Add(new(TransformType.DiffieHellman, Group, []));
        return new Ikev2Proposal(number, Ikev2Protocols.Ike, spi, transforms);
    }
}

/// <summary>The transforms chosen for a Child SA (ESP): encryption with its key size and integrity (none for the combined modes).</summary>
public sealed record EspSuite(ushort Encryption, int? KeyBits, ushort Integrity, string ProposalName)
{
    /// <summary>The transform in the IPsec DOI numbers the dataplane keys its SAs by (the encryption IDs are shared).</summary>
    public EspTransform Transform => new((byte)Encryption, KeyBits, Ikev2Suites.DoiIntegrity(Integrity), ProposalName);

    public Ikev2Proposal Proposal(byte number, uint spi)
    {
        var transforms = new List<Ikev2Transform> { Ikev2Suites.Transform(TransformType.Encryption, Encryption, KeyBits) };
        if (Integrity != TransformIds.AuthNone) transforms.Add(new(TransformType.Integrity, Integrity, []));
        transforms.Add(new(TransformType.ExtendedSequenceNumbers, TransformIds.NoEsn, []));
        return new Ikev2Proposal(number, Ikev2Protocols.Esp, Ikev2Suites.SpiBytes(spi), transforms);
    }
}

/// <summary>
/// The ASA's IKEv2 keywords as RFC 7296 transforms, the proposals a configuration offers, and the
/// choice among a peer's proposals (§2.7): the peer's proposals in its order, each against our
/// policies by priority, the first transform of each type the policy allows.
/// </summary>
public static class Ikev2Suites
{
    /// <summary>A <c>crypto ikev2 policy</c> <c>encryption</c> keyword (also <c>protocol esp encryption</c>'s without the dash forms).</summary>
    public static (ushort Id, int? Bits)? PolicyCipher(string keyword) => keyword switch
    {
        "aes-gcm-256" => (TransformIds.EncrAesGcm16, 256),
        "aes-gcm-192" => (TransformIds.EncrAesGcm16, 192),
        "aes-gcm" => (TransformIds.EncrAesGcm16, 128),
        "aes-256" => (TransformIds.EncrAesCbc, 256),
        "aes-192" => (TransformIds.EncrAesCbc, 192),
        "aes" => (TransformIds.EncrAesCbc, 128),
        "3des" => (TransformIds.Encr3Des, null),
        "des" => (TransformIds.EncrDes, null),
        _ => null,
    };

    /// <summary><c>protocol esp encryption</c>: the policy's ciphers, the GMAC ones and <c>null</c>.</summary>
    public static (ushort Id, int? Bits)? EspCipher(string keyword) => keyword switch
    {
        "aes-gmac-256" => (TransformIds.EncrNullAuthAesGmac, 256),
        "aes-gmac-192" => (TransformIds.EncrNullAuthAesGmac, 192),
        "aes-gmac" => (TransformIds.EncrNullAuthAesGmac, 128),
        "null" => (TransformIds.EncrNull, null),
        _ => PolicyCipher(keyword),
    };

    /// <summary>The policy's <c>integrity</c> and <c>prf</c> keywords, and <c>protocol esp integrity</c>'s dashed ones.</summary>
    public static ushort? Integrity(string keyword) => keyword switch
    {
        "sha512" or "sha-512" => TransformIds.AuthHmacSha512_256,
        "sha384" or "sha-384" => TransformIds.AuthHmacSha384_192,
        "sha256" or "sha-256" => TransformIds.AuthHmacSha256_128,
        "sha" or "sha-1" => TransformIds.AuthHmacSha1_96,
        "md5" => TransformIds.AuthHmacMd5_96,
        "null" => TransformIds.AuthNone,
        _ => null,
    };

    public static ushort? Prf(string keyword) => keyword switch
    {
        "sha512" => TransformIds.PrfHmacSha512,
        "sha384" => TransformIds.PrfHmacSha384,
        "sha256" => TransformIds.PrfHmacSha256,
        "sha" => TransformIds.PrfHmacSha1,
        "md5" => TransformIds.PrfHmacMd5,
        _ => null,
    };

    /// <summary>The IPsec DOI Authentication Algorithm of an IKEv2 integrity transform (RFC 2407 §4.5, RFC 4868), null for none.</summary>
    public static ushort? DoiIntegrity(ushort integrity) => integrity switch
    {
        TransformIds.AuthHmacMd5_96 => EspKeySizes.HmacMd5,
        TransformIds.AuthHmacSha1_96 => EspKeySizes.HmacSha1,
        TransformIds.AuthHmacSha256_128 => EspKeySizes.HmacSha256,
        TransformIds.AuthHmacSha384_192 => EspKeySizes.HmacSha384,
        TransformIds.AuthHmacSha512_256 => EspKeySizes.HmacSha512,
        _ => null,
    };

    internal static Ikev2Transform Transform(TransformType type, ushort id, int? bits) =>
        new(type, id, bits is { } b ? [DataAttribute.Basic(TransformIds.KeyLengthAttribute, (ushort)b)] : []);

    internal static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }

    /// <summary>Whether AsaEmu can protect IKE messages with the pair (SK: AES-CBC with HMAC, AES-GCM alone) and knows the group.</summary>
    private static bool Runnable(IkeSuite s) =>
        (s.Encryption == TransformIds.EncrAesCbc && s.Integrity != TransformIds.AuthNone || s.Encryption == TransformIds.EncrAesGcm16 && s.Integrity == TransformIds.AuthNone)
        && TransformIds.Prf(s.Prf) is not null && DhGroup.FromAttribute(s.Group) is not null;

    /// <summary>
    /// The proposals this end offers as initiator: one per <c>crypto ikev2 policy</c>, by priority, with
    /// all its transforms (§3.3: several of a type mean any one of them). The combined-mode ciphers go in
    /// a proposal of their own without integrity (RFC 5282 §8).
    /// </summary>
    public static List<Ikev2Proposal> Offer(AsaConfig config)
    {
        var proposals = new List<Ikev2Proposal>();
        foreach (var policy in config.All<Ikev2Policy>().OrderBy(p => p.Priority))
        {
            foreach (var combined in new[] { true, false })
            {
                var ciphers = policy.Encryption.Where(e => Ikev2Algorithms.IsCombinedMode(e) == combined).Select(PolicyCipher).OfType<(ushort Id, int? Bits)>()
                    .Where(c => c.Id is TransformIds.EncrAesCbc or TransformIds.EncrAesGcm16).ToList();
                var integrity = combined ? [] : policy.Integrity.Select(Integrity).OfType<ushort>().Where(i => i != TransformIds.AuthNone).ToList();
                var groups = policy.Groups.Where(g => DhGroup.FromAttribute((ushort)g) is not null).ToList();
                var prfs = policy.Prf.Select(Prf).OfType<ushort>().ToList();
                if (ciphers.Count == 0 || (!combined && integrity.Count == 0) || groups.Count == 0 || prfs.Count == 0 || proposals.Count == 255) continue;
                var transforms = ciphers.Select(c => Transform(TransformType.Encryption, c.Id, c.Bits))
                    .Concat(prfs.Select(p => new Ikev2Transform(TransformType.Prf, p, [])))
                    .Concat(integrity.Select(i => new Ikev2Transform(TransformType.Integrity, i, [])))
                    .Concat(groups.Select(g => new Ikev2Transform(TransformType.DiffieHellman, (ushort)g, [])));
                proposals.Add(new Ikev2Proposal((byte)(proposals.Count + 1), Ikev2Protocols.Ike, default, [.. transforms]));
            }
        }
        return proposals;
    }

    /// <summary>The group this end's first KE payload uses: the first group of the first proposal (§1.2: a guess the responder may correct).</summary>
    public static ushort FirstGroup(IReadOnlyList<Ikev2Proposal> offer) =>
        offer.SelectMany(p => p.Transforms).First(t => t.Type == TransformType.DiffieHellman).Id;

    /// <summary>
    /// The responder's choice for a peer's IKE_SA_INIT SA payload, with the number of the proposal it
    /// came from; null for NO_PROPOSAL_CHOSEN (§2.7).
    /// </summary>
    /// <param name="rekey">The proposals of an IKE SA rekey (CREATE_CHILD_SA), which carry the new SA's 8-octet SPI (§1.3.2).</param>
    public static (IkeSuite Suite, byte Number)? ChooseIke(AsaConfig config, Ikev2SaPayload offered, bool rekey = false)
    {
        var policies = config.All<Ikev2Policy>().OrderBy(p => p.Priority).ToList();
        foreach (var proposal in offered.Proposals.Where(p => p.ProtocolId == Ikev2Protocols.Ike && p.Spi.Length == (rekey ? 8 : 0)))
            foreach (var policy in policies)
                if (ChooseIke(policy, proposal) is { } suite) return (suite, proposal.Number);
        return null;
    }

    /// <summary>Whether the responder's one-transform-per-type answer is one of the proposals we offered; the suite if so.</summary>
    public static IkeSuite? AcceptIke(IReadOnlyList<Ikev2Proposal> offered, Ikev2SaPayload answer)
    {
        if (answer.Proposals.Count != 1 || answer.Proposals[0] is not { ProtocolId: Ikev2Protocols.Ike } chosen) return null;
        if (offered.FirstOrDefault(p => p.Number == chosen.Number) is not { } ours) return null;
        var suite = Single(chosen, out var ok);
        if (!ok || suite is null) return null;
        var all = chosen.Transforms.All(t => ours.Transforms.Any(o => o.Type == t.Type && o.Id == t.Id && o.KeyBits == t.KeyBits));
        return all && Runnable(suite) ? suite : null;
    }

    private static IkeSuite? Single(Ikev2Proposal p, out bool ok)
    {
        ok = p.Transforms.GroupBy(t => t.Type).All(g => g.Count() == 1);
        var encr = p.Transforms.FirstOrDefault(t => t.Type == TransformType.Encryption);
        var prf = p.Transforms.FirstOrDefault(t => t.Type == TransformType.Prf);
        var integ = p.Transforms.FirstOrDefault(t => t.Type == TransformType.Integrity);
        var dh = p.Transforms.FirstOrDefault(t => t.Type == TransformType.DiffieHellman);
        if (encr is null || prf is null || dh is null) return null;
        return new IkeSuite(encr.Id, encr.KeyBits, prf.Id, integ?.Id ?? TransformIds.AuthNone, dh.Id);
    }

    private static IkeSuite? ChooseIke(Ikev2Policy policy, Ikev2Proposal proposal)
    {
        var ciphers = policy.Encryption.Select(PolicyCipher).OfType<(ushort Id, int? Bits)>().ToList();
        var integrity = policy.Integrity.Select(Integrity).OfType<ushort>().ToList();
        var prfs = policy.Prf.Select(Prf).OfType<ushort>().ToList();
        // Unknown transform types (§3.3.6: the proposal is refused when one is mandatory) and
        // anything not in the policy rule the proposal out.
        var encr = proposal.Transforms.FirstOrDefault(t => t.Type == TransformType.Encryption && ciphers.Contains((t.Id, t.KeyBits)));
        var prf = proposal.Transforms.FirstOrDefault(t => t.Type == TransformType.Prf && prfs.Contains(t.Id));
        var dh = proposal.Transforms.FirstOrDefault(t => t.Type == TransformType.DiffieHellman && policy.Groups.Contains(t.Id));
        if (encr is null || prf is null || dh is null) return null;
        ushort integ = TransformIds.AuthNone;
        if (encr.Id != TransformIds.EncrAesGcm16)
        {
            if (proposal.Transforms.FirstOrDefault(t => t.Type == TransformType.Integrity && t.Id != TransformIds.AuthNone && integrity.Contains(t.Id)) is not { } i) return null;
            integ = i.Id;
        }
        var suite = new IkeSuite(encr.Id, encr.KeyBits, prf.Id, integ, dh.Id);
        return Runnable(suite) ? suite : null;
    }

    /// <summary>
    /// The lifetime of an IKE SA with <paramref name="suite"/>: that of the first <c>crypto ikev2 policy</c>
    /// (by priority) that allows its transforms, as IKEv2 does not negotiate it (§2.8); 0 for <c>lifetime none</c>.
    /// </summary>
    public static long Lifetime(AsaConfig config, IkeSuite suite)
    {
        var policy = config.All<Ikev2Policy>().OrderBy(p => p.Priority).FirstOrDefault(p => p.Groups.Contains(suite.Group)
            && p.Prf.Any(k => Prf(k) == suite.Prf) && p.Encryption.Any(k => PolicyCipher(k) == (suite.Encryption, suite.KeyBits)));
        return policy is null ? Ikev2Policy.DefaultLifetime : policy.Lifetime ?? 0;
    }

    /// <summary>The ESP suites of a crypto map entry's <c>set ikev2 ipsec-proposal</c> names, in order, as proposals (§3.3.1).</summary>
    public static List<EspSuite> EspSuites(AsaConfig config, CryptoMapEntry entry)
    {
        var suites = new List<EspSuite>();
        foreach (var proposal in entry.IpsecProposals.Select(n => config.Get<Ikev2IpsecProposal>(n)).OfType<Ikev2IpsecProposal>())
            foreach (var cipher in proposal.Encryption.Select(EspCipher).OfType<(ushort Id, int? Bits)>())
            {
                if (Ikev2Algorithms.IsCombinedMode(EspKeyword(cipher.Id)))
                {
                    suites.Add(new EspSuite(cipher.Id, cipher.Bits, TransformIds.AuthNone, proposal.Name));
                    continue;
                }
                foreach (var integ in proposal.Integrity.Select(Integrity).OfType<ushort>())
                    if (cipher.Id != TransformIds.EncrNull || integ != TransformIds.AuthNone)
                        suites.Add(new EspSuite(cipher.Id, cipher.Bits, integ, proposal.Name));
            }
        return [.. suites.Where(s => EspKeySizes.TryGet((byte)s.Encryption, s.KeyBits, DoiIntegrity(s.Integrity), out _, out _))];
    }

    private static string EspKeyword(ushort id) => id switch
    {
        TransformIds.EncrAesGcm16 => "aes-gcm",
        TransformIds.EncrNullAuthAesGmac => "aes-gmac",
        _ => "",
    };

    /// <summary>
    /// The ESP proposals this end offers for <paramref name="spi"/>: one per suite (the ASA sends a
    /// proposal per cipher and integrity pair [M]).
    /// </summary>
    public static List<Ikev2Proposal> EspOffer(IReadOnlyList<EspSuite> suites, uint spi) =>
        [.. suites.Take(255).Select((s, i) => s.Proposal((byte)(i + 1), spi))];

    /// <summary>
    /// The responder's choice of a Child SA from the peer's ESP proposals and our suites: the first
    /// proposal (peer's order) with a 4-octet SPI that one of our suites matches, no ESN. A DH transform
    /// in IKE_AUTH's proposals is ignored (§1.2: the first Child SA has no KE of its own).
    /// </summary>
    public static (EspSuite Suite, byte Number, uint PeerSpi)? ChooseEsp(IReadOnlyList<EspSuite> ours, Ikev2SaPayload offered)
    {
        foreach (var p in offered.Proposals.Where(p => p.ProtocolId == Ikev2Protocols.Esp && p.Spi.Length == 4))
        {
            var esnOk = !p.Transforms.Any(t => t.Type == TransformType.ExtendedSequenceNumbers)
                || p.Transforms.Any(t => t.Type == TransformType.ExtendedSequenceNumbers && t.Id == TransformIds.NoEsn);
            if (!esnOk) continue;
            foreach (var suite in ours)
            {
                var encr = p.Transforms.Any(t => t.Type == TransformType.Encryption && t.Id == suite.Encryption && t.KeyBits == suite.KeyBits);
                var integ = suite.Integrity == TransformIds.AuthNone
                    ? !p.Transforms.Any(t => t.Type == TransformType.Integrity && t.Id != TransformIds.AuthNone)
                    : p.Transforms.Any(t => t.Type == TransformType.Integrity && t.Id == suite.Integrity);
                if (encr && integ) return (suite, p.Number, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p.Spi.Span));
            }
        }
        return null;
    }

    /// <summary>The initiator's check of the responder's Child SA answer: one of the suites offered, with the peer's SPI.</summary>
    public static (EspSuite Suite, uint PeerSpi)? AcceptEsp(IReadOnlyList<EspSuite> offered, Ikev2SaPayload answer)
    {
        if (answer.Proposals.Count != 1 || answer.Proposals[0] is not { ProtocolId: Ikev2Protocols.Esp } p || p.Spi.Length != 4) return null;
        var number = p.Number;
        if (number < 1 || number > offered.Count) return null;
        var suite = offered[number - 1];
        var encr = p.Transforms.FirstOrDefault(t => t.Type == TransformType.Encryption);
        var integ = p.Transforms.FirstOrDefault(t => t.Type == TransformType.Integrity)?.Id ?? TransformIds.AuthNone;
        if (encr is null || encr.Id != suite.Encryption || encr.KeyBits != suite.KeyBits || integ != suite.Integrity) return null;
        return (suite, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p.Spi.Span));
    }
}
