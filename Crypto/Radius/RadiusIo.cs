using System.Net;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Radius;

/// <summary>A RADIUS datagram to send: from the address of the server's interface (null: any), to the server.</summary>
public sealed record RadiusDatagram(IPAddress? Source, IPEndPoint Server, ReadOnlyMemory<byte> Data);

/// <summary>What the client asks of the world after an input: datagrams to send, results, events.</summary>
public sealed class RadiusOutputs
{
    public List<RadiusDatagram> Datagrams { get; } = [];
    /// <summary>Authentications that ended, by the ticket they were asked with.</summary>
    public List<(long Ticket, AaaResult Result)> Results { get; } = [];
    /// <summary>Accounting messages that ended: true when a server acknowledged it.</summary>
    public List<(long Ticket, bool Acknowledged)> Accounted { get; } = [];
    public List<AsaEvent> Events { get; } = [];
}

public enum RadiusServerState { Active, Failed }

/// <summary>A server's counters, as <c>show aaa-server</c> prints them.</summary>
public sealed record RadiusCounters
{
    public long AuthenticationRequests { get; init; }
    public long AccountingRequests { get; init; }
    public long Retransmissions { get; init; }
    public long Accepts { get; init; }
    public long Rejects { get; init; }
    public long Challenges { get; init; }
    /// <summary>Answers that did not decode.</summary>
    public long MalformedResponses { get; init; }
    /// <summary>Answers whose Response Authenticator or Message-Authenticator did not check, or that lacked a required Message-Authenticator.</summary>
    public long BadAuthenticators { get; init; }
    /// <summary>Of <see cref="BadAuthenticators"/>, those without the Message-Authenticator RFC 3579 and BlastRADIUS require.</summary>
    public long MissingMessageAuthenticators { get; init; }
    public long Timeouts { get; init; }
    /// <summary>Answers no request waited for (a late answer, an unknown identifier, an unexpected code).</summary>
    public long UnrecognizedResponses { get; init; }
    public long AccountingResponses { get; init; }
    public long RoundTripTotalMs { get; init; }
    public long RoundTrips { get; init; }

    public long AverageRoundTripMs => RoundTrips == 0 ? 0 : RoundTripTotalMs / RoundTrips;
}

/// <summary>One RADIUS server as <c>show aaa-server</c> sees it.</summary>
public sealed record RadiusServerStatus(string Group, string Address, RadiusServerState State, DateTimeOffset? LastTransaction,
    DateTimeOffset? FailedAt, int Pending, RadiusCounters Counters);
