using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The moment an SA is up: phase 1 and its XAUTH and Mode Config are done. The ASA says so
/// (713119, the keepalive type, its P1 rekey timer), the idle timeout starts counting, and a
/// responder that granted a shorter IKE SA lifetime than the peer asked for tells it with
/// RESPONDER-LIFETIME (RFC 2407 §4.6.3.1).
/// </summary>
public static class Phase1Completion
{
    public static void Complete(IkeContext ctx, IkeSa sa)
    {
        if (sa.Keys is not { } keys) return;
        var selection = keys.Selection;
        var log = new IkeLog(sa, ctx.Outputs);
        log.Syslog(713119, 5, "PHASE 1 COMPLETED");
        var keepalive = IkeEngine.Keepalive(ctx.Config, sa);
        var bare = new IkeLog(null, sa.Peer.Address.ToString(), ctx.Outputs);
        if (keepalive is { Disabled: true }) bare.Main(IkeLog.Notice, LanToLanText.KeepaliveType("None"));
        else
        {
            bare.Main(IkeLog.Notice, LanToLanText.KeepaliveType("DPD"));
            // 713122: R-U-THERE is configured, but the peer sent no DPD VID, so it will not be asked (RFC 3706 §5.1).
            if (!sa.ClientDpd && keepalive is not null) bare.Syslog(713122, 3, LanToLanText.KeepalivesUnsupported(sa.Peer.Address.ToString()));
        }
        log.Debug($"Starting P1 rekey timer: {selection.LifetimeSeconds * 95 / 100} seconds.");
        sa.LastTraffic = ctx.Now;
        sa.EstablishedAt = ctx.Now;
        if (!selection.LifetimeLowered || sa.Role != IkeRole.Responder) return;
        log.Debug("sending notify message");
        var data = new byte[8];
        DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds).Write(data);
        var duration = DataAttribute.Integer(OakleyAttributes.LifeDuration, (uint)selection.LifetimeSeconds);
        var payload = new byte[4 + duration.EncodedLength];
        data.AsSpan(0, 4).CopyTo(payload);
        duration.Write(payload.AsSpan(4));
        Informational.Send(ctx, sa, keys,
            [new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, sa.Cookies(), NotifyTypes.ResponderLifetime, payload)]);
    }
}
