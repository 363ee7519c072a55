using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// XAUTH through an AAA server group: the engine hands the authentication out (<see cref="IkeOutputs.AaaWork"/>)
/// as it hands out Diffie-Hellman work, the SA's XAUTH task waits, and the driver feeds the AAA service's
/// answer back through <see cref="AaaCompleted"/>. The engine is also the table of sessions that one
/// login's policy checks consult (<see cref="IRemoteAccessSessions"/>).
/// </summary>
public sealed partial class IkeEngine : IRemoteAccessSessions
{
    /// <summary>AAA work under way: ticket to the initiator cookie of its SA.</summary>
    private readonly Dictionary<long, ulong> _aaaWork = [];
    private long _aaaTickets;

    /// <summary>
    /// The AAA service's answer to <paramref name="work"/>: the SA's XAUTH goes on (status OK, the next
    /// challenge prompt, or a failure). An answer for an SA that went meanwhile is dropped.
    /// </summary>
    public IkeOutputs AaaCompleted(AaaWork work, AaaResult result, AsaConfig config, DateTimeOffset now)
    {
        var ctx = Context(config, now);
        if (_aaaWork.Remove(work.Ticket, out var cookieI) && _sas.TryGetValue(cookieI, out var sa))
        {
            Settle(ctx, sa, sa.Tasks.AaaCompleted(ctx, work, result));
            if (!sa.Removed) Schedule(sa, config);
        }
        return Finish(ctx);
    }

    IEnumerable<IkeSa> IRemoteAccessSessions.All => _sas.Values;

    void IRemoteAccessSessions.End(IkeContext ctx, IkeSa sa, string reason) => End(ctx, sa, reason);

    long IRemoteAccessSessions.AaaTicket(IkeSa sa)
    {
        var ticket = ++_aaaTickets;
        _aaaWork[ticket] = sa.CookieI;
        return ticket;
    }
}
