namespace AsaEmu.Crypto.Isakmp;

/// <summary>An ISAKMP message: the header and its payloads in wire order.</summary>
public sealed record IsakmpMessage(IsakmpHeader Header, IReadOnlyList<Payload> Payloads)
{
    public T? First<T>() where T : Payload => Payloads.OfType<T>().FirstOrDefault();
    public IEnumerable<T> All<T>() where T : Payload => Payloads.OfType<T>();

    /// <summary>The payload list as the ASA's IKE_DECODE line names it: <c>HDR + SA (1) + KE (4) ... + NONE (0)</c>.</summary>
    public string PayloadSummary() =>
        "HDR + " + string.Concat(Payloads.Select(p => PayloadNames.Token(p.Type) + " + ")) + "NONE (0)";
}

/// <summary>The ASA's names of payload types in debug output (reference §2.3).</summary>
public static class PayloadNames
{
    public static string Token(PayloadType type) => type switch
    {
        PayloadType.SecurityAssociation => "SA (1)",
        PayloadType.Proposal => "PROPOSAL (2)",
        PayloadType.Transform => "TRANSFORM (3)",
        PayloadType.KeyExchange => "KE (4)",
        PayloadType.Identification => "ID (5)",
        PayloadType.Certificate => "CERT (6)",
        PayloadType.CertificateRequest => "CERT_REQ (7)",
        PayloadType.Hash => "HASH (8)",
        PayloadType.Signature => "SIG (9)",
        PayloadType.Nonce => "NONCE (10)",
        PayloadType.Notification => "NOTIFY (11)",
        PayloadType.Delete => "DELETE (12)",
        PayloadType.VendorId => "VENDOR (13)",
        PayloadType.Attribute => "ATTR (14)",
        PayloadType.NatDiscovery => "NAT-D (20)",
        PayloadType.NatOriginalAddress => "NAT-OA (21)",
        PayloadType.NatDiscoveryDraft => "NAT-D (130)",
        PayloadType.NatOriginalAddressDraft => "NAT-OA (131)",
        _ => $"UNKNOWN ({(byte)type})",
    };
}
