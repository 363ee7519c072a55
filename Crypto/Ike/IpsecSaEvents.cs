using System.Net;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ikev2;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What an IPsec SA pair coming up or going away says: syslog 602303/602304 (reference §2.9:
/// upper-case SPIs, the ASA's address first for outbound SAs, the peer's for inbound ones) and, when
/// an IKEv1 one goes, the <c>debug crypto ipsec</c> block of <see cref="IpsecDebug"/>. An IKEv2 SA's
/// Child SAs say the same (a site's: LAN-to-LAN, its tunnel-group the user).
/// </summary>
public static class IpsecSaEvents
{
    /// <summary>Syslog 602303 for the pair; the debug blocks of its install come at their steps of Quick Mode.</summary>
    public static void Created(IkeContext ctx, IkeSa sa, ChildSa child) => Pair(ctx, Owner.Of(sa), child, 602303, "created");

    public static void Deleted(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        IpsecDebug.Deleted(ctx, sa, child);
        Pair(ctx, Owner.Of(sa), child, 602304, "deleted");
    }

    /// <summary>Syslog 602303 for an IKEv2 Child SA.</summary>
    public static void Created(IkeContext ctx, Ikev2Sa sa, ChildSa child) => Pair(ctx, Owner.Of(sa), child, 602303, "created");

    /// <summary>Syslog 602304 for an IKEv2 Child SA.</summary>
    public static void Deleted(IkeContext ctx, Ikev2Sa sa, ChildSa child) => Pair(ctx, Owner.Of(sa), child, 602304, "deleted");

    /// <summary>What the messages name of the SA's IKE SA: the two addresses, the user (null for a site) and the tunnel-group.</summary>
    private readonly record struct Owner(IPAddress Local, IPAddress Peer, string? Username, string? TunnelGroup)
    {
        public static Owner Of(IkeSa sa) => new(sa.Local.Address, sa.Peer.Address, sa.Username, sa.TunnelGroup);
        public static Owner Of(Ikev2Sa sa) => new(sa.Local.Address, sa.Peer.Address, null, sa.TunnelGroup);
    }

    private static void Pair(IkeContext ctx, Owner owner, ChildSa child, int id, string what)
    {
        Publish(ctx, owner, id, "outbound", child.OutboundSpi, owner.Local.ToString(), owner.Peer.ToString(), what);
        Publish(ctx, owner, id, "inbound", child.InboundSpi, owner.Peer.ToString(), owner.Local.ToString(), what);
    }

    private static void Publish(IkeContext ctx, Owner owner, int id, string direction, uint spi, string from, string to, string what)
    {
        var kind = owner.Username is null ? "LAN-to-LAN" : "remote access";
        var user = owner.Username ?? owner.TunnelGroup;
        ctx.Outputs.Publish(AsaEvent.Log(EventCategory.Ipsec, new SyslogId(id, 6),
            $"IPSEC: An {direction} {kind} SA (SPI= 0x{spi:X8}) between {from} and {to} (user= {user}) has been {what}."));
    }
}
