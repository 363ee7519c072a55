using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Peers refused at their first message, any whose proposal fits no policy: such a peer is told
/// NO-PROPOSAL-CHOSEN in an unencrypted informational exchange, so it stops at once instead of
/// retransmitting, and the debug says why.
/// </summary>
public static class UnsupportedPeer
{
    /// <summary>
    /// The answer to a negotiation refused at its first message (reference §2.8): an unencrypted
    /// informational exchange with NOTIFY NO-PROPOSAL-CHOSEN.
    /// </summary>
    internal static void SendNoProposalChosen(IkeContext ctx, ulong cookieI, ulong cookieR, IPEndPoint local, IPEndPoint peer, IkeLog log)
    {
        var id = ctx.RandomMessageId();
        var notify = new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, IkeSa.Cookies(cookieI, cookieR),
            NotifyTypes.NoProposalChosen, ReadOnlyMemory<byte>.Empty);
        var message = IsakmpEncoder.Encode(
            new IsakmpHeader(cookieI, cookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.Informational, IsakmpFlags.None, id, 0),
            [notify]);
        log.DecodeLine("SENDING", id, new IsakmpMessage(default, [notify]).PayloadSummary(), message.Length);
        ctx.Services.Statistics.OutNotifys++;
        ctx.Outputs.Send(new IkeDatagram(local, peer, message));
    }
}
