using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The <c>debug crypto ipsec</c> blocks of an SA pair's life (reference §2.7, structure [M]): the
/// embryonic inbound SA when IKE takes an SPI, then at install the outbound SA with its context and
/// rules, then the inbound one with its context and flow, decrypt and permit rules, and their
/// deletion at the end. Pointers, handles
/// and rule IDs are opaque on the ASA; here they are derived from the SPI, so every line that names
/// the same object names it alike.
/// </summary>
public static class IpsecDebug
{
    /// <summary>The <c>debug crypto ipsec</c> level from which these blocks show [M].</summary>
    public const int Level = 1;

    /// <summary>The lifetime of an SA waiting for its keys [M].</summary>
    public const int EmbryonicSeconds = 240;

    /// <summary>What one rule matches: addresses, ports (0: any), protocol (0: any), SPI (ESP without NAT-T).</summary>
    private readonly record struct Selector(Ipv4 Source, Ipv4 SourceMask, Ipv4 Destination, Ipv4 DestinationMask,
        int SourcePort = 0, int DestinationPort = 0, int Protocol = 0, uint? Spi = null);

    private const int ProtocolUdp = 17, ProtocolEsp = 50;

    public static void Embryonic(IkeContext ctx, IkeSa sa, string direction, uint spi)
    {
        if (Shown(ctx)) Publish(ctx, sa, EmbryonicBlock(sa, direction, spi));
    }

    /// <summary>Whether <c>debug crypto ipsec</c> shows the blocks now: they are not built otherwise.</summary>
    private static bool Shown(IkeContext ctx) => Level <= ctx.Outputs.Debug.Ipsec;

    /// <summary>The outbound SA comes up: before "Security negotiation complete" (reference §2.4).</summary>
    public static void OutboundInstalled(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        if (!Shown(ctx)) return;
        var outSpi = child.OutboundSpi;
        var text = new StringBuilder(EmbryonicBlock(sa, "outbound", outSpi));
        text.Append('\n').Append($"IPSEC: Completed host OBSA update, SPI 0x{outSpi:X8}");
        text.Append('\n').Append(Context("Creating outbound", outSpi, flags: 5, mtu: 1500, peer: 0));
        text.Append('\n').Append(Completed("outbound VPN context", outSpi, "VPN handle", Handle(outSpi)));
        text.Append('\n').Append(Rule("outbound encrypt rule", outSpi, new Selector(child.LocalAddress, child.LocalMask, child.RemoteAddress, child.RemoteMask)));
        text.Append('\n').Append(Rule("outbound permit rule", outSpi, Outer(child, fromAsa: true)));
        Publish(ctx, sa, text.ToString());
    }

    /// <summary>The inbound SA comes up and the pair is tied together: after IKE's KEY_ADD (reference §2.4).</summary>
    public static void InboundInstalled(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        if (!Shown(ctx)) return;
        var (outSpi, inSpi) = (child.OutboundSpi, child.InboundSpi);
        var text = new StringBuilder($"IPSEC: Completed host IBSA update, SPI 0x{inSpi:X8}");
        text.Append('\n').Append(Context("Creating inbound", inSpi, flags: 6, mtu: 0, peer: Handle(outSpi)));
        text.Append('\n').Append(Completed("inbound VPN context", inSpi, "VPN handle", Handle(inSpi)));
        text.Append('\n').Append(Context($"Updating outbound VPN context 0x{Handle(outSpi):x8},", outSpi, flags: 5, mtu: 1500, peer: Handle(inSpi), updating: true));
        text.Append('\n').Append(Completed("outbound VPN context", outSpi, "VPN handle", Handle(outSpi)));
        text.Append('\n').Append(Completed("outbound inner rule", outSpi, "Rule ID", RuleId(outSpi, "outbound inner rule")));
        text.Append('\n').Append(Completed("outbound outer SPD rule", outSpi, "Rule ID", RuleId(outSpi, "outbound outer SPD rule")));
        text.Append('\n').Append(Rule("inbound tunnel flow rule", inSpi, new Selector(child.RemoteAddress, child.RemoteMask, child.LocalAddress, child.LocalMask)));
        text.Append('\n').Append(Rule("inbound decrypt rule", inSpi, Outer(child, fromAsa: false)));
        text.Append('\n').Append(Rule("inbound permit rule", inSpi, Outer(child, fromAsa: false)));
        Publish(ctx, sa, text.ToString());
    }

    public static void Deleted(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        if (!Shown(ctx)) return;
        var (outSpi, inSpi) = (child.OutboundSpi, child.InboundSpi);
        string[] lines =
        [
            Deleted("inbound decrypt rule", inSpi, "Rule ID", RuleId(inSpi, "inbound decrypt rule")),
            Deleted("inbound permit rule", inSpi, "Rule ID", RuleId(inSpi, "inbound permit rule")),
            Deleted("inbound tunnel flow rule", inSpi, "Rule ID", RuleId(inSpi, "inbound tunnel flow rule")),
            Deleted("inbound VPN context", inSpi, "VPN handle", Handle(inSpi)),
            Deleted("outbound encrypt rule", outSpi, "Rule ID", RuleId(outSpi, "outbound encrypt rule")),
            Deleted("outbound permit rule", outSpi, "Rule ID", RuleId(outSpi, "outbound permit rule")),
            Deleted("outbound VPN context", outSpi, "VPN handle", Handle(outSpi)),
        ];
        Publish(ctx, sa, string.Join('\n', lines));
    }

