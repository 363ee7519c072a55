using System.Runtime.InteropServices;
using AsaEmu.ConfigModel.Model;
using static Tmds.Linux.LibC;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// Routes in the main table over rtnetlink (rtnetlink(7)), as <c>ip route replace|del NETWORK/PREFIX dev
/// DEVICE</c> would make them, without a subprocess per route (a fork and exec cost milliseconds; a
/// netlink round trip costs microseconds). The socket belongs to the network namespace of the thread
/// that made the table. One request at a time on it; the kernel answers each synchronously with an ACK.
/// </summary>
public sealed class IpRouteTable : IRouteTable, IDisposable
{
    private static readonly Lazy<IpRouteTable> Shared = new(() => new IpRouteTable(), LazyThreadSafetyMode.PublicationOnly);

    private readonly Lock _lock = new();
    private readonly byte[] _reply = new byte[8192];
    private int _fd;
    private uint _sequence;

    /// <summary>Opens a NETLINK_ROUTE socket in the calling thread's network namespace; throws <see cref="IOException"/>.</summary>
    public IpRouteTable()
    {
        _fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Rtnetlink.NetlinkRoute);
        if (_fd < 0) throw Error("cannot open rtnetlink", errno);
    }

    /// <summary>The table of the process's own network namespace, opened on first use.</summary>
    public static IpRouteTable Instance => Shared.Value;

    public void AddRoute(string device, Ipv4 network, Ipv4 mask) =>
        Request(Rtnetlink.NewRoute, Rtnetlink.Create | Rtnetlink.Replace, device, network, mask, $"ip route replace {network}/{mask.PrefixLength} dev {device}");

    public void RemoveRoute(string device, Ipv4 network, Ipv4 mask) =>
        Request(Rtnetlink.DelRoute, 0, device, network, mask, $"ip route del {network}/{mask.PrefixLength} dev {device}");

    public void Dispose()
    {
        lock (_lock)
        {
            if (_fd >= 0) close(_fd);
            _fd = -1;
        }
    }

    private void Request(ushort type, ushort flags, string device, Ipv4 network, Ipv4 mask, string what)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            var index = LinkIndex(device, what);
            var message = Rtnetlink.Route(type, flags, ++_sequence, network, (byte)mask.PrefixLength, index);
            Exchange(message, _sequence, what);
        }
    }

    /// <summary>The device's interface index in the socket's namespace (RTM_GETLINK by IFLA_IFNAME).</summary>
    private int LinkIndex(string device, string what)
    {
        var request = Rtnetlink.GetLinkByName(++_sequence, device);
        return Exchange(request, _sequence, what);
    }

    /// <summary>Sends one request and reads until its answer: the link index of an RTM_NEWLINK, 0 for an ACK.</summary>
    private unsafe int Exchange(byte[] message, uint sequence, string what)
    {
        fixed (byte* m = message)
        {
            if (send(_fd, m, message.Length, 0) < 0) throw Error(what, errno);
        }

        while (true)
        {
            long received;
            fixed (byte* r = _reply)
            {
                received = recv(_fd, r, _reply.Length, 0);
            }

            if (received < 0)
            {
                if (errno == EINTR) continue;
                throw Error(what, errno);
            }

            switch (Rtnetlink.Answer(_reply.AsSpan(0, (int)received), sequence, out var value))
            {
                case Rtnetlink.Outcome.Link: return value;
                case Rtnetlink.Outcome.Ack: return 0;
                case Rtnetlink.Outcome.Error: throw Error(what, value);
                default: continue; // another sequence's leftover, or not yet ours
            }
        }
    }

    private static IOException Error(string what, int error) => new($"{what}: {Marshal.GetPInvokeErrorMessage(error)}");
}
