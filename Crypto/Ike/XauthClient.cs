using System.Text;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// XAUTH, the client's task (draft-beaulieu-ike-xauth-02 §4): the headend asks with CFG_REQUEST
/// (in a transaction of its own message ID), the client answers CFG_REPLY with the profile's
/// username and password, the headend says XAUTH_STATUS in CFG_SET and the client acknowledges it.
/// A status of FAIL ends the SA; a request after a failure is answered again (the headend's next try).
/// </summary>
public sealed class XauthClient(IkeSa sa, IkeKeys keys, RemoteAccessProfile profile) : IkeTask(sa)
{
    private bool _replied;

    public override ExchangeType Exchange => ExchangeType.Transaction;

    public override IkeSaState State => _replied ? IkeSaState.AmTmWaitXauthAck : IkeSaState.AmTmWaitXauth;

    /// <summary>The headend begins each transaction of XAUTH with a message ID of its own.</summary>
    public override bool Expects(ExchangeType exchange, uint messageId) => exchange == ExchangeType.Transaction;

    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        if (message.First<AttributePayload>() is not { } attributes) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        MessageId = message.MessageId;
        if (attributes.ConfigType == AttributePayload.Request && attributes.Attributes.Any(a => a.Type == ModeCfgAttributes.XauthUserName))
        {
            log.Debug("Processing MODE_CFG Request attributes (XAUTH)");
            Send(ctx, log, new AttributePayload(AttributePayload.Reply, attributes.Identifier,
                [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, Encoding.UTF8.GetBytes(profile.Username)),
                 DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, Encoding.UTF8.GetBytes(profile.Password))]));
            _replied = true;
            return TaskStatus.NeedMore;
        }
        if (attributes.ConfigType != AttributePayload.Set) return TaskStatus.NeedMore;
        var status = attributes.Attributes.FirstOrDefault(a => a.Type == ModeCfgAttributes.XauthStatus)?.Number;
        log.Debug("Processing MODE_CFG Set attributes (XAUTH status)");
        Send(ctx, log, new AttributePayload(AttributePayload.Ack, attributes.Identifier,
            [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, (ushort)(status ?? 0))]));
        if (status == 1)
        {
            Sa.Username = profile.Username;
            return TaskStatus.Done;
        }
        log.Main(IkeLog.Milestone, "The headend refused the user (XAUTH status FAIL)");
        Sa.AuthenticationFailed = true;
        return TaskStatus.Failed;
    }

    private void Send(IkeContext ctx, IkeLog log, AttributePayload attributes)
    {
        var message = MessageProtection.Seal(Sa, keys, ExchangeType.Transaction, MessageId, [attributes]);
        log.DecodeLine("SENDING", MessageId, "HDR + HASH (8) + ATTR (14) + NONE (0)", message.Length);
        Sa.Tasks.Send(ctx, message);
    }
}
