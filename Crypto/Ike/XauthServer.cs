using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// XAUTH as Cisco headends run it (draft-beaulieu-ike-xauth-02 §4), the headend's task: after phase
/// 1 the ASA asks for a username and password (CFG_REQUEST), checks the reply through the local user
/// database (lockouts and the per-source throttle included), answers with XAUTH_STATUS in a CFG_SET
/// and waits for the CFG_ACK. A wrong password is asked for again, up to three tries; the last
/// failure, or a user <c>vpn-tunnel-protocol</c> refuses, ends the SA with a DELETE.
/// </summary>
public sealed class XauthServer(IkeSa sa, IkeKeys keys) : IkeTask(sa)
{
    public const int MaxAttempts = 3;

    private int _attempts;
    private bool _waitingAck;

    public override ExchangeType Exchange => ExchangeType.Transaction;

    public override IkeSaState State => _waitingAck ? IkeSaState.AmTmWaitXauthAck : IkeSaState.AmTmWaitXauth;

    public override TaskStatus Initiate(IkeContext ctx)
    {
        Send(ctx, new AttributePayload(AttributePayload.Request, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, ReadOnlyMemory<byte>.Empty),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, ReadOnlyMemory<byte>.Empty)]));
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
        if (_waitingAck || attributes.ConfigType != AttributePayload.Reply) return TaskStatus.NeedMore;

        log.Debug("Processing MODE_CFG Reply attributes.");
        var user = Text(attributes, ModeCfgAttributes.XauthUserName);
        var password = Text(attributes, ModeCfgAttributes.XauthUserPassword);
        var outcome = ctx.Services.LocalUsers.Authenticate(ctx.Config,
            new LoginAttempt(user ?? "", password ?? "", Sa.Peer.Address, LoginService.Xauth), ctx.Now);
        foreach (var e in outcome.Events) ctx.Outputs.Publish(e);
        _attempts++;
        if (outcome.User is not { } account)
        {
            log.Syslog(713167, 3, "Remote peer has failed user authentication -  check configured username and password");
            if (_attempts < MaxAttempts) return Initiate(ctx);
            Sa.AuthenticationFailed = true;
            return Refuse(ctx);
        }

        user = account.Name;
        Sa.Username = user;
        log = new IkeLog(Sa, ctx.Outputs);
        // The attributes the user's policy gives, as the ASA narrates their retrieval (715019; names [M]).
        var policy = EffectivePolicy.Resolve(ctx.Config, Sa.TunnelGroup, user);
        if (policy.DnsServers.Count > 0) log.Debug($"IKEGetUserAttributes: primary DNS = {policy.DnsServers[0]}");
        if (policy.DnsServers.Count > 1) log.Debug($"IKEGetUserAttributes: secondary DNS = {policy.DnsServers[1]}");
        if (policy.DefaultDomain is { } domain) log.Debug($"IKEGetUserAttributes: default domain = {domain}");
        if (policy.SplitTunnelNetworkList is { } list) log.Debug($"IKEGetUserAttributes: split tunneling list = {list}");
        log.Main(IkeLog.Notice, $"User ({user}) authenticated.", account.Sources);
        if (!TunnelProtocolCheck.Allows(ctx, Sa, user)) return Refuse(ctx);
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
