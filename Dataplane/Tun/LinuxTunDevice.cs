using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using AsaEmu.Dataplane.Sockets;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace AsaEmu.Dataplane.Tun;

/// <summary>
/// A Linux TUN device from <c>/dev/net/tun</c> (IFF_TUN | IFF_NO_PI: bare IP packets), opened
/// non-blocking and waited on with poll so a reader notices cancellation. IFF_VNET_HDR puts a
/// virtio_net_hdr before every packet both ways: no offloads are asked for reading (it stays zero),
/// but a batch write merges runs of one UDP flow into one UDP GSO packet (<see cref="UdpSegmentCoalescing"/>). Creating it needs
/// CAP_NET_ADMIN; it lives in the network namespace of the process and disappears with it.
/// </summary>
public sealed unsafe class LinuxTunDevice : ITunDevice
{
    public const string DefaultName = "asaemu0";

    // linux/if_tun.h and linux/if.h; Tmds.LibC 0.5 does not define them.
    private const int TunSetIff = 0x400454ca;
    private const short IffTun = 0x0001, IffNoPi = 0x1000, IffVnetHdr = 0x4000;
    private const int IfNameSize = 16;

    [StructLayout(LayoutKind.Sequential, Size = 40)]
    private struct IfReq
    {
        public fixed byte Name[IfNameSize];
        public short Flags;
    }

    private readonly int _fd;
    private int _closed;

    public string Name { get; }
    public int Mtu { get; }

    private LinuxTunDevice(int fd, string name, int mtu)
    {
        _fd = fd;
        Name = name;
        Mtu = mtu;
    }

