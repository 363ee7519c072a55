using System.Buffers.Binary;
using System.Net;

namespace AsaEmu.Dataplane.Sockets;

/// <summary>
/// An ICMP fragmentation-needed (RFC 1191 §4: type 3, code 4, with the next-hop MTU) about an ESP
/// packet this headend sent to <paramref name="Peer"/>; <paramref name="Spi"/> is the SPI of that
/// packet when the ICMP message quoted enough of it.
/// </summary>
public readonly record struct PathMtuReport(IPAddress Peer, int Mtu, uint? Spi)
{
    // linux/in.h, linux/errqueue.h
    private const int SolIp = 0, IpRecvErr = 11, OriginIcmp = 2;
    private const int DestinationUnreachable = 3, FragmentationNeeded = 4;

    /// <summary>
    /// Reads one message of a socket's error queue (ip(7), IP_RECVERR):
    /// <code>
    /// control: cmsghdr { size_t len; int level; int type; }, data at 16, each padded to 8 bytes
    ///          IP_RECVERR data, struct sock_extended_err (host byte order):
    ///          0 ee_errno u32 | 4 ee_origin u8 | 5 ee_type u8 | 6 ee_code u8 | 7 pad | 8 ee_info u32 (the MTU) | 12 ee_data u32
    /// name:    sockaddr_in of the original destination: family u16 | port u16 (network order) | address
    /// quoted:  the original packet as the ICMP message quoted it, from the UDP payload on a UDP
    ///          socket (<paramref name="quotedFromIpHeader"/> false), from the IPv4 header on a raw one
    /// </code>
    /// False for anything but a fragmentation-needed from ICMP.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> control, ReadOnlySpan<byte> name, ReadOnlySpan<byte> quoted, bool quotedFromIpHeader, out PathMtuReport report)
    {
        report = default;
        if (name.Length < 8 || FindExtendedError(control) is not { Length: >= 16 } error) return false;
        if (error[4] != OriginIcmp || error[5] != DestinationUnreachable || error[6] != FragmentationNeeded) return false;
        var mtu = BinaryPrimitives.ReadUInt32LittleEndian(error[8..]);
        var esp = quoted;
        if (quotedFromIpHeader)
        {
            var headerLength = quoted.Length > 0 ? (quoted[0] & 0x0F) * 4 : 0;
            esp = headerLength >= 20 && headerLength <= quoted.Length ? quoted[headerLength..] : [];
        }
        uint? spi = esp.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(esp) : null;
        report = new PathMtuReport(new IPAddress(name.Slice(4, 4)), (int)Math.Min(mtu, int.MaxValue), spi);
        return true;
    }

    /// <summary>The data of the IP_RECVERR control message, empty when there is none.</summary>
    private static ReadOnlySpan<byte> FindExtendedError(ReadOnlySpan<byte> control)
    {
        const int HeaderSize = 16;
        for (var offset = 0; offset + HeaderSize <= control.Length;)
        {
            var length = (long)BinaryPrimitives.ReadUInt64LittleEndian(control[offset..]);
            if (length < HeaderSize || length > control.Length - offset) return [];
            var level = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 8)..]);
            var type = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 12)..]);
            if (level == SolIp && type == IpRecvErr) return control.Slice(offset + HeaderSize, (int)length - HeaderSize);
            offset += (int)((length + 7) & ~7L);
        }
        return [];
    }
}
