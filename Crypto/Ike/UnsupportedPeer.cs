using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Peers this headend does not serve yet: LAN-to-LAN peers (a tunnel-group of type ipsec-l2l, a
/// static crypto map <c>set peer</c>) and Main Mode, which they and certificate clients use. Such a
/// peer is told NO-PROPOSAL-CHOSEN in an unencrypted informational exchange, so it stops at once
/// instead of retransmitting, and the debug says why. The refusal wording is [M].
/// </summary>
public static class UnsupportedPeer
{
    /// <summary>A Main Mode message 1: nothing is kept.</summary>
    public static void RefuseMainMode(IkeContext ctx, IkeDatagram datagram, IsakmpHeader header, ulong cookieR)
    {
        var peer = datagram.Remote.Address;
        var log = new IkeLog(null, peer.ToString(), ctx.Outputs);
        var summary = IsakmpCodec.TryDecode(datagram.Data, out var message, out _) ? message!.PayloadSummary() : "HDR + ...";
        log.DecodeLine("RECEIVED", 0, summary, (int)header.Length);
        var decidedBy = ConfigFor(ctx.Config, peer);
        log.Main(IkeLog.Milestone, "Rejecting Main Mode negotiation: LAN-to-LAN tunnels and Main Mode peers are not supported by this headend", decidedBy);
        SendNoProposalChosen(ctx, header.InitiatorCookie, cookieR, datagram.Local, datagram.Remote, log);
    }

    /// <summary>An Aggressive Mode message 1 whose ID names a LAN-to-LAN tunnel-group.</summary>
    public static void RefuseLanToLan(IkeContext ctx, IkeSa sa, TunnelGroup group, IkeLog log)
    {
        log.Main(IkeLog.Milestone, $"Rejecting IPSec tunnel: tunnel-group {group.Name} is of type ipsec-l2l; LAN-to-LAN tunnels are not supported by this headend",
            group.Sources);
        SendNoProposalChosen(ctx, sa.CookieI, sa.CookieR, sa.Local, sa.Peer, log);
    }

    /// <summary>The config lines that make <paramref name="peer"/> a LAN-to-LAN peer, if any.</summary>
    private static IEnumerable<SourceRef> ConfigFor(AsaConfig config, IPAddress peer)
    {
        var name = peer.ToString();
        var group = config.Get<TunnelGroup>(name);
        var maps = config.All<CryptoMap>().Where(m => m.Entries.Values.Any(e => e.Peers.Contains(name)));
        return (group?.Sources ?? []).Concat(maps.SelectMany(m => m.Sources));
    }

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
        ctx.Outputs.Send(new IkeDatagram(local, peer, message));
    }
}
