namespace AsaEmu.Crypto.Isakmp;

/// <summary>
/// The security protocols of the IPsec DOI (RFC 2407 §4.4.1) and the SPI sizes the RFCs give them,
/// which the decoder holds proposals and DELETE payloads to: a size field that disagrees makes the
/// payload malformed rather than a count of empty SPIs.
/// </summary>
public static class SecurityProtocols
{
    public const byte Isakmp = 1, Ah = 2, Esp = 3, Ipcomp = 4;

    /// <summary>
    /// The SPI size of a proposal (RFC 2408 §3.5): for ISAKMP the cookies are the SPI and the size
    /// "MAY be from 0 to 16"; AH and ESP SPIs are 4 octets (RFC 2407 §4.4.1, RFC 4303 §2.1); an IPComp
    /// CPI is 2 octets, or 4 with the CPI in the low-order two (RFC 3173 §4.1). Other protocols: any.
    /// </summary>
    public static bool ProposalSpiSizeValid(byte protocol, int size) => protocol switch
    {
        Isakmp => size <= 16,
        Ah or Esp => size == 4,
        Ipcomp => size is 2 or 4,
        _ => true,
    };

    /// <summary>
    /// The SPI size of a DELETE (RFC 2408 §3.15): each SPI for ISAKMP is the cookie pair, 16 octets;
    /// the others as in a proposal. SPIs of no size cannot be counted, so a DELETE that names any
    /// needs a size of at least one.
    /// </summary>
    public static bool DeleteSpiSizeValid(byte protocol, int size) => protocol switch
    {
        Isakmp => size == 16,
        _ => size > 0 && ProposalSpiSizeValid(protocol, size),
    };

    /// <summary>The SPI size of a notification (RFC 2408 §3.14): for ISAKMP "from 0 to 16"; for the others as the protocol has it, or none.</summary>
    public static bool NotifySpiSizeValid(byte protocol, int size) => size == 0 || ProposalSpiSizeValid(protocol, size);
}
