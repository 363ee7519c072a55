using System.Runtime.InteropServices;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The few rtnetlink messages the route table sends and the answers it reads (rtnetlink(7),
/// netlink(7)). Headers are in host byte order, addresses in network byte order, every part
/// padded to 4 bytes.
/// <code>
/// nlmsghdr   0: length u32 | 4: type u16 | 6: flags u16 | 8: sequence u32 | 12: port id u32
/// rtmsg     16: family u8, dst_len u8, src_len u8, tos u8 | 20: table u8, protocol u8, scope u8, type u8
/// ifinfomsg 16: family u8, pad u8, type u16 | 20: index i32 | 24: flags u32 | 28: change u32
/// rtattr       length u16 | type u16 | value, padded to 4
/// nlmsgerr  16: error i32 (-errno; 0 is the ACK) | 20: the request's nlmsghdr
/// </code>
/// </summary>
internal static class Rtnetlink
{
    public const int NetlinkRoute = 0;
    public const ushort NewRoute = 24, DelRoute = 25, GetLink = 18, NewLink = 16;
    public const ushort Create = 0x400, Replace = 0x100;
    private const ushort MsgError = 2, MsgDone = 3;
    private const ushort Request = 1, Ack = 4;
    private const int HeaderLength = 16;
    private const ushort RtaDst = 1, RtaOif = 4, IflaIfname = 3;
    private const byte AfInet = 2, AfUnspec = 0;
    private const byte TableMain = 254, ProtocolBoot = 3, ScopeLink = 253, ScopeNowhere = 255, TypeUnicast = 1;

    public enum Outcome { Other, Ack, Error, Link }

    /// <summary>
    /// RTM_NEWROUTE or RTM_DELROUTE for NETWORK/PREFIX out of interface INDEX in the main table, asking
    /// for an ACK. A new route is what <c>ip route replace ... dev</c> makes (proto boot, scope link, unicast);
    /// a delete leaves protocol, scope and type open (0, nowhere, 0), as <c>ip route del</c> does.
    /// </summary>
    public static byte[] Route(ushort type, ushort flags, uint sequence, Ipv4 network, byte prefixLength, int index)
    {
        var message = new byte[HeaderLength + 12 + 8 + 8];
        var span = message.AsSpan();
        WriteHeader(span, type, (ushort)(Request | Ack | flags), sequence);
        var adding = type == NewRoute;
        span[16] = AfInet;
        span[17] = prefixLength;
        span[20] = TableMain;
        span[21] = adding ? ProtocolBoot : (byte)0;
        span[22] = adding ? ScopeLink : ScopeNowhere;
        span[23] = adding ? TypeUnicast : (byte)0;
        var dst = WriteAttribute(span[28..], RtaDst, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(dst, network.Value);
        MemoryMarshal.Write(WriteAttribute(span[36..], RtaOif, 4), index);
        return message;
    }

    /// <summary>RTM_GETLINK for the device named <paramref name="device"/> (the kernel looks it up by IFLA_IFNAME).</summary>
    public static byte[] GetLinkByName(uint sequence, string device)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(device + "\0");
        var message = new byte[HeaderLength + 16 + Align(4 + name.Length)];
        var span = message.AsSpan();
        WriteHeader(span, GetLink, Request, sequence);
        span[16] = AfUnspec;
        name.CopyTo(WriteAttribute(span[32..], IflaIfname, name.Length));
        return message;
    }

    /// <summary>
    /// Reads one datagram of answers for <paramref name="sequence"/>: the ACK, an error (its errno in
    /// <paramref name="value"/>) or a link (its index in <paramref name="value"/>); other messages are skipped.
    /// </summary>
    public static Outcome Answer(ReadOnlySpan<byte> datagram, uint sequence, out int value)
    {
        value = 0;
        while (datagram.Length >= HeaderLength)
        {
            var length = MemoryMarshal.Read<uint>(datagram);
            if (length < HeaderLength || length > datagram.Length) return Outcome.Other;
            var message = datagram[..(int)length];
            var type = MemoryMarshal.Read<ushort>(message[4..]);
            if (MemoryMarshal.Read<uint>(message[8..]) == sequence)
            {
                if (type == MsgError && message.Length >= HeaderLength + 4)
                {
                    var error = MemoryMarshal.Read<int>(message[HeaderLength..]);
                    value = -error;
                    return error == 0 ? Outcome.Ack : Outcome.Error;
                }

                if (type == NewLink && message.Length >= HeaderLength + 8)
                {
                    value = MemoryMarshal.Read<int>(message[(HeaderLength + 4)..]);
                    return Outcome.Link;
                }

                if (type == MsgDone) return Outcome.Other;
            }

            datagram = datagram[Math.Min(Align((int)length), datagram.Length)..];
        }

        return Outcome.Other;
    }

    private static void WriteHeader(Span<byte> message, ushort type, ushort flags, uint sequence)
    {
        MemoryMarshal.Write(message, (uint)message.Length);
        MemoryMarshal.Write(message[4..], type);
        MemoryMarshal.Write(message[6..], flags);
        MemoryMarshal.Write(message[8..], sequence);
    }

    /// <summary>Writes an rtattr header at the start of <paramref name="at"/> and returns its value's bytes.</summary>
    private static Span<byte> WriteAttribute(Span<byte> at, ushort type, int valueLength)
    {
        MemoryMarshal.Write(at, (ushort)(4 + valueLength));
        MemoryMarshal.Write(at[2..], type);
        return at.Slice(4, valueLength);
    }

    private static int Align(int length) => (length + 3) & ~3;
}
