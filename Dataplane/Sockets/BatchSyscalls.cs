using System.Runtime.InteropServices;
using Tmds.Linux;

namespace AsaEmu.Dataplane.Sockets;

/// <summary>
/// The batched datagram calls, readv/writev and the UDP GSO option, which Tmds.LibC 0.5 does not bind (it has
/// <see cref="mmsghdr"/>, <see cref="msghdr"/>, <see cref="iovec"/> and <see cref="cmsghdr"/>).
/// </summary>
internal static unsafe class BatchSyscalls
{
    /// <summary>recvmmsg(2): up to <paramref name="vlen"/> datagrams in one call; with MSG_WAITFORONE only the first one blocks.</summary>
    [DllImport("libc.so.6", SetLastError = true)]
    public static extern int recvmmsg(int socket, mmsghdr* messages, uint vlen, int flags, timespec* timeout);

    /// <summary>sendmmsg(2): returns how many messages went; an error on a later message is seen by the next call.</summary>
    [DllImport("libc.so.6", SetLastError = true)]
    public static extern int sendmmsg(int socket, mmsghdr* messages, uint vlen, int flags);

    /// <summary>readv(2) and writev(2): a TUN device with IFF_VNET_HDR takes its header and the packet in one call.</summary>
    [DllImport("libc.so.6", SetLastError = true)]
    public static extern nint readv(int fd, iovec* iov, int count);

    [DllImport("libc.so.6", SetLastError = true)]
    public static extern nint writev(int fd, iovec* iov, int count);

    // linux/udp.h: SOL_UDP is IPPROTO_UDP; UDP_SEGMENT (Linux 4.18) takes the segment size as a u16.
    public const int SolUdp = 17, UdpSegment = 103;

    /// <summary>UDP_MAX_SEGMENTS of the kernel: more segments per send are refused with EINVAL.</summary>
    public const int UdpMaxSegments = 64;

    /// <summary>The control space for one UDP_SEGMENT message: CMSG_SPACE(sizeof(u16)).</summary>
    public static int SegmentControlSize => (int)LibC.CMSG_SPACE(sizeof(ushort));

    /// <summary>
    /// Its cmsg_len, CMSG_LEN(sizeof(u16)): the kernel refuses any other length with EINVAL, and
    /// Tmds.LibC 0.5's CMSG_LEN pads it to the next 8 bytes.
    /// </summary>
    public static int SegmentControlLength => sizeof(cmsghdr) + sizeof(ushort);
}
