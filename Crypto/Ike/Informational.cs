using System.Buffers.Binary;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The protected informational exchange (RFC 2409 §5.7): dead peer detection (RFC 3706:
/// R-U-THERE answered with R-U-THERE-ACK and the same sequence number) and DELETE of IPsec and
/// IKE SAs, as the ASA narrates them (reference §2.5, §2.6).
/// </summary>
public static class Informational
{
    /// <summary>Handles a checked informational message; false when the IKE SA is deleted.</summary>
    public static bool Process(IkeContext ctx, IkeSa sa, IkeKeys keys, IReadOnlyList<Payload> payloads)
    {
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug("processing hash payload");
        foreach (var notify in payloads.OfType<NotifyPayload>())
        {
            log.Debug("processing notify payload");
            if (notify.MessageType == NotifyTypes.RUThere && notify.Data.Length >= 4)
            {
                var sequence = BinaryPrimitives.ReadUInt32BigEndian(notify.Data.Span);
                log.Debug($"Received keep-alive of type DPD R-U-THERE (seq number 0x{sequence:x8})");
                log.Debug($"Sending keep-alive of type DPD R-U-THERE-ACK (seq number 0x{sequence:x8})");
                Send(ctx, sa, keys, [notify with { MessageType = NotifyTypes.RUThereAck, Body = default }]);
            }
            else if (notify.MessageType == NotifyTypes.RUThereAck && notify.Data.Length >= 4)
            {
                log.Debug($"Received keep-alive of type DPD R-U-THERE-ACK (seq number 0x{BinaryPrimitives.ReadUInt32BigEndian(notify.Data.Span):x8})");
            }
            else if (notify.MessageType == NotifyTypes.ResponderLifetime && notify.ProtocolId == OakleyAttributes.ProtocolIsakmp && sa.Role == IkeRole.Initiator)
            {
                // The headend granted a shorter IKE SA lifetime than we asked for (RFC 2407 §4.6.3.1): ours follows.
                foreach (var (type, seconds) in ResponderLifetimeNotify.Read(notify, OakleyAttributes.LifeType, OakleyAttributes.LifeDuration))
                    if (type == OakleyAttributes.LifeSeconds) keys.LowerLifetime(seconds);
            }
            else if (notify.MessageType is not (NotifyTypes.RUThere or NotifyTypes.RUThereAck or NotifyTypes.ResponderLifetime
                or NotifyTypes.InitialContact or NotifyTypes.ReplayStatus))
            {
                // Under a keyed SA these refuse a Quick Mode of ours (RFC 2408 §3.14.1): Out P2 Exchange Rejects.
                if (notify.MessageType is NotifyTypes.NoProposalChosen or NotifyTypes.InvalidIdInformation)
                    ctx.Services.Statistics.OutP2ExchangeRejects++;
                // The peer refused something of ours (a Quick Mode's proposal or proxies, say): the ASA logs what it got.
                log.Syslog(713068, 5, LanToLanText.NonRoutineNotify(notify.MessageType));
            }
        }
        foreach (var delete in payloads.OfType<DeletePayload>())
        {
            log.Debug("processing delete");
            if (delete.ProtocolId == IpsecAttributes.ProtocolEsp)
            {
                for (var i = 0; delete.SpiSize == 4 && i < delete.SpiCount; i++)
                {
                    var child = ChildWithOutboundSpi(sa, BinaryPrimitives.ReadUInt32BigEndian(delete.Spi(i).Span));
                    if (child is null) continue;
                    if (LanToLanText.IsSite(ctx.Config, sa)) log.Syslog(713050, 5, LanToLanText.ConnectionTerminated(sa.Peer.Address.ToString(), "Peer Terminate", child));
                    else log.Main(IkeLog.Notice, $"Connection terminated for peer {sa.Username ?? sa.TunnelGroup}.  Reason: Peer Terminate  Remote Proxy {child.RemoteAddress}, Local Proxy {child.LocalAddress}");
                    log.Debug($"IKE Deleting SA: Remote Proxy {child.RemoteAddress}, Local Proxy {child.LocalAddress}");
                    sa.Children.Remove(child);
                    ctx.Outputs.Removed.Add(child);
                    IpsecSaEvents.Deleted(ctx, sa, child);
                }
            }
            else if (delete.ProtocolId == OakleyAttributes.ProtocolIsakmp)
            {
                log.Debug($"IKE SA AM:{sa.CookieI >> 32:x8} rcv'd Terminate: state {IkeSaStates.Name(sa.State)}  flags 0x00000000, refcnt 1, tuncnt {sa.Children.Count}");
                // Only a session that came up (phase 1 complete) is torn down and counted as disconnected.
                // A site's IKE SA a newer one replaced (a phase 1 rekey) goes alone: the tunnel stays.
                if (sa.Established && !sa.Superseded) TearDown(ctx, sa, "User Requested");
                return false;
            }
        }
        return true;
    }

    /// <summary>A loop, not a lambda: a DELETE may name thousands of SPIs, and a closure for each would cost more than the SPI.</summary>
    private static ChildSa? ChildWithOutboundSpi(IkeSa sa, uint spi)
    {
        foreach (var child in sa.Children)
            if (child.OutboundSpi == spi) return child;
        return null;
    }

    /// <summary>Ends the session: removes its IPsec SAs and says why (713259, 113019).</summary>
    public static void TearDown(IkeContext ctx, IkeSa sa, string reason)
    {
        var log = new IkeLog(sa, ctx.Outputs);
        var protocol = ChildSa.SessionProtocol(sa.Children); // named before the SAs go
        var site = LanToLanText.IsSite(ctx.Config, sa);
        foreach (var child in sa.Children)
        {
            if (site) log.Syslog(713050, 5, LanToLanText.ConnectionTerminated(sa.Peer.Address.ToString(), reason, child));
            ctx.Outputs.Removed.Add(child);
            IpsecSaEvents.Deleted(ctx, sa, child);
        }
        sa.Children.Clear();
        log.Syslog(713259, 5, $"Session is being torn down. Reason: {reason}");
        SessionAccounting.Stop(ctx, sa, reason);
        log.Syslog(113019, 4, Disconnected(site ? LanToLanText.SessionType : protocol, ctx.Now - sa.SessionStart, sa.BytesSent, sa.BytesReceived, reason));
    }

    /// <summary>113019's text (reference §2.6 [S]), an IKEv1 session's or an IKEv2 site's.</summary>
    public static string Disconnected(string sessionType, TimeSpan duration, long sent, long received, string reason) =>
        $"Session disconnected. Session Type: {sessionType}, Duration: {(int)duration.TotalHours}h:{duration.Minutes:00}m:{duration.Seconds:00}s, Bytes xmt: {sent}, Bytes rcv: {received}, Reason: {reason}";

    /// <summary>A protected informational message with HASH(1).</summary>
    public static void Send(IkeContext ctx, IkeSa sa, IkeKeys keys, IReadOnlyList<Payload> payloads)
    {
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug("constructing blank hash payload");
        log.Debug("constructing qm hash payload");
        var id = ctx.RandomMessageId();
        var message = MessageProtection.Seal(sa, keys, ExchangeType.Informational, id, payloads);
        ctx.Services.Statistics.Sent(payloads);
        log.DecodeLine("SENDING", id, [new DataPayload(PayloadType.Hash, ReadOnlyMemory<byte>.Empty), .. payloads], message.Length);
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    /// <summary>DELETE of one IPsec SA pair, by our inbound SPI (RFC 2408 §3.15).</summary>
    public static void SendDelete(IkeContext ctx, IkeSa sa, IkeKeys keys, ChildSa child)
    {
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, child.InboundSpi);
        Send(ctx, sa, keys, [new DeletePayload(SaPayload.IpsecDoi, IpsecAttributes.ProtocolEsp, 4, [spi])]);
    }

    /// <summary>DELETE of the IKE SA itself, by its cookies.</summary>
    public static void SendIkeDelete(IkeContext ctx, IkeSa sa, IkeKeys keys) =>
        Send(ctx, sa, keys, [new DeletePayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, 16, [sa.Cookies()])]);

    /// <summary>
    /// A keyed IKE SA that cannot go on (XAUTH refused for the last time, no address to give): the
    /// ASA terminates it and tells the client with a DELETE, so it stops at once.
    /// </summary>
    public static void Terminate(IkeContext ctx, IkeSa sa, IkeKeys keys)
    {
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug($"IKE SA AM:{sa.CookieI >> 32:x8} terminating:  flags 0x00000000, refcnt 0, tuncnt 0");
        log.Debug("sending delete/delete with reason message");
        SendIkeDelete(ctx, sa, keys);
    }
}
