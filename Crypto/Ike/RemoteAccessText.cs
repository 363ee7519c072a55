namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What the headend says when it applies a remote-access session's AAA answer and group policy, in
/// one place so the wording can be corrected once it is seen on a device. Every line here is [M]:
/// recalled or modelled on the ASA's neighbouring messages, not copied from a capture.
/// </summary>
public static class RemoteAccessText
{
    /// <summary>The 113019 / 713259 reason of a session a newer login of its user replaced [M].</summary>
    public const string PortPreempted = "Port Preempted";

    /// <summary>A client's new phase 1 is the rekey of its session: no XAUTH or Mode Config follow (re-xauth disabled) [M].</summary>
    public static string Phase1Rekey(string? user) => $"Phase 1 rekey of the session of user ({user ?? "none"}): re-authentication on rekey disabled, skipping XAUTH and Mode Config";

    /// <summary>XAUTH's credentials go to an AAA server group [M].</summary>
    public static string Authenticating(string user, string group) => $"Authenticating user ({user}) through AAA server group ({group})";

    /// <summary>The server group asked for another answer (Access-Challenge): the next XAUTH prompt goes to the client [M].</summary>
    public static string Challenged(string group) => $"AAA server group ({group}) challenged the user: sending the next XAUTH request";

    /// <summary>No server of the group gave an answer (and no LOCAL fallback decided) [M].</summary>
    public static string NotResponding(string group) => $"AAA server group ({group}) did not answer; user authentication failed";

    /// <summary>The AAA server's Access-Accept named a group policy with Class OU= (113009's sibling) [M].</summary>
    public static string ServerGroupPolicy(string policy, string user) => $"AAA retrieved user specific group policy ({policy}) for user = {user}";

    /// <summary>A Class OU= names a group policy the config lacks: the tunnel-group's applies [M].</summary>
    public static string NoSuchServerGroupPolicy(string policy) => $"Group policy ({policy}) from the AAA server does not exist; the tunnel-group's default group policy applies";

    /// <summary>713060: <c>group-lock</c> names another tunnel-group [M].</summary>
    public static string GroupLocked(string user, string group) => $"Tunnel Rejected: User ({user}) not member of group ({group}), group-lock check failed.";

    /// <summary><c>vpn-simultaneous-logins 0</c>: the user may not log in at all [M].</summary>
    public static string NoLoginsAllowed(string user) => $"Tunnel Rejected: User ({user}) is not allowed any simultaneous logins (vpn-simultaneous-logins 0)";

    /// <summary>An older session of the user is logged off to make room for this one [M].</summary>
    public static string Preempting(string user, long limit) =>
        $"User ({user}) reached the maximum of {limit} simultaneous logins: logging off the session idle longest";

    /// <summary>The login falls outside <c>vpn-access-hours</c> [M].</summary>
    public static string OutsideAccessHours(string user, string range) => $"Tunnel Rejected: User ({user}) is not allowed access at this time (time-range {range})";

    /// <summary>A client proposed its own network as its proxy where the group policy has no <c>nem enable</c> [M].</summary>
    public const string NemNotAllowed = "Hardware Client connection rejected!  Network Extension Mode is not allowed for this group!";

    /// <summary>A hardware client in network extension mode: its network takes the place of an assigned address [M].</summary>
    public static string NetworkExtension(string network, string mask) => $"Network Extension Mode: remote network {network}/{mask} reached through this tunnel";
}
