using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tmds.Linux;

namespace AsaEmu.Dataplane.Sockets;

/// <summary>
/// The ICMP errors about what a socket sent, which the kernel queues on it once IP_RECVERR is set
/// (ip(7)): read without waiting, whenever a receive returned nothing (a queued error makes the
/// next receive fail, so a socket under load still gets here). One thread reads.
/// </summary>
public sealed unsafe class SocketErrorQueue
{
    private const int SolIp = 0, IpRecvErr = 11, MsgErrQueue = 0x2000, MsgDontWait = 0x40;

    /// <summary>At most this many errors are read per call: the receive loop goes back to its packets.</summary>
    private const int MaxPerDrain = 64;

    private readonly bool _quotedFromIpHeader;
    private readonly byte[] _quoted = GC.AllocateArray<byte>(1500, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(256, pinned: true);
    private readonly byte[] _name = GC.AllocateArray<byte>(32, pinned: true);

    /// <param name="quotedFromIpHeader">True for a raw socket, whose errors quote the original IPv4 header; false for UDP.</param>
    public SocketErrorQueue(bool quotedFromIpHeader) => _quotedFromIpHeader = quotedFromIpHeader;

    /// <summary>Asks the kernel to queue ICMP errors on <paramref name="socket"/>; false when it refused.</summary>
    public static bool Enable(Socket socket)
    {
        // A raw option: .NET reads SocketOptionName values as Windows ones (11 there is IP_MULTICAST_LOOP).
        try { socket.SetRawSocketOption(SolIp, IpRecvErr, BitConverter.GetBytes(1)); }
        catch (SocketException) { return false; }
        return true;
    }

    /// <summary>Hands each queued fragmentation-needed to <paramref name="report"/>; other errors are dropped.</summary>
    public void Drain(SafeHandle socket, Action<PathMtuReport> report)
    {
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            for (var i = 0; i < MaxPerDrain; i++)
            {
                var received = ReadOne(fd, out var controlLength);
                if (received < 0) return;
                if (PathMtuReport.TryRead(_control.AsSpan(0, controlLength), _name, _quoted.AsSpan(0, received), _quotedFromIpHeader, out var found))
                    report(found);
            }
        }
        catch (ObjectDisposedException)
        {
            // The socket closed under the loop: nothing more to read.
        }
        finally
        {
            if (added) socket.DangerousRelease();
        }
    }

    private int ReadOne(int fd, out int controlLength)
    {
        var iov = new iovec { iov_base = Unsafe.AsPointer(ref _quoted[0]), iov_len = _quoted.Length };
        var header = new msghdr
        {
            msg_name = Unsafe.AsPointer(ref _name[0]),
            msg_namelen = (uint)_name.Length,
            msg_iov = &iov,
            msg_iovlen = 1,
            msg_control = Unsafe.AsPointer(ref _control[0]),
            msg_controllen = _control.Length,
        };
        var received = (long)LibC.recvmsg(fd, &header, MsgErrQueue | MsgDontWait);
        controlLength = (int)Math.Min((uint)header.msg_controllen, (uint)_control.Length);
        return (int)Math.Min(received, _quoted.Length);
    }
}
