using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What an IPsec SA pair coming up or going away says: syslog 602303/602304 (reference §2.9:
/// upper-case SPIs, the ASA's address first for outbound SAs, the peer's for inbound ones) and, when
/// it goes, the <c>debug crypto ipsec</c> block of <see cref="IpsecDebug"/>.
/// </summary>
public static class IpsecSaEvents
{
    /// <summary>Syslog 602303 for the pair; the debug blocks of its install come at their steps of Quick Mode.</summary>
    public static void Created(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        Publish(ctx, sa, 602303, "outbound", child.OutboundSpi, sa.Local.Address.ToString(), sa.Peer.Address.ToString(), "created");
        Publish(ctx, sa, 602303, "inbound", child.InboundSpi, sa.Peer.Address.ToString(), sa.Local.Address.ToString(), "created");
    }

    public static void Deleted(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        IpsecDebug.Deleted(ctx, sa, child);
        Publish(ctx, sa, 602304, "outbound", child.OutboundSpi, sa.Local.Address.ToString(), sa.Peer.Address.ToString(), "deleted");
        Publish(ctx, sa, 602304, "inbound", child.InboundSpi, sa.Peer.Address.ToString(), sa.Local.Address.ToString(), "deleted");
    }

    private static void Publish(IkeContext ctx, IkeSa sa, int id, string direction, uint spi, string from, string to, string what)
    {
        var kind = sa.Username is null ? "LAN-to-LAN" : "remote access";
        var user = sa.Username ?? sa.TunnelGroup;
        ctx.Outputs.Publish(AsaEvent.Log(EventCategory.Ipsec, new SyslogId(id, 6),
            $"IPSEC: An {direction} {kind} SA (SPI= 0x{spi:X8}) between {from} and {to} (user= {user}) has been {what}."));
    }
}
