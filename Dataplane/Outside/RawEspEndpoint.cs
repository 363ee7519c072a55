using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// ESP as IP protocol 50 (SAs without NAT-T) on one local address. The kernel adds the IP header on
/// send and leaves it on receive (the caller skips it). Needs CAP_NET_RAW.
/// </summary>
public sealed class RawEspEndpoint : IOutsideEndpoint
{
    public const ProtocolType Esp = (ProtocolType)50;

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for (the kernel caps them at rmem_max/wmem_max): ESP comes in bursts.</summary>
    public const int BufferSize = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly DatagramBatchReceiver _receiver = new(32, 65536);
    private readonly DatagramBatchSender _sender = new(EspDataplane.BatchSize, segmentation: false);
    private readonly SocketErrorQueue? _errors;
    private readonly DontFragmentSwitch _dontFragment = new();

    public OutsidePort Port => OutsidePort.Esp;
    public IPEndPoint Local { get; }
    public int BatchSize => _receiver.Capacity;

    /// <summary>Opens IP protocol 50 on <paramref name="local"/>; throws <see cref="SocketException"/>.</summary>
    public RawEspEndpoint(IPAddress local)
    {
        _socket = Open();
        try
        {
            if (SocketErrorQueue.Enable(_socket)) _errors = new SocketErrorQueue(quotedFromIpHeader: true);
            _socket.Bind(new IPEndPoint(local, 0));
            try
            {
                _socket.ReceiveBufferSize = BufferSize;
                _socket.SendBufferSize = BufferSize;
            }
            catch (SocketException) { }
            _socket.ReceiveTimeout = UdpEndpoint.PollMilliseconds;
        }
        catch { _socket.Dispose(); throw; }
        Local = new IPEndPoint(local, 0);
    }

    /// <summary>
    /// socket(AF_INET, SOCK_RAW, IPPROTO_ESP) made directly: .NET's constructor only maps the protocol
    /// numbers it knows and refuses 50 with EPROTONOSUPPORT.
    /// </summary>
    private static Socket Open()
    {
        var fd = Tmds.Linux.LibC.socket(Tmds.Linux.LibC.AF_INET, Tmds.Linux.LibC.SOCK_RAW | Tmds.Linux.LibC.SOCK_CLOEXEC, (int)Esp);
        if (fd < 0) throw new SocketException(Tmds.Linux.LibC.errno);
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    private readonly SocketCloser _closer = new();

    public int Receive(Span<ReceivedDatagram> datagrams, CancellationToken cancel)
    {
        using var receiving = _closer.Receiving();
        return SocketBatch.Receive(_receiver, _socket, datagrams);
    }

    public void DrainPathMtu(Action<PathMtuReport> report) => _errors?.Drain(_socket.SafeHandle, report);

    public void Send(ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent) => SocketBatch.Send(_socket, _sender, _dontFragment, datagrams, sent);

    public void Dispose() => _closer.Close(_socket);
}

/// <summary>The real outside: UDP and raw sockets.</summary>
public sealed class SocketNetwork : IOutsideNetwork
{
    public static readonly SocketNetwork Instance = new();

    public IOutsideEndpoint Open(OutsidePort port, IPEndPoint local) =>
        port == OutsidePort.Esp ? new RawEspEndpoint(local.Address) : new UdpEndpoint(port, local);
}
