using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Aaa;

/// <summary>How a user logs in; it decides whether a <c>nopassword</c> user may.</summary>
public enum LoginService
{
    /// <summary>SSH with <c>aaa authentication ssh console LOCAL</c>.</summary>
    Ssh,
    /// <summary>Telnet with <c>aaa authentication telnet console LOCAL</c>.</summary>
    Telnet,
    /// <summary>The <c>login</c> command, inside a session already open.</summary>
    LoginCommand,
    /// <summary>XAUTH after IKE phase 1.</summary>
    Xauth,
}

/// <summary>One check of a local user's password.</summary>
/// <param name="Source">The client's address (the SSH or telnet client, the IKE peer); null on the console.</param>
public sealed record LoginAttempt(string User, string Password, IPAddress? Source, LoginService Service)
{
    /// <summary>Never the password: an attempt may end up in a log line.</summary>
    public override string ToString() => $"LoginAttempt {{ User = {User}, Source = {Source}, Service = {Service} }}";
}

/// <summary>Why a login was refused.</summary>
public enum LoginRefusal
{
    None,
    /// <summary>The source failed too often lately: refused without a look at the password.</summary>
    Throttled,
    UnknownUser,
    /// <summary>A <c>nopassword</c> user over SSH, telnet or XAUTH.</summary>
    NoPassword,
    WrongPassword,
    /// <summary>Locked after <c>max-fail</c> successive failures, until <c>clear aaa local user lockout</c>.</summary>
    LockedOut,
}

/// <summary>What a check found, and the AAA syslog messages it raised (the caller publishes them).</summary>
public sealed record LoginOutcome(Username? User, LoginRefusal Refusal, IReadOnlyList<AsaEvent> Events)
{
    public bool Accepted => User is not null;
}

/// <summary>A local user's failures as <c>show aaa local user</c> lists them.</summary>
public sealed record LocalUserStatus(string Name, int FailedAttempts, bool Locked);
