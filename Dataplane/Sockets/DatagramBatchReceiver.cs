using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tmds.Linux;

namespace AsaEmu.Dataplane.Sockets;

/// <summary>
/// Receives datagrams in batches with recvmmsg(2) into a ring of buffers made once: one system call
/// takes everything queued (up to the capacity) instead of one call per packet. The buffers stay
/// valid until the next <see cref="Receive"/>, so a datagram can be processed in place. One thread
/// receives.
/// </summary>
public sealed unsafe class DatagramBatchReceiver
{
    private const int NameSize = 32;

    private readonly byte[][] _buffers;
    private readonly mmsghdr[] _messages;
    private readonly iovec[] _iovecs;
    private readonly byte[] _names;

    public int Capacity => _buffers.Length;

    /// <param name="capacity">Datagrams per call.</param>
    /// <param name="size">Bytes per datagram; longer ones are reported as truncated.</param>
    public DatagramBatchReceiver(int capacity, int size)
    {
        _buffers = new byte[capacity][];
        _messages = GC.AllocateArray<mmsghdr>(capacity, pinned: true);
        _iovecs = GC.AllocateArray<iovec>(capacity, pinned: true);
        _names = GC.AllocateArray<byte>(capacity * NameSize, pinned: true);
        for (var i = 0; i < capacity; i++)
        {
            _buffers[i] = GC.AllocateArray<byte>(size, pinned: true);
            _iovecs[i].iov_base = Unsafe.AsPointer(ref _buffers[i][0]);
            _iovecs[i].iov_len = size;
            var header = Header(i);
            header->msg_iov = (iovec*)Unsafe.AsPointer(ref _iovecs[i]);
            header->msg_iovlen = 1;
            header->msg_name = Unsafe.AsPointer(ref _names[i * NameSize]);
        }
    }

    private msghdr* Header(int i) => (msghdr*)Unsafe.AsPointer(ref _messages[i]);

    /// <summary>
    /// Waits for a datagram (blocking, up to the socket's receive timeout) and takes it and whatever else
    /// is queued. Returns how many; 0 after the timeout or an error the socket reported (such as an
    /// ICMP error for an earlier send). Throws <see cref="ObjectDisposedException"/> once the socket is closed.
    /// </summary>
    public int Receive(SafeHandle socket)
    {
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            for (var i = 0; i < _buffers.Length; i++)
            {
                var header = Header(i);
                header->msg_namelen = NameSize;
                header->msg_control = null;
                header->msg_controllen = 0;
                header->msg_flags = 0;
            }
            fixed (mmsghdr* messages = _messages)
            {
                var count = BatchSyscalls.recvmmsg((int)socket.DangerousGetHandle(), messages, (uint)_buffers.Length, LibC.MSG_WAITFORONE, null);
                return count < 0 ? 0 : count;
            }
        }
        finally
        {
            if (added) socket.DangerousRelease();
        }
    }

    /// <summary>The buffer datagram <paramref name="i"/> of the last batch starts at (offset 0).</summary>
    public byte[] Buffer(int i) => _buffers[i];

    /// <summary>Its length.</summary>
    public int Length(int i) => (int)_messages[i].msg_len;

    /// <summary>Whether it was longer than its buffer (and so cut short).</summary>
    public bool Truncated(int i) => (Header(i)->msg_flags & LibC.MSG_TRUNC) != 0;

    // struct sockaddr_in: family (host order), port and address (network order).

    /// <summary>Who sent it: the IPv4 address (in host order) ...</summary>
    public uint SourceAddress(int i) => BinaryPrimitives.ReadUInt32BigEndian(_names.AsSpan(i * NameSize + 4, 4));

    /// <summary>... and the port (0 on a raw socket).</summary>
    public ushort SourcePort(int i) => BinaryPrimitives.ReadUInt16BigEndian(_names.AsSpan(i * NameSize + 2, 2));
}
