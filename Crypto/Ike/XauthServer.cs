using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// XAUTH as Cisco headends run it (draft-beaulieu-ike-xauth-02 §4): after phase 1 the ASA asks
/// for a username and password (CFG_REQUEST), checks the reply against the local <c>username</c>
/// database, answers with XAUTH_STATUS in a CFG_SET and waits for the CFG_ACK. A wrong password
/// is asked for again, up to three tries. The check is the local user database's: failures count
/// toward the user's lockout and the peer address's throttle, and a locked user or a throttled peer
/// fails as a wrong password does, with the AAA syslog messages (113015, 113006; 113012 on success).
/// </summary>
public static class XauthServer
{
    public const int MaxAttempts = 3;

    public static void Start(IkeContext ctx, IkeSa sa)
    {
        sa.TransactionId = ctx.RandomMessageId();
        var request = new AttributePayload(AttributePayload.Request, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, ReadOnlyMemory<byte>.Empty),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, ReadOnlyMemory<byte>.Empty)]);
        Send(ctx, sa, request);
        sa.State = IkeSaState.AmTmWaitXauth;
    }

    /// <summary>Handles the client's CFG_REPLY (credentials) or CFG_ACK; false when the SA must go.</summary>
    public static bool Process(IkeContext ctx, IkeSa sa, AttributePayload attributes, LocalUserDatabase users)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        log.Debug("process_attr(): Enter!");
        if (sa.State == IkeSaState.AmTmWaitXauthAck && attributes.ConfigType == AttributePayload.Ack)
        {
            log.Debug("Processing cfg ACK attributes");
            sa.AwaitModeConfig(ctx.Now);
            return true;
        }
        if (sa.State != IkeSaState.AmTmWaitXauth || attributes.ConfigType != AttributePayload.Reply) return true;

        log.Debug("Processing MODE_CFG Reply attributes.");
        var user = Text(attributes, ModeCfgAttributes.XauthUserName);
        var password = Text(attributes, ModeCfgAttributes.XauthUserPassword);
        var outcome = users.Authenticate(ctx.Config, new LoginAttempt(user ?? "", password ?? "", sa.Peer.Address, LoginService.Xauth), ctx.Now);
        foreach (var e in outcome.Events) ctx.Outputs.Publish(e);
        sa.XauthAttempts++;
        if (outcome.User is not { } account)
        {
            log.Syslog(713167, 3, "Remote peer has failed user authentication -  check configured username and password");
            if (sa.XauthAttempts < MaxAttempts)
            {
                Start(ctx, sa);
                return true;
            }
            SendStatus(ctx, sa, ok: false);
            return false;
        }

        user = account.Name;
        sa.Username = user;
        log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        // The attributes the user's policy gives, as the ASA narrates their retrieval (715019; names [M]).
        var policy = EffectivePolicy.Resolve(ctx.Config, sa.TunnelGroup, user);
        if (policy.DnsServers.Count > 0) log.Debug($"IKEGetUserAttributes: primary DNS = {policy.DnsServers[0]}");
        if (policy.DnsServers.Count > 1) log.Debug($"IKEGetUserAttributes: secondary DNS = {policy.DnsServers[1]}");
        if (policy.DefaultDomain is { } domain) log.Debug($"IKEGetUserAttributes: default domain = {domain}");
        if (policy.SplitTunnelNetworkList is { } list) log.Debug($"IKEGetUserAttributes: split tunneling list = {list}");
        log.Main(IkeLog.Notice, $"User ({user}) authenticated.", account.Sources);
        if (!TunnelProtocolCheck.Allows(ctx, sa, user))
        {
            SendStatus(ctx, sa, ok: false);
            return false;
        }
        SendStatus(ctx, sa, ok: true);
        sa.State = IkeSaState.AmTmWaitXauthAck;
        return true;
    }

    private static void SendStatus(IkeContext ctx, IkeSa sa, bool ok)
    {
        sa.TransactionId = ctx.RandomMessageId();
        Send(ctx, sa, new AttributePayload(AttributePayload.Set, 0,
            [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, ok ? (ushort)1 : (ushort)0)]));
    }

    internal static void Send(IkeContext ctx, IkeSa sa, AttributePayload attributes)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        log.Debug("constructing blank hash payload");
        log.Debug("constructing qm hash payload");
        var message = MessageProtection.Seal(sa, ExchangeType.Transaction, sa.TransactionId, [attributes]);
        log.DecodeLine("SENDING", sa.TransactionId, "HDR + HASH (8) + ATTR (14) + NONE (0)", message.Length);
        sa.LastSent = message;
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    private static string? Text(AttributePayload attributes, ushort type) =>
        attributes.Attributes.FirstOrDefault(a => a.Type == type) is { Short: false } a ? Encoding.UTF8.GetString(a.LongValue.Span) : null;
}
