using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AsaEmu.Dataplane.Outside;
using Tmds.Linux;

namespace AsaEmu.Dataplane.Sockets;

/// <summary>
/// Sends a batch of datagrams on one socket with sendmmsg(2): one system call for the batch instead
/// of one per packet. With <see cref="Segmentation"/> (UDP sockets only), runs of equal-sized
/// datagrams to one peer go as one message with UDP_SEGMENT (UDP GSO), which the kernel cuts into
/// datagrams again below the socket layer; the first refusal of that turns it off for good.
/// The message headers live in pinned arrays made once; one thread sends at a time.
/// </summary>
public sealed unsafe class DatagramBatchSender
{
    /// <summary>Room per message for the destination (a sockaddr_in6 fits).</summary>
    private const int NameSize = 32;

    private readonly int _capacity;
    private readonly mmsghdr[] _messages;
    private readonly iovec[] _iovecs;
    private readonly byte[] _names;
    private readonly byte[] _controls;
    private readonly int[] _first;
    private readonly int[] _count;
    private readonly GCHandle[] _pins;
    private readonly int _controlSize = BatchSyscalls.SegmentControlSize;

    /// <summary>Whether runs to one peer are sent with UDP GSO.</summary>
    public bool Segmentation { get; private set; }

    public DatagramBatchSender(int capacity, bool segmentation)
    {
        _capacity = capacity;
        Segmentation = segmentation;
        _messages = GC.AllocateArray<mmsghdr>(capacity, pinned: true);
        _iovecs = GC.AllocateArray<iovec>(capacity, pinned: true);
        _names = GC.AllocateArray<byte>(capacity * NameSize, pinned: true);
        _controls = GC.AllocateArray<byte>(capacity * _controlSize, pinned: true);
        _first = new int[capacity];
        _count = new int[capacity];
        _pins = new GCHandle[capacity];
    }

    /// <summary>
    /// Whether the kernel knows UDP_SEGMENT: setting it to 0 (no segmentation unless a message asks)
    /// succeeds from Linux 4.18 on and fails with ENOPROTOOPT before.
    /// </summary>
    public static bool KernelSegments(SafeHandle socket)
    {
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var zero = 0;
            return LibC.setsockopt((int)socket.DangerousGetHandle(), BatchSyscalls.SolUdp, BatchSyscalls.UdpSegment, &zero, sizeof(int)) == 0;
        }
        catch (ObjectDisposedException) { return false; }
        finally { if (added) socket.DangerousRelease(); }
    }

    /// <summary>
    /// Sends <paramref name="datagrams"/> (at most the capacity) on <paramref name="socket"/>;
    /// <c>sent[i]</c> says whether datagram i went. Returns how many went. Never throws.
    /// </summary>
    public int Send(SafeHandle socket, ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent)
    {
        var n = Math.Min(datagrams.Length, _capacity);
        sent[..datagrams.Length].Clear();
        var added = false;
        var pinned = 0;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            for (; pinned < n; pinned++)
            {
                _pins[pinned] = GCHandle.Alloc(datagrams[pinned].Buffer, GCHandleType.Pinned);
                _iovecs[pinned].iov_base = (void*)_pins[pinned].AddrOfPinnedObject();
                _iovecs[pinned].iov_len = datagrams[pinned].Length;
            }
            return SendFrom(fd, datagrams[..n], sent, 0);
        }
        catch (ObjectDisposedException) { return 0; }
        finally
        {
            for (var i = 0; i < pinned; i++) _pins[i].Free();
            if (added) socket.DangerousRelease();
        }
    }

    /// <summary>Builds the messages for datagrams <paramref name="start"/>.. and sends them; after a GSO refusal, again without.</summary>
    private int SendFrom(int fd, ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent, int start)
    {
        var messages = 0;
        for (var i = start; i < datagrams.Length;)
        {
            var run = Segmentation ? UdpSegmentGrouping.Run(datagrams, i) : 1;
            if (Prepare(messages, datagrams[i], i, run)) messages++;
            i += run;
        }
        var went = 0;
        fixed (mmsghdr* first = _messages)
        {
            var at = 0;
            while (at < messages)
            {
                var result = BatchSyscalls.sendmmsg(fd, first + at, (uint)(messages - at), 0);
                if (result > 0)
                {
                    for (var m = at; m < at + result; m++)
                        for (var d = _first[m]; d < _first[m] + _count[m]; d++) { sent[d] = true; went++; }
                    at += result;
                    continue;
                }
                var error = Marshal.GetLastPInvokeError();
                if (error == LibC.EINTR) continue;
                if (_count[at] > 1 && RefusesSegmentation(error))
                {
                    // The kernel or the route's device refuses GSO: the rest go one datagram per message, from now on.
                    Segmentation = false;
                    return went + SendFrom(fd, datagrams, sent, _first[at]);
                }
                at++; // this message failed: its datagrams stay unsent; the next call starts after it
            }
        }
        return went;
    }

    /// <summary>
    /// Errors that say UDP_SEGMENT itself was refused: EIO when the device has no checksum offload,
    /// EINVAL for a segmentation it does not accept, ENOPROTOOPT/EOPNOTSUPP without GSO. Others (an
    /// unreachable peer, full buffers) are the datagrams' own.
    /// </summary>
    private static bool RefusesSegmentation(int error) =>
        error == LibC.EIO || error == LibC.EINVAL || error == LibC.ENOPROTOOPT || error == LibC.EOPNOTSUPP;

    /// <summary>Message <paramref name="m"/>: <paramref name="count"/> datagrams from <paramref name="index"/> to the first one's peer.</summary>
    private bool Prepare(int m, in OutsideDatagram datagram, int index, int count)
    {
        var peer = datagram.Peer.Buffer.Span[..datagram.Peer.Size];
        if (peer.Length > NameSize) return false;
        peer.CopyTo(_names.AsSpan(m * NameSize, NameSize));
        _first[m] = index;
        _count[m] = count;
        var header = (msghdr*)Unsafe.AsPointer(ref _messages[m]);
        header->msg_name = Unsafe.AsPointer(ref _names[m * NameSize]);
        header->msg_namelen = (uint)peer.Length;
        header->msg_iov = (iovec*)Unsafe.AsPointer(ref _iovecs[index]);
        header->msg_iovlen = count;
        header->msg_flags = 0;
        if (count == 1)
        {
            header->msg_control = null;
            header->msg_controllen = 0;
            return true;
        }
        // One control message (SOL_UDP, UDP_SEGMENT) with the segment size as a u16.
        var control = (cmsghdr*)Unsafe.AsPointer(ref _controls[m * _controlSize]);
        control->cmsg_len = (uint)BatchSyscalls.SegmentControlLength;
        control->cmsg_level = BatchSyscalls.SolUdp;
        control->cmsg_type = BatchSyscalls.UdpSegment;
        *(ushort*)LibC.CMSG_DATA(control) = (ushort)datagram.Length;
        header->msg_control = control;
        header->msg_controllen = (uint)_controlSize;
        return true;
    }
}