    private static string EmbryonicBlock(IkeSa sa, string direction, uint spi) =>
        $"IPSEC: New embryonic SA created @ 0x{Pointer(spi, 1):x8},\n" +
        $"    SCB: 0x{Pointer(spi, 2):x8},\n" +
        $"    Direction: {direction}\n" +
        $"    SPI      : 0x{spi:X8}\n" +
        $"    Session ID: 0x{Pointer(sa.CookieI, 3):x8}\n" +
        $"    VPIF num  : 0x{Pointer(sa.CookieI, 4):x8}\n" +
        $"    Tunnel type: {(sa.Username is null ? "l2l" : "ra")}\n" +
        "    Protocol   : esp\n" +
        $"    Lifetime   : {EmbryonicSeconds} seconds";

    /// <summary>The outer packets of the pair: ESP in UDP 4500 under NAT-T, else IP protocol 50 with the SPI.</summary>
    private static Selector Outer(ChildSa child, bool fromAsa)
    {
        var asa = Ipv4.Parse(child.Local.Address.ToString());
        var peer = Ipv4.Parse(child.Peer.Address.ToString());
        var (source, destination) = fromAsa ? (asa, peer) : (peer, asa);
        if (!child.UdpEncapsulated) return new Selector(source, Ipv4.HostMask, destination, Ipv4.HostMask, Protocol: ProtocolEsp, Spi: fromAsa ? child.OutboundSpi : child.InboundSpi);
        var (asaPort, peerPort) = (child.Local.Port, child.Peer.Port);
        return new Selector(source, Ipv4.HostMask, destination, Ipv4.HostMask, fromAsa ? asaPort : peerPort, fromAsa ? peerPort : asaPort, ProtocolUdp);
    }

    private static string Rule(string what, uint spi, Selector s) =>
        $"IPSEC: New {what}, SPI 0x{spi:X8}\n" +
        $"    Src addr: {s.Source}\n" +
        $"    Src mask: {s.SourceMask}\n" +
        $"    Dst addr: {s.Destination}\n" +
        $"    Dst mask: {s.DestinationMask}\n" +
        Ports("Src", s.SourcePort) + Ports("Dst", s.DestinationPort) +
        $"    Protocol: {s.Protocol}\n" +
        $"    Use protocol: {(s.Protocol != 0 ? "true" : "false")}\n" +
        $"    SPI: 0x{s.Spi ?? 0:X8}\n" +
        $"    Use SPI: {(s.Spi is not null ? "true" : "false")}\n" +
        Completed(what, spi, "Rule ID", RuleId(spi, what));

    private static string Ports(string side, int port) =>
        $"    {side} ports\n      Upper: {port}\n      Lower: {port}\n      Op   : {(port == 0 ? "ignore" : "equal")}\n";

    private static string Context(string verb, uint spi, int flags, int mtu, uint peer, bool updating = false) =>
        $"IPSEC: {verb}{(updating ? "" : " VPN context,")} SPI 0x{spi:X8}\n" +
        $"    Flags: 0x{flags:x8}\n" +
        $"    SA   : 0x{Pointer(spi, 1):x8}\n" +
        $"    SPI  : 0x{spi:X8}\n" +
        $"    MTU  : {mtu} bytes\n" +
        "    VCID : 0x00000000\n" +
        $"    Peer : 0x{peer:x8}\n" +
        $"    SCB  : 0x{Pointer(spi, 2):x8}\n" +
        $"    Channel: 0x{Pointer(spi, 5):x8}";

    private static string Completed(string what, uint spi, string label, uint id) =>
        $"IPSEC: Completed {what}, SPI 0x{spi:X8}\n    {label}: 0x{id:x8}";

    private static string Deleted(string what, uint spi, string label, uint id) =>
        $"IPSEC: Deleted {what}, SPI 0x{spi:X8}\n    {label}: 0x{id:x8}";

    private static uint Handle(uint spi) => Pointer(spi, 6);

    /// <summary>A rule's ID: the same rule of the same SA always has the same one (FNV-1a of its name as the salt).</summary>
    private static uint RuleId(uint spi, string rule)
    {
        var salt = 2166136261u;
        foreach (var c in rule) salt = (salt ^ c) * 16777619u;
        return Pointer(spi, salt);
    }

    /// <summary>An opaque value for the object <paramref name="salt"/> of the SA or session <paramref name="key"/> (a multiplicative hash).</summary>
    private static uint Pointer(ulong key, uint salt) => (uint)((key * 0x9E3779B97F4A7C15UL + salt * 0xC2B2AE3D27D4EB4FUL) >> 32);

    private static void Publish(IkeContext ctx, IkeSa sa, string text) =>
        ctx.Outputs.Publish(AsaEvent.Ipsec(Level, text) with { Peer = sa.Peer.Address.ToString(), Group = sa.TunnelGroup, User = sa.Username });
}
