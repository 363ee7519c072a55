using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>The engine's sessions as one login's checks see them (<c>vpn-simultaneous-logins</c>), and the tickets of its AAA work.</summary>
public interface IRemoteAccessSessions
{
    /// <summary>Every IKE SA of the engine.</summary>
    IEnumerable<IkeSa> All { get; }

    /// <summary>Ends a session now, telling its peer (DELETEs), for <paramref name="reason"/>.</summary>
    void End(IkeContext ctx, IkeSa sa, string reason);

    /// <summary>A ticket for an authentication of <paramref name="sa"/> handed to the AAA service; its result comes back with it.</summary>
    long AaaTicket(IkeSa sa);
}

/// <summary>
/// What the group policy asks of a user who just authenticated, before XAUTH says OK (command
/// reference, group-policy attributes): <c>group-lock</c> (only through the tunnel-group it names),
/// <c>vpn-access-hours</c> (only inside its time-range) and <c>vpn-simultaneous-logins</c> (0 refuses
/// the user; at the limit, the session idle longest, then the oldest, is logged off to make room).
/// </summary>
public static class RemoteAccessAdmission
{
    /// <summary>True when the user may go on; otherwise it said why and the caller refuses.</summary>
    public static bool Admits(IkeContext ctx, IkeSa sa, EffectivePolicy policy, string user)
    {
        var log = new IkeLog(sa, ctx.Outputs);
        if (policy.GroupLock is { } locked && !string.Equals(locked, sa.TunnelGroup, StringComparison.Ordinal))
        {
            log.Syslog(713060, 3, RemoteAccessText.GroupLocked(user, sa.TunnelGroup ?? ""));
            return false;
        }
        if (policy.VpnAccessHours is { } range && TimeRanges.Find(ctx.Config, range) is { } hours && !hours.IsActive(ctx.Now))
        {
            log.Main(IkeLog.Milestone, RemoteAccessText.OutsideAccessHours(user, range));
            return false;
        }
        if (policy.SimultaneousLogins == 0)
        {
            log.Main(IkeLog.Milestone, RemoteAccessText.NoLoginsAllowed(user));
            return false;
        }
        if (ctx.Services.Sessions is not { } sessions) return true;
        // The user's other sessions that passed XAUTH, the one idle longest (then the oldest) first.
        var others = sessions.All
            .Where(s => s != sa && !s.Removed && s.Role == IkeRole.Responder && string.Equals(s.Username, user, StringComparison.Ordinal))
            .OrderBy(s => s.LastTraffic > s.SessionStart ? s.LastTraffic : s.SessionStart).ThenBy(s => s.SessionStart)
            .ToList();
        for (var i = 0; others.Count - i >= policy.SimultaneousLogins; i++)
        {
            log.Main(IkeLog.Notice, RemoteAccessText.Preempting(user, policy.SimultaneousLogins));
            sessions.End(ctx, others[i], RemoteAccessText.PortPreempted);
        }
        return true;
    }
}
