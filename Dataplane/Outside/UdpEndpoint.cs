using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// A UDP socket on the outside: port 500 (IKE), 4500 (IKE with the non-ESP marker, and ESP in UDP) or an
/// <c>ipsec-udp-port</c> (ESP in UDP); ESP sent with UDP GSO where the kernel has it.
/// </summary>
public sealed class UdpEndpoint : SocketEndpoint
{
    public const int IkePort = 500, NatTPort = 4500;

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for on port 4500 and the ipsec-udp ports, which carry the clients' ESP in UDP.</summary>
    public const int EspSocketBufferSize = 4 * 1024 * 1024;

    /// <summary>SO_RCVBUF asked for on port 500: a burst of first messages lands here instead of being dropped with the clients' messages among it.</summary>
    public const int IkeSocketBufferSize = 4 * 1024 * 1024;

    /// <summary>How long a blocking receive waits before its caller looks at its cancellation token again.</summary>
    public const int PollMilliseconds = 200;

    /// <summary>Binds UDP <paramref name="local"/>; throws <see cref="SocketException"/>.</summary>
    public UdpEndpoint(OutsidePort port, IPEndPoint local) : this(port, Open(port, local)) { }

    // Port 500 carries IKE alone: a few datagrams per call are plenty.
    private UdpEndpoint(OutsidePort port, (Socket Socket, SocketErrorQueue? Errors) opened)
        : base(port, opened.Socket, (IPEndPoint)opened.Socket.LocalEndPoint!, CarriesEsp(port) ? 32 : 8,
            CarriesEsp(port) && DatagramBatchSender.KernelSegments(opened.Socket.SafeHandle), opened.Errors)
    {
    }

    private static bool CarriesEsp(OutsidePort port) => port is OutsidePort.NatT or OutsidePort.IpsecUdp;

    private static (Socket, SocketErrorQueue?) Open(OutsidePort port, IPEndPoint local)
    {
        if (port == OutsidePort.Esp) throw new ArgumentException("raw ESP is a RawEspEndpoint", nameof(port));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(local);
            socket.ReceiveTimeout = PollMilliseconds;
            if (!CarriesEsp(port))
            {
                // A flood's burst of first messages overruns the default buffer (rmem_default, 208 KiB) before the
                // receive loop runs, and the kernel then drops a real client's AM3 with the rest (RcvbufErrors),
                // unseen by the IKE inbox, which would have put it ahead of the flood (a responder cookie).
                socket.ReceiveBufferSize = IkeSocketBufferSize;
                return (socket, null);
            }
            // ESP in UDP arrives in bursts that the default buffer (rmem_default, 208 KiB) drops
            // (RcvbufErrors) while the receive loop decrypts; the kernel caps these at rmem_max/wmem_max.
            socket.ReceiveBufferSize = EspSocketBufferSize;
            socket.SendBufferSize = EspSocketBufferSize;
            // ICMP fragmentation-needed about the ESP sent from here: the SAs' path MTUs.
            return (socket, SocketErrorQueue.Enable(socket) ? new SocketErrorQueue(quotedFromIpHeader: false) : null);
        }
        catch { socket.Dispose(); throw; }
    }
}
