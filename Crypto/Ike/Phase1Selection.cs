using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The phase-1 transform the ASA accepted and what it means: the policy that matched, the cipher,
/// hash and group, the authentication method, and the lifetime (the policy's when the client
/// asked for longer, which the ASA then announces with RESPONDER-LIFETIME).
/// </summary>
public sealed record Phase1Selection(
    IkePolicy Policy,
    Proposal Proposal,
    Transform Transform,
    IkeCipherSuite Cipher,
    IkeHash Hash,
    DhGroup Group,
    ushort AuthenticationMethod,
    long LifetimeSeconds,
    bool LifetimeLowered)
{
    public bool Xauth => AuthenticationMethod == OakleyAttributes.XauthInitPreShared;
}

/// <summary>
/// Matches the client's phase-1 proposal against the <c>crypto ikev1 policy</c> entries: the
/// first policy, by priority, that accepts any offered transform wins (reference §4.4). A match
/// needs the same cipher (and AES key length), hash, group and authentication method; a longer
/// offered lifetime is accepted with the policy's.
/// </summary>
public static class Phase1Selector
{
    /// <param name="authenticationMethods">The methods the tunnel-group allows: XAUTHInitPreShared when it requires XAUTH, else pre-shared key.</param>
    public static Phase1Selection? Select(IReadOnlyList<IkePolicy> policies, SaPayload sa, IReadOnlySet<ushort> authenticationMethods)
    {
        foreach (var policy in policies)
            foreach (var proposal in sa.Proposals.Where(p => p.ProtocolId == OakleyAttributes.ProtocolIsakmp))
                foreach (var transform in proposal.Transforms)
                    if (Match(policy, proposal, transform, authenticationMethods) is { } selection)
                        return selection;
        return null;
    }

    private static Phase1Selection? Match(IkePolicy policy, Proposal proposal, Transform t, IReadOnlySet<ushort> methods)
    {
        if (t.TransformId != OakleyAttributes.KeyIke) return null;
        var encryption = t.Attribute(OakleyAttributes.EncryptionAlgorithm)?.Number;
        var keyLength = t.Attribute(OakleyAttributes.KeyLength)?.Number;
        var hash = t.Attribute(OakleyAttributes.HashAlgorithm)?.Number;
        var group = t.Attribute(OakleyAttributes.GroupDescription)?.Number;
        var auth = t.Attribute(OakleyAttributes.AuthenticationMethod)?.Number;
        if (encryption is null || hash is null || group is null || auth is null) return null;

        var (wantEncryption, wantKeyBits) = PolicyCipher(policy.Encryption);
        if (encryption != wantEncryption) return null;
        if (wantEncryption == OakleyAttributes.AesCbc ? keyLength != (ulong?)wantKeyBits : keyLength is not null) return null;
        if (hash != PolicyHash(policy.Hash) || group != (ulong)policy.Group) return null;
        if (policy.Authentication != "pre-share" || !methods.Contains((ushort)auth)) return null;

        var cipher = IkeCipherSuite.FromAttributes((ushort)encryption, keyLength is null ? null : (int)keyLength);
        var ikeHash = IkeHash.FromAttribute((ushort)hash);
        var dh = DhGroup.FromAttribute((ushort)group);
        if (cipher is null || ikeHash is null || dh is null) return null;

        var offered = OfferedLifetime(t);
        var policyLifetime = policy.Lifetime ?? long.MaxValue;
        var lowered = offered is null || offered > policyLifetime;
        var lifetime = lowered ? (policy.Lifetime ?? offered ?? IkePolicy.DefaultLifetime) : offered!.Value;
        return new Phase1Selection(policy, proposal, t, cipher, ikeHash, dh, (ushort)auth, lifetime, lowered && offered is not null);
    }

    /// <summary>The offered lifetime in seconds; kilobyte lifetimes are not limits the ASA applies to IKE SAs.</summary>
    private static long? OfferedLifetime(Transform t)
    {
        long? seconds = null;
        for (var i = 0; i < t.Attributes.Count; i++)
        {
            if (t.Attributes[i].Type != OakleyAttributes.LifeType || i + 1 >= t.Attributes.Count) continue;
            var duration = t.Attributes[i + 1];
            if (duration.Type == OakleyAttributes.LifeDuration && t.Attributes[i].Number == OakleyAttributes.LifeSeconds)
                seconds = (long)duration.Number;
        }
        return seconds;
    }

    /// <summary>
    /// The phase-1 selection an answer to our own offer makes (an SA this end initiated): the
    /// transform the responder chose, described as a <c>crypto ikev1 policy</c> would say it.
    /// Null when it is not a transform AsaEmu can run.
    /// </summary>
    public static Phase1Selection? Chosen(Proposal proposal, Transform t)
    {
        var encryption = (ushort)(t.Attribute(OakleyAttributes.EncryptionAlgorithm)?.Number ?? 0);
        var keyBits = (int?)t.Attribute(OakleyAttributes.KeyLength)?.Number;
        var hash = (ushort)(t.Attribute(OakleyAttributes.HashAlgorithm)?.Number ?? 0);
        var group = (ushort)(t.Attribute(OakleyAttributes.GroupDescription)?.Number ?? 0);
        var cipher = IkeCipherSuite.FromAttributes(encryption, keyBits);
        var ikeHash = IkeHash.FromAttribute(hash);
        var dh = DhGroup.FromAttribute(group);
        var name = new[] { "des", "3des", "aes", "aes-192", "aes-256" }.FirstOrDefault(n => PolicyCipher(n) == (encryption, encryption == OakleyAttributes.AesCbc ? keyBits ?? 128 : null));
        var hashName = new[] { "md5", "sha", "sha256", "sha384", "sha512" }.FirstOrDefault(n => PolicyHash(n) == hash);
        if (cipher is null || ikeHash is null || dh is null || name is null || hashName is null) return null;
        var lifetime = OfferedLifetime(t) ?? IkePolicy.DefaultLifetime;
        var policy = new IkePolicy(0) { Encryption = name, Hash = hashName, Group = group, Lifetime = lifetime };
        var auth = (ushort)(t.Attribute(OakleyAttributes.AuthenticationMethod)?.Number ?? OakleyAttributes.PreSharedKey);
        return new Phase1Selection(policy, proposal, t, cipher, ikeHash, dh, auth, lifetime, LifetimeLowered: false);
    }

    public static (ulong Algorithm, int? KeyBits) PolicyCipher(string encryption) => encryption switch
    {
        "des" => (OakleyAttributes.DesCbc, null),
        "3des" => (OakleyAttributes.TripleDesCbc, null),
        "aes" => (OakleyAttributes.AesCbc, 128),
        "aes-192" => (OakleyAttributes.AesCbc, 192),
        "aes-256" => (OakleyAttributes.AesCbc, 256),
        _ => (0, null),
    };

    public static ulong PolicyHash(string hash) => hash switch
    {
        "md5" => OakleyAttributes.Md5,
        "sha" => OakleyAttributes.Sha,
        "sha256" => 4,
        "sha384" => 5,
        "sha512" => 6,
        _ => 0,
    };
}
