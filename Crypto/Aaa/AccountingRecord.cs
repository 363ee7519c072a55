using System.Net;

namespace AsaEmu.Crypto.Aaa;

/// <summary>Acct-Status-Type (RFC 2866 §5.1): the ASA sends Start when a session is up and Stop when it ends.</summary>
public enum AccountingStatus : uint { Start = 1, Stop = 2 }

/// <summary>Acct-Terminate-Cause (RFC 2866 §5.10), the causes a VPN session ends with on the ASA.</summary>
public enum TerminateCause : uint
{
    UserRequest = 1,
    LostCarrier = 2,
    LostService = 3,
    IdleTimeout = 4,
    SessionTimeout = 5,
    AdminReset = 6,
    AdminReboot = 7,
    NasRequest = 10,
}

/// <summary>
/// One accounting message of a VPN session, for the tunnel-group's <c>accounting-server-group</c>: the
/// session's identity at Start, and at Stop its duration, traffic and why it ended. The AAA service sends
/// it as an Accounting-Request with the attributes the ASA sends [M: from the ASA's RADIUS attribute list]
/// and reports whether a server acknowledged it.
/// </summary>
/// <param name="SessionId">Acct-Session-Id: the same at Start and Stop of one session.</param>
public sealed record AccountingRecord(string ServerGroup, AccountingStatus Status, string User, string SessionId)
{
    public IPAddress? Client { get; init; }
    public IPAddress? Headend { get; init; }
    /// <summary>The address the session was given (Framed-IP-Address).</summary>
    public IPAddress? AssignedAddress { get; init; }
    public string? TunnelGroup { get; init; }
    /// <summary>The Class attributes of the session's Access-Accept, sent back unchanged (RFC 2865 §5.25).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Classes { get; init; } = [];
    /// <summary>Stop: how long the session lasted.</summary>
    public TimeSpan Duration { get; init; }
    public long InputOctets { get; init; }
    public long OutputOctets { get; init; }
    public long InputPackets { get; init; }
    public long OutputPackets { get; init; }
    public TerminateCause? Cause { get; init; }
}
