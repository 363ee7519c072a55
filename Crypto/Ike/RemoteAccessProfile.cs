using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What an EzVPN software client brings to a headend (a Cisco VPN client profile, vpnc's config):
/// where the headend is, the group and its pre-shared key, the XAUTH user, and what it offers. The
/// defaults are the Cisco VPN client's (reference §2.4; vpnc offers the same): AES-256, AES-128 and
/// 3DES with SHA and MD5, Diffie-Hellman group 2, XAUTH, NAT-T, and the Mode Config attributes it
/// asks for. The engine runs it with <see cref="IkeEngine.Connect"/>.
/// </summary>
public sealed record RemoteAccessProfile(IPEndPoint Local, IPEndPoint Server, string Group, string GroupKey, string Username, string Password)
{
    /// <summary>The Diffie-Hellman group of phase 1 (and of every transform offered).</summary>
    public int DhGroup { get; init; } = 2;

    /// <summary>Phase-1 ciphers offered, each with SHA and MD5: (Oakley encryption algorithm, key bits).</summary>
    public IReadOnlyList<(ushort Algorithm, ushort? KeyBits)> Phase1Ciphers { get; init; } =
        [(OakleyAttributes.AesCbc, 256), (OakleyAttributes.AesCbc, 128), (OakleyAttributes.TripleDesCbc, null)];

    /// <summary>Phase 1 in aggressive mode (the Cisco client's, vpnc's) or main mode (Android's and iOS's "IPsec Xauth PSK", keyed by the headend's DefaultRAGroup).</summary>
    public Isakmp.ExchangeType Mode { get; init; } = Isakmp.ExchangeType.Aggressive;

    /// <summary>Authenticate the user with XAUTH after phase 1 (XAUTHInitPreShared); false offers plain pre-shared keys.</summary>
    public bool Xauth { get; init; } = true;

    /// <summary>The phase-1 lifetime asked for, seconds (the Cisco client asks for about 24 days; the headend grants its own).</summary>
    public uint Phase1Lifetime { get; init; } = 2147483;

    /// <summary>Offer NAT-T (the RFC 3947 VID): with the headend's agreement the SA floats to UDP 4500 for message 3.</summary>
    public bool NatTraversal { get; init; } = true;

    /// <summary>ESP transforms offered in Quick Mode, best first: (transform ID, key bits, integrity).</summary>
    public IReadOnlyList<(byte TransformId, int? KeyBits, ushort Integrity)> EspTransforms { get; init; } =
    [
        (EspKeySizes.EspAes, 256, EspKeySizes.HmacSha1), (EspKeySizes.EspAes, 256, EspKeySizes.HmacMd5),
        (EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1), (EspKeySizes.EspAes, 128, EspKeySizes.HmacMd5),
        (EspKeySizes.Esp3Des, null, EspKeySizes.HmacSha1), (EspKeySizes.Esp3Des, null, EspKeySizes.HmacMd5),
    ];

    /// <summary>The IPsec SA lifetime asked for, seconds.</summary>
    public uint Phase2Lifetime { get; init; } = 2147483;

    /// <summary>Perfect forward secrecy in Quick Mode with this Diffie-Hellman group (vpnc <c>--pfs dhN</c>); null: none.</summary>
    public int? PfsGroup { get; init; }

    /// <summary>Ask for Mode Config after XAUTH; false: a hardware client with nothing to ask (strongSwan without a virtual IP) begins its Quick Mode at once.</summary>
    public bool ModeConfig { get; init; } = true;

    /// <summary>What Mode Config asks the headend for, in the Cisco client's order.</summary>
    public IReadOnlyList<ushort> RequestedAttributes { get; init; } =
    [
        ModeCfgAttributes.InternalIp4Address, ModeCfgAttributes.InternalIp4Netmask, ModeCfgAttributes.InternalIp4Dns,
        ModeCfgAttributes.InternalIp4Nbns, ModeCfgAttributes.InternalAddressExpiry, ModeCfgAttributes.UnityBanner,
        ModeCfgAttributes.UnitySavePasswd, ModeCfgAttributes.UnityDefDomain, ModeCfgAttributes.UnitySplitInclude,
        ModeCfgAttributes.UnitySplitDns, ModeCfgAttributes.UnityPfs, ModeCfgAttributes.ApplicationVersion,
    ];

    /// <summary>The phase-1 transforms this profile offers, as AM1 or MM1 carry them.</summary>
    public IReadOnlyList<Isakmp.Transform> Phase1Transforms()
    {
        var transforms = new List<Isakmp.Transform>();
        byte n = 0;
        foreach (var (cipher, keyBits) in Phase1Ciphers)
            foreach (var hash in new ushort[] { OakleyAttributes.Sha, OakleyAttributes.Md5 })
            {
                var attributes = new List<Isakmp.DataAttribute>();
                if (keyBits is { } bits) attributes.Add(Isakmp.DataAttribute.Basic(OakleyAttributes.KeyLength, bits));
                attributes.Add(Isakmp.DataAttribute.Basic(OakleyAttributes.EncryptionAlgorithm, cipher));
                attributes.Add(Isakmp.DataAttribute.Basic(OakleyAttributes.HashAlgorithm, hash));
                attributes.Add(Isakmp.DataAttribute.Basic(OakleyAttributes.GroupDescription, (ushort)DhGroup));
                attributes.Add(Isakmp.DataAttribute.Basic(OakleyAttributes.AuthenticationMethod, Xauth ? OakleyAttributes.XauthInitPreShared : OakleyAttributes.PreSharedKey));
                attributes.Add(Isakmp.DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds));
                attributes.Add(Isakmp.DataAttribute.Integer(OakleyAttributes.LifeDuration, Phase1Lifetime));
                transforms.Add(new Isakmp.Transform(n++, OakleyAttributes.KeyIke, attributes));
            }
        return transforms;
    }

    /// <summary>
    /// A hardware client in network extension mode: it asks Mode Config for no address and proposes this
    /// network (its LAN) as its Quick Mode proxy; null for a software client.
    /// </summary>
    public (Ipv4 Network, Ipv4 Mask)? NetworkExtension { get; init; }

    /// <summary>What the client says it is (the Application Version attribute).</summary>
    public string ApplicationVersion { get; init; } = "AsaEmu EzVPN client";
}
