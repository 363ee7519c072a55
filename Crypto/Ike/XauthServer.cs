using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// XAUTH as Cisco headends run it (draft-beaulieu-ike-xauth-02 §4), the headend's task: after phase
/// 1 the ASA asks for a username and password (CFG_REQUEST), checks the reply, answers with
/// XAUTH_STATUS in a CFG_SET and waits for the CFG_ACK. The tunnel-group's
/// <c>authentication-server-group</c> decides who checks: LOCAL is the local user database (lockouts
/// and the per-source throttle included), at once; a RADIUS group is the AAA service, asked through
/// <see cref="IkeOutputs.AaaWork"/> while the task waits (an Access-Challenge becomes the next
/// CFG_REQUEST, its Reply-Message as XAUTH_MESSAGE, §6.3). A wrong password, or a group that does not
/// answer, is asked for again, up to three tries; the last failure, or a user the group policy refuses
/// (<c>vpn-tunnel-protocol</c>, <c>group-lock</c>, <c>vpn-access-hours</c>,
/// <c>vpn-simultaneous-logins 0</c>), ends the SA with a DELETE.
/// </summary>
public sealed class XauthServer(IkeSa sa, IkeKeys keys) : IkeTask(sa)
{
    public const int MaxAttempts = 3;

    private int _attempts;
    private bool _waitingAck;
    /// <summary>The AAA work this task waits for (null when none is out), and the user it is for.</summary>
    private long? _pending;
    private string _pendingUser = "";
    /// <summary>The State of the last Access-Challenge, echoed with the client's next answer (RFC 2865 §5.24).</summary>
    private ReadOnlyMemory<byte>? _challengeState;

    public override ExchangeType Exchange => ExchangeType.Transaction;

    public override IkeSaState State => _waitingAck ? IkeSaState.AmTmWaitXauthAck : IkeSaState.AmTmWaitXauth;

    public override TaskStatus Initiate(IkeContext ctx)
    {
        _challengeState = null;
        return Request(ctx, message: null);
    }

