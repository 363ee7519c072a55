using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace AsaEmu.Dataplane.Tun;

/// <summary>
/// A Linux TUN device from <c>/dev/net/tun</c> (IFF_TUN | IFF_NO_PI: bare IP packets), opened
/// non-blocking and waited on with poll so a reader notices cancellation. Creating it needs
/// CAP_NET_ADMIN; it lives in the network namespace of the process and disappears with it.
/// </summary>
public sealed unsafe class LinuxTunDevice : ITunDevice
{
    public const string DefaultName = "asaemu0";

    // linux/if_tun.h and linux/if.h; Tmds.LibC 0.5 does not define them.
    private const int TunSetIff = 0x400454ca;
    private const short IffTun = 0x0001, IffNoPi = 0x1000;
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
        request.Flags = IffTun | IffNoPi;
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
        while (!cancel.IsCancellationRequested && Volatile.Read(ref _closed) == 0)
        {
            var count = 0;
            while (count < buffers.Length)
            {
                ssize_t n;
                fixed (byte* buffer = buffers[count]) n = read(_fd, buffer, buffers[count].Length);
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
        fixed (byte* data = packet) return write(_fd, data, packet.Length) == packet.Length;
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
