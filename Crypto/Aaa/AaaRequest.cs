using System.Net;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Aaa;

/// <summary>
/// One authentication to do through an AAA server group (or <c>LOCAL</c>): what XAUTH, a login or
/// <c>test aaa-server</c> asks of the AAA service, which answers with an <see cref="AaaResult"/>.
/// </summary>
/// <param name="ServerGroup">The group of <c>authentication-server-group</c> (or the one named by <c>test aaa-server</c>); <c>LOCAL</c> for the local database.</param>
public sealed record AaaRequest(string ServerGroup, string User, string Password)
{
    /// <summary>The name of the local database as a server group.</summary>
    public const string Local = "LOCAL";

    /// <summary><c>authentication-server-group NAME LOCAL</c>: the local database when no server of the group answers.</summary>
    public bool LocalFallback { get; init; }

    /// <summary>The client's public address (Calling-Station-Id, Tunnel-Client-Endpoint, the syslog's user IP); null for a test.</summary>
    public IPAddress? Client { get; init; }

    /// <summary>The headend's address the client reached (Called-Station-Id).</summary>
    public IPAddress? Headend { get; init; }

    /// <summary>The tunnel-group (the ASA's Tunnel-Group-Name vendor attribute); null for a test or a login.</summary>
    public string? TunnelGroup { get; init; }

    /// <summary><c>test aaa-server ... host ADDR</c>: only this server of the group, whatever its state.</summary>
    public string? Host { get; init; }

    /// <summary>The State of the Access-Challenge this request answers (the next XAUTH reply), echoed to the server.</summary>
    public ReadOnlyMemory<byte>? State { get; init; }

    /// <summary>Which login this is (the local database's rules differ by service).</summary>
    public LoginService Service { get; init; } = LoginService.Xauth;

    /// <summary>Never the password: a request may end up in a log line.</summary>
    public override string ToString() => $"AaaRequest {{ ServerGroup = {ServerGroup}, User = {User}, Client = {Client}, Host = {Host} }}";
}

/// <summary>How an authentication ended.</summary>
public enum AaaOutcome
{
    Accepted,
    Rejected,
    /// <summary>Access-Challenge: the server wants another answer (a one-time password, a new PIN): <see cref="AaaResult.ReplyMessage"/> is the prompt.</summary>
    Challenged,
    /// <summary>No server of the group gave a valid answer in time (a wrong shared secret ends here too: its answers are dropped).</summary>
    NotResponding,
    /// <summary>The server asked for is marked FAILED (or every server of the group is): nothing was sent.</summary>
    ServerFailed,
    /// <summary>The request could not be made: no such group, not a RADIUS group, no such server, too many requests.</summary>
    Error,
}

/// <summary>
/// What an authentication found: the outcome, the server that answered, and what the ASA honours of an
/// Access-Accept [C: ASA RADIUS attribute support]: Framed-IP-Address (the client's address), Class
/// <c>OU=group-policy</c> (selects the group policy), Session-Timeout and Idle-Timeout; of an
/// Access-Challenge the Reply-Message (the next prompt) and the State to send back.
/// </summary>
public sealed record AaaResult(AaaOutcome Outcome)
{
    /// <summary>The server that answered (or was last tried), as configured.</summary>
    public string? Server { get; init; }
    /// <summary>True when the local database decided (LOCAL, or the fallback of <c>authentication-server-group NAME LOCAL</c>).</summary>
    public bool Local { get; init; }
    /// <summary>For <see cref="AaaOutcome.Error"/>: why, in the ASA's words.</summary>
    public string? Reason { get; init; }
    public string? ReplyMessage { get; init; }
    public ReadOnlyMemory<byte>? State { get; init; }
    public Ipv4? FramedIpAddress { get; init; }
    /// <summary>The group policy a Class attribute <c>OU=NAME</c> names (the first such Class).</summary>
    public string? GroupPolicy { get; init; }
    public TimeSpan? SessionTimeout { get; init; }
    public TimeSpan? IdleTimeout { get; init; }
    /// <summary>Every Class attribute as received: accounting sends them back (RFC 2865 §5.25).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Classes { get; init; } = [];

    public bool Accepted => Outcome == AaaOutcome.Accepted;

    /// <summary>The group policy of a Class value: <c>OU=NAME</c>, optionally ended by <c>;</c> (<c>OU=OTHER;</c>) [C].</summary>
    public static string? GroupPolicyOf(string classValue)
    {
        var text = classValue.Trim();
        if (!text.StartsWith("OU=", StringComparison.OrdinalIgnoreCase)) return null;
        var name = text[3..];
        var end = name.IndexOf(';');
        if (end >= 0) name = name[..end];
        name = name.Trim();
        return name.Length is > 0 and <= 64 ? name : null;
    }
}

/// <summary>
/// An authentication the IKE engine hands to the AAA service, as it hands out Diffie-Hellman work: the
/// result comes back with the same <see cref="Ticket"/>.
/// </summary>
public sealed record AaaWork(long Ticket, AaaRequest Request);