    /// <summary>CFG_REQUEST for the credentials; with a server's prompt (a challenge) as XAUTH_MESSAGE.</summary>
    private TaskStatus Request(IkeContext ctx, string? message)
    {
        List<DataAttribute> attributes =
        [
            DataAttribute.Variable(ModeCfgAttributes.XauthUserName, ReadOnlyMemory<byte>.Empty),
            DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, ReadOnlyMemory<byte>.Empty),
        ];
        if (message is not null) attributes.Add(DataAttribute.Variable(ModeCfgAttributes.XauthMessage, Encoding.UTF8.GetBytes(message)));
        Send(ctx, new AttributePayload(AttributePayload.Request, 0, attributes));
        return TaskStatus.NeedMore;
    }

    /// <summary>The client's CFG_REPLY (credentials) or CFG_ACK, its HASH checked by the engine.</summary>
    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        if (message.First<AttributePayload>() is not { } attributes) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        log.Debug("process_attr(): Enter!");
        if (_waitingAck && attributes.ConfigType == AttributePayload.Ack)
        {
            log.Debug("Processing cfg ACK attributes");
            return TaskStatus.Done;
        }
        // While the AAA service decides, a copy of the reply changes nothing.
        if (_waitingAck || _pending is not null || attributes.ConfigType != AttributePayload.Reply) return TaskStatus.NeedMore;

        log.Debug("Processing MODE_CFG Reply attributes.");
        var user = Text(attributes, ModeCfgAttributes.XauthUserName) ?? "";
        var password = Text(attributes, ModeCfgAttributes.XauthUserPassword) ?? "";
        var assignment = ctx.Config.Get<TunnelGroup>(Sa.TunnelGroup ?? "")?.AuthenticationServerGroupFor(Sa.NameIf)
            ?? new ServerGroupAssignment(null, AaaRequest.Local, false);
        if (string.Equals(assignment.Group, AaaRequest.Local, StringComparison.OrdinalIgnoreCase))
            return Locally(ctx, user, password);

        // A server group: the AAA service decides, off the loop; AaaCompleted goes on.
        log.Debug(RemoteAccessText.Authenticating(user, assignment.Group));
        var request = new AaaRequest(assignment.Group, user, password)
        {
            LocalFallback = assignment.LocalFallback,
            Client = Sa.Peer.Address,
            Headend = Sa.Local.Address,
            TunnelGroup = Sa.TunnelGroup,
            State = _challengeState,
            Service = LoginService.Xauth,
        };
        if (ctx.Services.Sessions is not { } sessions) return Failed(ctx, log);
        var work = new AaaWork(sessions.AaaTicket(Sa), request);
        _pending = work.Ticket;
        _pendingUser = user;
        ctx.Outputs.AaaWork.Add(work);
        return TaskStatus.NeedMore;
    }

    /// <summary>The local user database decides at once.</summary>
    private TaskStatus Locally(IkeContext ctx, string user, string password)
    {
        var outcome = ctx.Services.LocalUsers.Authenticate(ctx.Config, new LoginAttempt(user, password, Sa.Peer.Address, LoginService.Xauth), ctx.Now);
        foreach (var e in outcome.Events) ctx.Outputs.Publish(e);
        if (outcome.User is not { } account) return Failed(ctx, new IkeLog(Sa, ctx.Outputs));
        return Authenticated(ctx, account.Name, new ServerAttributes(FromServer: false), account.Sources);
    }

    /// <summary>The AAA service's answer to the credentials this task handed over.</summary>
    public override TaskStatus AaaCompleted(IkeContext ctx, AaaWork work, AaaResult result)
    {
        if (_pending != work.Ticket) return TaskStatus.NeedMore;
        _pending = null;
        var log = new IkeLog(Sa, ctx.Outputs);
        var group = work.Request.ServerGroup;
        switch (result.Outcome)
        {
            case AaaOutcome.Accepted:
                _challengeState = null;
                var user = result.Local ? ctx.Config.Get<Username>(_pendingUser)?.Name ?? _pendingUser : _pendingUser;
                var authorization = new ServerAttributes(FromServer: !result.Local)
                {
                    FramedIp = result.FramedIpAddress,
                    GroupPolicy = result.GroupPolicy,
                    SessionTimeout = result.SessionTimeout,
                    IdleTimeout = result.IdleTimeout,
                    Classes = result.Classes,
                };
                return Authenticated(ctx, user, authorization, result.Local ? ctx.Config.Get<Username>(user)?.Sources ?? [] : []);
            case AaaOutcome.Challenged:
                // OTP or new PIN: the server's prompt goes to the client; its answer comes back with the State.
                log.Main(IkeLog.Notice, RemoteAccessText.Challenged(group));
                _challengeState = result.State;
                return Request(ctx, result.ReplyMessage ?? "");
            case AaaOutcome.Rejected:
                _challengeState = null;
                return Failed(ctx, log);
            default:
                _challengeState = null;
                log.Main(IkeLog.Milestone, RemoteAccessText.NotResponding(group));
                return Failed(ctx, log);
        }
    }

    /// <summary>A wrong password (or no answer): asked again, up to <see cref="MaxAttempts"/>.</summary>
    private TaskStatus Failed(IkeContext ctx, IkeLog log)
    {
        _attempts++;
        log.Syslog(713167, 3, "Remote peer has failed user authentication -  check configured username and password");
        if (_attempts < MaxAttempts) return Initiate(ctx);
        Sa.AuthenticationFailed = true;
        return Refuse(ctx);
    }

    /// <summary>The user is who they say: the policy's checks, then XAUTH status OK.</summary>
    private TaskStatus Authenticated(IkeContext ctx, string user, ServerAttributes authorization, IEnumerable<SourceRef> sources)
    {
        Sa.Username = user;
        Sa.Authorization = authorization;
        var log = new IkeLog(Sa, ctx.Outputs);
        if (authorization is { FromServer: true, GroupPolicy: { } named })
        {
            if (ctx.Config.Get<GroupPolicy>(named) is null) log.Main(IkeLog.Notice, RemoteAccessText.NoSuchServerGroupPolicy(named));
            else log.Syslog(113009, 6, RemoteAccessText.ServerGroupPolicy(named, user));
        }
        // The attributes the user's policy gives, as the ASA narrates their retrieval (715019; names [M]).
        var policy = SessionPolicy.For(ctx.Config, Sa);
        if (policy.DnsServers.Count > 0) log.Debug($"IKEGetUserAttributes: primary DNS = {policy.DnsServers[0]}");
        if (policy.DnsServers.Count > 1) log.Debug($"IKEGetUserAttributes: secondary DNS = {policy.DnsServers[1]}");
        if (policy.DefaultDomain is { } domain) log.Debug($"IKEGetUserAttributes: default domain = {domain}");
        if (policy.SplitTunnelNetworkList is { } list) log.Debug($"IKEGetUserAttributes: split tunneling list = {list}");
        log.Main(IkeLog.Notice, $"User ({user}) authenticated.", sources);
        if (!TunnelProtocolCheck.Allows(ctx, Sa, user) || !RemoteAccessAdmission.Admits(ctx, Sa, policy, user)) return Refuse(ctx);
        SendStatus(ctx, ok: true);
        _waitingAck = true;
        return TaskStatus.NeedMore;
    }

    /// <summary>XAUTH status FAIL, then the DELETE that makes the client stop at once.</summary>
    private TaskStatus Refuse(IkeContext ctx)
    {
        SendStatus(ctx, ok: false);
        Informational.Terminate(ctx, Sa, keys);
        return TaskStatus.Failed;
    }

    private void SendStatus(IkeContext ctx, bool ok) =>
        Send(ctx, new AttributePayload(AttributePayload.Set, 0,
            [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, ok ? (ushort)1 : (ushort)0)]));

    /// <summary>A transaction message of ours, each with a message ID of its own.</summary>
    private void Send(IkeContext ctx, AttributePayload attributes)
    {
        MessageId = ctx.RandomMessageId();
        var log = new IkeLog(Sa, ctx.Outputs);
        log.Debug("constructing blank hash payload");
        log.Debug("constructing qm hash payload");
        var message = MessageProtection.Seal(Sa, keys, ExchangeType.Transaction, MessageId, [attributes]);
        log.DecodeLine("SENDING", MessageId, "HDR + HASH (8) + ATTR (14) + NONE (0)", message.Length);
        Sa.Tasks.Send(ctx, message);
    }

    private static string? Text(AttributePayload attributes, ushort type) =>
        attributes.Attributes.FirstOrDefault(a => a.Type == type) is { Short: false } a ? Encoding.UTF8.GetString(a.LongValue.Span) : null;
}
