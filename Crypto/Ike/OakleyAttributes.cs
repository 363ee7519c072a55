using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>Phase-1 SA attribute classes and values (RFC 2409 Appendix A; XAUTH: draft-beaulieu-ike-xauth-02 §7.2).</summary>
public static class OakleyAttributes
{
    public const ushort EncryptionAlgorithm = 1, HashAlgorithm = 2, AuthenticationMethod = 3, GroupDescription = 4,
        LifeType = 11, LifeDuration = 12, KeyLength = 14;

    public const ushort DesCbc = 1, TripleDesCbc = 5, AesCbc = 7;
    public const ushort Md5 = 1, Sha = 2;
    public const ushort PreSharedKey = 1, RsaSignature = 3, XauthInitPreShared = 65001;
    public const ushort LifeSeconds = 1, LifeKilobytes = 2;

    /// <summary>Transform ID of every phase-1 transform (RFC 2407 §4.4.2).</summary>
    public const byte KeyIke = 1;
    /// <summary>Protocol ID of the phase-1 proposal (RFC 2407 §4.4.1).</summary>
    public const byte ProtocolIsakmp = SecurityProtocols.Isakmp;
}

/// <summary>Notify message types (RFC 2408 §3.14.1, RFC 2407 §4.6.3, RFC 3706).</summary>
public static class NotifyTypes
{
    public const ushort InvalidPayloadType = 1, InvalidCookie = 4, NoProposalChosen = 14, InvalidIdInformation = 18,
        InvalidHashInformation = 23, AuthenticationFailed = 24;
    public const ushort ResponderLifetime = 24576, ReplayStatus = 24577, InitialContact = 24578;
    public const ushort RUThere = 36136, RUThereAck = 36137;

    /// <summary>The name the ASA's debug gives a notify type (RFC 2408 §3.14.1 names, underscores; reference §2.8).</summary>
    public static string Name(ushort type) => type switch
    {
        InvalidPayloadType => "INVALID_PAYLOAD_TYPE",
        InvalidCookie => "INVALID_COOKIE",
        NoProposalChosen => "NO_PROPOSAL_CHOSEN",
        InvalidIdInformation => "INVALID_ID_INFO",
        InvalidHashInformation => "INVALID_HASH_INFO",
        AuthenticationFailed => "AUTH_FAILED",
        _ => $"type {type}",
    };
}
