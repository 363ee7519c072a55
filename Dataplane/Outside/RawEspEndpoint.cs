using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// ESP as IP protocol 50 (SAs without NAT-T) on one local address. The kernel adds the IP header on
/// send and leaves it on receive (the caller skips it). Needs CAP_NET_RAW.
/// </summary>
public sealed class RawEspEndpoint : SocketEndpoint
{
    public const ProtocolType Esp = (ProtocolType)50;

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for (the kernel caps them at rmem_max/wmem_max): ESP comes in bursts.</summary>
    public const int BufferSize = 4 * 1024 * 1024;

    /// <summary>Opens IP protocol 50 on <paramref name="local"/>; throws <see cref="SocketException"/>.</summary>
    public RawEspEndpoint(IPAddress local) : this(local, Open(local)) { }

    private RawEspEndpoint(IPAddress local, (Socket Socket, SocketErrorQueue? Errors) opened)
        : base(OutsidePort.Esp, opened.Socket, new IPEndPoint(local, 0), 32, segmentation: false, opened.Errors)
    {
    }

    private static (Socket, SocketErrorQueue?) Open(IPAddress local)
    {
        // socket(AF_INET, SOCK_RAW, IPPROTO_ESP) made directly: .NET's constructor only maps the protocol
        // numbers it knows and refuses 50 with EPROTONOSUPPORT.
        var fd = Tmds.Linux.LibC.socket(Tmds.Linux.LibC.AF_INET, Tmds.Linux.LibC.SOCK_RAW | Tmds.Linux.LibC.SOCK_CLOEXEC, (int)Esp);
        if (fd < 0) throw new SocketException(Tmds.Linux.LibC.errno);
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        try
        {
            var errors = SocketErrorQueue.Enable(socket) ? new SocketErrorQueue(quotedFromIpHeader: true) : null;
            socket.Bind(new IPEndPoint(local, 0));
            try
            {
                socket.ReceiveBufferSize = BufferSize;
                socket.SendBufferSize = BufferSize;
            }
            catch (SocketException) { }
            socket.ReceiveTimeout = UdpEndpoint.PollMilliseconds;
            return (socket, errors);
        }
        catch { socket.Dispose(); throw; }
    }
}

/// <summary>The real outside: UDP and raw sockets.</summary>
public sealed class SocketNetwork : IOutsideNetwork
{
    public static readonly SocketNetwork Instance = new();

    public IOutsideEndpoint Open(OutsidePort port, IPEndPoint local) =>
        port == OutsidePort.Esp ? new RawEspEndpoint(local.Address) : new UdpEndpoint(port, local);
}
