namespace AsaEmu.Crypto.Isakmp;

/// <summary>ISAKMP next-payload values (RFC 2408 §3.1, RFC 3947 §3, draft-ietf-ipsec-nat-t-ike-02).</summary>
public enum PayloadType : byte
{
    None = 0,
    SecurityAssociation = 1,
    Proposal = 2,
    Transform = 3,
    KeyExchange = 4,
    Identification = 5,
    Certificate = 6,
    CertificateRequest = 7,
    Hash = 8,
    Signature = 9,
    Nonce = 10,
    Notification = 11,
    Delete = 12,
    VendorId = 13,
    /// <summary>Mode-Config/XAUTH attributes (draft-dukes-ike-mode-cfg-02).</summary>
    Attribute = 14,
    NatDiscovery = 20,
    NatOriginalAddress = 21,
    /// <summary>NAT-D as numbered by the NAT-T drafts, used when a draft VID was negotiated.</summary>
    NatDiscoveryDraft = 130,
    NatOriginalAddressDraft = 131,
}

/// <summary>Exchange types (RFC 2408 §3.1, RFC 2409 §5, draft-dukes-ike-mode-cfg-02).</summary>
public enum ExchangeType : byte
{
    Base = 1,
    IdentityProtection = 2,
    AuthenticationOnly = 3,
    Aggressive = 4,
    Informational = 5,
    Transaction = 6,
    QuickMode = 32,
}

/// <summary>Header flags (RFC 2408 §3.1).</summary>
[Flags]
public enum IsakmpFlags : byte
{
    None = 0,
    Encryption = 1,
    Commit = 2,
    AuthenticationOnly = 4,
}
