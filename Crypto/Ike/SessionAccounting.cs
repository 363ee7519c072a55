using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// RADIUS accounting of a remote-access session (RFC 2866) when its tunnel-group names an
/// <c>accounting-server-group</c>: a Start once the session is up (XAUTH and Mode Config done), a Stop
/// when it ends, with its duration, traffic and why it ended. The records leave through
/// <see cref="IkeOutputs.Accounting"/>; the driver sends them and does not wait.
/// </summary>
/// <param name="ServerGroup">The group the Start went to: the Stop goes there too, whatever the config says by then.</param>
/// <param name="SessionId">Acct-Session-Id, the same at Start and Stop.</param>
/// <param name="Classes">The Class attributes of the Access-Accept, sent back unchanged (RFC 2865 §5.25).</param>
public sealed record SessionAccounting(string ServerGroup, string SessionId, IReadOnlyList<ReadOnlyMemory<byte>> Classes)
{
    /// <summary>The session is up: a Start when its tunnel-group accounts (once per session).</summary>
    public static void Start(IkeContext ctx, IkeSa sa)
    {
        if (sa.Accounting is not null || sa.Username is not { } user) return;
        if (sa.TunnelGroup is not { } name || ctx.Config.Get<TunnelGroup>(name)?.AccountingServerGroup is not { } group) return;
        var accounting = new SessionAccounting(group, $"{sa.CookieI:X16}", sa.Authorization?.Classes ?? []);
        sa.Accounting = accounting;
        ctx.Outputs.Accounting.Add(accounting.Record(sa, AccountingStatus.Start, user));
    }

    /// <summary>The session ends for <paramref name="reason"/> (the 113019 reason): the Stop of a session that had a Start.</summary>
    public static void Stop(IkeContext ctx, IkeSa sa, string reason)
    {
        if (sa.Accounting is not { } accounting || sa.Username is not { } user) return;
        sa.Accounting = null;
        ctx.Outputs.Accounting.Add(accounting.Record(sa, AccountingStatus.Stop, user) with
        {
            Duration = ctx.Now - sa.SessionStart,
            InputOctets = sa.BytesReceived,
            OutputOctets = sa.BytesSent,
            Cause = CauseOf(reason),
        });
    }

    private AccountingRecord Record(IkeSa sa, AccountingStatus status, string user) => new(ServerGroup, status, user, SessionId)
    {
        Client = sa.Peer.Address,
        Headend = sa.Local.Address,
        AssignedAddress = sa.AssignedAddress is { } address ? IPAddress.Parse(address.ToString()) : null,
        TunnelGroup = sa.TunnelGroup,
        Classes = Classes,
    };

    /// <summary>Acct-Terminate-Cause (RFC 2866 §5.10) for the ASA's teardown reasons [M: the ASA's mapping is not documented].</summary>
    public static TerminateCause CauseOf(string reason) => reason switch
    {
        "User Requested" => TerminateCause.UserRequest,
        "Lost Service" => TerminateCause.LostService,
        "Idle Timeout" => TerminateCause.IdleTimeout,
        "Max time exceeded" or "SA Expired" => TerminateCause.SessionTimeout,
        "Administrator Reset" => TerminateCause.AdminReset,
        RemoteAccessText.PortPreempted => TerminateCause.PortPreempted,
        _ => TerminateCause.NasRequest,
    };
}