    /// <summary>
    /// Creates (or attaches to) the TUN device <paramref name="name"/>, disables IPv6 on it, sets its
    /// MTU and brings it up. Throws <see cref="IOException"/> saying what failed.
    /// </summary>
    public static LinuxTunDevice Open(string name = DefaultName, int mtu = 1500)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length is 0 or >= IfNameSize) throw new ArgumentException($"TUN device name '{name}' must have 1 to 15 characters", nameof(name));
        int fd;
        fixed (byte* path = "/dev/net/tun\0"u8) fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) throw new IOException($"cannot open /dev/net/tun: {Error()}");
        var request = default(IfReq);
        for (var i = 0; i < nameBytes.Length; i++) request.Name[i] = nameBytes[i];
        request.Flags = IffTun | IffNoPi | IffVnetHdr;
        if (ioctl(fd, TunSetIff, &request) < 0)
        {
            var error = Error();
            close(fd);
            throw new IOException($"cannot create TUN device {name}: {error}");
        }
        var device = new LinuxTunDevice(fd, name, mtu);
        try
        {
            // IPv4-only: no router solicitations or MLD reports from the device into the tunnels.
            var ipv6 = $"/proc/sys/net/ipv6/conf/{name}/disable_ipv6";
            if (File.Exists(ipv6)) File.WriteAllText(ipv6, "1");
            IpCommand.Run("link", "set", "dev", name, "mtu", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture), "up");
        }
        catch
        {
            device.Dispose();
            throw;
        }
        return device;
    }

    public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel)
    {
        var pollFd = new pollfd { fd = _fd, events = POLLIN };
        var header = stackalloc byte[UdpSegmentCoalescing.VirtioHeaderSize]; // read and ignored: no offloads were asked for
        var iov = stackalloc iovec[2];
        while (!cancel.IsCancellationRequested && Volatile.Read(ref _closed) == 0)
        {
            var count = 0;
            while (count < buffers.Length)
            {
                nint n;
                fixed (byte* buffer = buffers[count])
                {
                    iov[0].iov_base = header;
                    iov[0].iov_len = UdpSegmentCoalescing.VirtioHeaderSize;
                    iov[1].iov_base = buffer;
                    iov[1].iov_len = buffers[count].Length;
                    n = BatchSyscalls.readv(_fd, iov, 2) - UdpSegmentCoalescing.VirtioHeaderSize;
                }
                if (n < 0)
                {
                    // EAGAIN: nothing more now. Anything else (the device going away): do not spin.
                    var error = errno;
                    if (error != EAGAIN && error != EINTR && count == 0) Thread.Sleep(100);
                    break;
                }
                lengths[count++] = (int)n;
            }
            if (count > 0) return count;
            poll(&pollFd, 1, 100);
        }
        return 0;
    }

    public bool Write(ReadOnlySpan<byte> packet)
    {
        if (Volatile.Read(ref _closed) != 0) return false;
        var header = stackalloc byte[UdpSegmentCoalescing.VirtioHeaderSize]; // zero: no offload asked
        new Span<byte>(header, UdpSegmentCoalescing.VirtioHeaderSize).Clear();
        fixed (byte* data = packet)
        {
            var iov = stackalloc iovec[2];
            iov[0].iov_base = header;
            iov[0].iov_len = UdpSegmentCoalescing.VirtioHeaderSize;
            iov[1].iov_base = data;
            iov[1].iov_len = packet.Length;
            return BatchSyscalls.writev(_fd, iov, 2) == UdpSegmentCoalescing.VirtioHeaderSize + packet.Length;
        }
    }

    /// <summary>Writes a batch; runs of one UDP flow go as one UDP GSO write each. Any thread.</summary>
    public int Write(ReadOnlySpan<PacketSlice> packets)
    {
        var refused = 0;
        for (var start = 0; start < packets.Length;)
        {
            var count = UdpSegmentCoalescing.Run(packets, start);
            var ok = count == 1 ? Write(packets[start].Span) : WriteMerged(packets, start, count);
            if (!ok) refused += count;
            start += count;
        }
        return refused;
    }

    private bool WriteMerged(ReadOnlySpan<PacketSlice> packets, int start, int count)
    {
        if (Volatile.Read(ref _closed) != 0) return false;
        const int headerSize = UdpSegmentCoalescing.VirtioHeaderSize + UdpSegmentCoalescing.HeaderSize;
        var header = stackalloc byte[headerSize];
        UdpSegmentCoalescing.WriteHeader(packets, start, count, new Span<byte>(header, headerSize));
        var iov = stackalloc iovec[UdpSegmentCoalescing.MaxSegments + 1];
        var pins = stackalloc GCHandle[UdpSegmentCoalescing.MaxSegments];
        iov[0].iov_base = header;
        iov[0].iov_len = headerSize;
        var total = headerSize;
        var pinned = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var packet = packets[start + i];
                pins[i] = GCHandle.Alloc(packet.Buffer, GCHandleType.Pinned);
                pinned++;
                iov[i + 1].iov_base = (byte*)pins[i].AddrOfPinnedObject() + packet.Offset + UdpSegmentCoalescing.HeaderSize;
                iov[i + 1].iov_len = packet.Length - UdpSegmentCoalescing.HeaderSize;
                total += packet.Length - UdpSegmentCoalescing.HeaderSize;
            }
            return BatchSyscalls.writev(_fd, iov, count + 1) == total;
        }
        finally
        {
            for (var i = 0; i < pinned; i++) pins[i].Free();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) close(_fd);
    }

    private static string Error() => Marshal.GetPInvokeErrorMessage(errno);
}

/// <summary>Runs <c>ip</c> (iproute2) for the few link and route changes the dataplane makes.</summary>
public static class IpCommand
{
    /// <summary>Runs <c>ip ARGS</c>; throws <see cref="IOException"/> with its error output when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start) ?? throw new IOException("cannot run ip"); }
        catch (System.ComponentModel.Win32Exception e) { throw new IOException($"cannot run ip: {e.Message}", e); }
        using var _ = process;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new IOException($"ip {string.Join(' ', arguments)}: {error.Trim()}");
    }
}
