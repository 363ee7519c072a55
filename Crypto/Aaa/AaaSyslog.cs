using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Aaa;

/// <summary>
/// The AAA syslog messages (the local user database's and the AAA servers'), with the ASA catalogue's ids and severities.
/// Wording from the catalogue [C] where a parser corpus confirms it, the rest from memory [M];
/// kept here so it is easy to fix.
/// </summary>
public static class AaaSyslog
{
    /// <summary>113006: a user is locked out.</summary>
    public static readonly SyslogId LockedOutId = new(113006, 6);
    /// <summary>113007: an administrator unlocked a user.</summary>
    public static readonly SyslogId UnlockedId = new(113007, 6);
    /// <summary>113012: the local database accepted a user.</summary>
    public static readonly SyslogId AcceptedId = new(113012, 6);
    /// <summary>113015: the local database rejected a user.</summary>
    public static readonly SyslogId RejectedId = new(113015, 6);

    /// <summary>113004: an AAA server accepted a user.</summary>
    public static readonly SyslogId ServerAcceptedId = new(113004, 6);
    /// <summary>113005: an AAA server rejected a user, or none answered.</summary>
    public static readonly SyslogId ServerRejectedId = new(113005, 6);
    /// <summary>113010: an AAA server challenged a user.</summary>
    public static readonly SyslogId ChallengedId = new(113010, 6);
    /// <summary>113022: a server is marked FAILED.</summary>
    public static readonly SyslogId MarkedFailedId = new(113022, 2);
    /// <summary>113023: a failed server is marked ACTIVE again.</summary>
    public static readonly SyslogId MarkedActiveId = new(113023, 2);

    /// <summary>Longest user name shown; the ASA's user names have at most 64 characters.</summary>
    public const int MaxShownName = 64;

    /// <summary>
    /// A user name as a client sent it, made safe for a log line: printable ASCII only (others become
    /// <c>?</c>, so no control sequence reaches a terminal reading <c>show logging</c>), at most
    /// <see cref="MaxShownName"/> characters.
    /// </summary>
    public static string Shown(string user)
    {
        var text = user.Length > MaxShownName ? user[..MaxShownName] : user;
        return string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = t[i] is >= ' ' and <= '~' ? t[i] : '?';
        });
    }

    /// <summary>The <c>reason = ...</c> of 113015: <c>Invalid password</c> [C]; the others [M].</summary>
    public static string Reason(LoginRefusal refusal) => refusal switch
    {
        LoginRefusal.UnknownUser => "User was not found",
        LoginRefusal.LockedOut => "Account is locked out",
        _ => "Invalid password",
    };

    /// <summary><c>User 'ops' locked out on exceeding '3' successive failed authentication attempts</c> (113006 [C]; quotes [M]).</summary>
    public static AsaEvent LockedOut(string user, int attempts) =>
        AsaEvent.Log(EventCategory.Cli, LockedOutId, $"User '{user}' locked out on exceeding '{attempts}' successive failed authentication attempts");

    /// <summary><c>User 'ops' unlocked by 'enable_15'</c> (113007 [C]; quotes [M]).</summary>
    public static AsaEvent Unlocked(string user, string by) =>
        AsaEvent.Log(EventCategory.Cli, UnlockedId, $"User '{user}' unlocked by '{by}'");

    /// <summary><c>AAA user authentication Successful : local database : user = ops</c> (113012 [C]).</summary>
    public static AsaEvent Accepted(string user) =>
        AsaEvent.Log(EventCategory.Cli, AcceptedId, $"AAA user authentication Successful : local database : user = {user}");

    /// <summary><c>AAA user authentication Successful : server = 198.18.1.2 : user = raduser</c> (113004 [S: parser corpora]).</summary>
    public static AsaEvent ServerAccepted(string server, string user) =>
        AsaEvent.Log(EventCategory.Cli, ServerAcceptedId, $"AAA user authentication Successful : server = {server} : user = {Shown(user)}");

    /// <summary>
    /// <c>AAA user authentication Rejected : reason = AAA failure : server = 198.18.1.2 : user = raduser : user IP = 198.51.100.7</c>
    /// (113005 [S: parser corpora]): <c>AAA failure</c> for an Access-Reject [S], <c>Unspecified</c> when no server answered [M].
    /// </summary>
    public static AsaEvent ServerRejected(string reason, string server, string user, System.Net.IPAddress? source) =>
        AsaEvent.Log(EventCategory.Cli, ServerRejectedId,
            $"AAA user authentication Rejected : reason = {reason} : server = {server} : user = {Shown(user)}{(source is null ? "" : $" : user IP = {source}")}");

    /// <summary><c>AAA challenge received for user raduser from server 198.18.1.2</c> (113010 [C]).</summary>
    public static AsaEvent Challenged(string user, string server) =>
        AsaEvent.Log(EventCategory.Cli, ChallengedId, $"AAA challenge received for user {Shown(user)} from server {server}");

    /// <summary><c>AAA Marking RADIUS server 198.18.1.2 in aaa-server group RAD as FAILED</c> (113022 [S]).</summary>
    public static AsaEvent MarkedFailed(string protocol, string server, string group) =>
        AsaEvent.Log(EventCategory.Cli, MarkedFailedId, $"AAA Marking {protocol} server {server} in aaa-server group {group} as FAILED");

    /// <summary><c>AAA Marking RADIUS server 198.18.1.2 in aaa-server group RAD as ACTIVE</c> (113023 [C]).</summary>
    public static AsaEvent MarkedActive(string protocol, string server, string group) =>
        AsaEvent.Log(EventCategory.Cli, MarkedActiveId, $"AAA Marking {protocol} server {server} in aaa-server group {group} as ACTIVE");

    /// <summary>
    /// <c>AAA user authentication Rejected : reason = Invalid password : local database : user = ops : user IP = 198.51.100.7</c>
    /// (113015 [C]); without the user IP on the console.
    /// </summary>
    public static AsaEvent Rejected(string user, LoginRefusal refusal, System.Net.IPAddress? source) =>
        AsaEvent.Log(EventCategory.Cli, RejectedId,
            $"AAA user authentication Rejected : reason = {Reason(refusal)} : local database : user = {Shown(user)}{(source is null ? "" : $" : user IP = {source}")}");
}
