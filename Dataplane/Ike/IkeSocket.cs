using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// The UDP sockets IKE listens on for one local address: port 500, and port 4500 where IKE
/// messages carry the 4-byte zero non-ESP marker and everything else is ESP (RFC 3948 §2.2).
/// </summary>
public sealed class IkeSocket : IDisposable
{
    public const int IkePort = 500, NatTPort = 4500;

    /// <summary>SO_RCVBUF and SO_SNDBUF asked for on port 4500, which carries the NAT-T clients' ESP.</summary>
    public const int EspSocketBufferSize = 4 * 1024 * 1024;

    private readonly Socket _ike;
    private readonly Socket _natT;
    private readonly DatagramBatchSender _espSender;

    public IPEndPoint IkeEndPoint { get; }
    public IPEndPoint NatTEndPoint { get; }

    /// <summary>The captures that tap the datagrams of both ports on the outside.</summary>
    public Capture.CaptureHub? Capture { get; set; }

    public IkeSocket(IPAddress address, int ikePort = IkePort, int natTPort = NatTPort)
    {
        _ike = Bind(new IPEndPoint(address, ikePort));
        try
        {
            _natT = Bind(new IPEndPoint(address, natTPort));
            // ESP in UDP arrives in bursts that the default buffer (rmem_default, 208 KiB) drops
            // (RcvbufErrors) while the receive loop decrypts; the kernel caps these at rmem_max/wmem_max.
            _natT.ReceiveBufferSize = EspSocketBufferSize;
            _natT.SendBufferSize = EspSocketBufferSize;
            // ICMP fragmentation-needed about the ESP sent from here: the SAs' path MTUs.
            SocketErrorQueue.Enable(_natT);
        }
        catch { _ike.Dispose(); _natT?.Dispose(); throw; }
        _espSender = new DatagramBatchSender(EspDataplane.BatchSize, DatagramBatchSender.KernelSegments(_natT.SafeHandle));
        IkeEndPoint = (IPEndPoint)_ike.LocalEndPoint!;
        NatTEndPoint = (IPEndPoint)_natT.LocalEndPoint!;
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try { socket.Bind(endpoint); }
        catch { socket.Dispose(); throw; }
        return socket;
    }

    /// <summary>
    /// Receives from both ports until cancelled, handing IKE messages (marker removed) to <paramref name="onIke"/>
    /// and ESP from port 4500, a receive batch at a time, to <paramref name="onEsp"/> (dropped without one), and the
    /// ICMP fragmentation-needed messages about what port 4500 sent to <paramref name="onPathMtu"/>. Port 4500 is read by a
    /// thread of its own with blocking receives: at tens of thousands of ESP packets a second, an
    /// asynchronous receive costs a wake-up of the socket engine's thread and a hop to the thread pool
    /// whenever the queue runs dry, which took most of the headend's CPU time (in the kernel).
    /// </summary>
    public Task RunAsync(Func<IPEndPoint, IPEndPoint, byte[], ValueTask> onIke, Action<string> onDropped, CancellationToken cancel,
        EspReceiver? onEsp = null, Action<PathMtuReport>? onPathMtu = null) =>
        Task.WhenAll(Receive(_ike, IkeEndPoint, onIke, this, cancel),
            Task.Factory.StartNew(() => ReceiveNatT(onIke, onDropped, onEsp, onPathMtu, cancel), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default));

    /// <summary>How long a blocking receive on port 4500 waits before it looks at the cancellation token again.</summary>
    private const int NatTPollMilliseconds = 200;

    private static async Task Receive(Socket socket, IPEndPoint local, Func<IPEndPoint, IPEndPoint, byte[], ValueTask> onIke, IkeSocket owner, CancellationToken cancel)
    {
        var buffer = new byte[65536];
        var any = new IPEndPoint(IPAddress.Any, 0);
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!cancel.IsCancellationRequested)
        {
            int received;
            try { received = await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, cancel); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            if (owner.Capture is { Active: true } capture) capture.TapUdp(true, local, from, buffer.AsSpan(0, received));
            await onIke(local, (IPEndPoint)any.Create(from), buffer.AsSpan(0, received).ToArray());
        }
    }

    /// <summary>Datagrams taken per receive call on port 4500.</summary>
    private const int NatTReceiveBatch = 32;

    private void ReceiveNatT(Func<IPEndPoint, IPEndPoint, byte[], ValueTask> onIke, Action<string> onDropped, EspReceiver? onEsp,
        Action<PathMtuReport>? onPathMtu, CancellationToken cancel)
    {
        var errors = new SocketErrorQueue(quotedFromIpHeader: false);
        // recvmmsg into buffers made once: one system call per burst, nothing allocated per datagram;
        // an IPEndPoint is made only for IKE.
        var batch = new DatagramBatchReceiver(NatTReceiveBatch, 65536);
        var esp = new PacketSlice[NatTReceiveBatch];
        try { _natT.ReceiveTimeout = NatTPollMilliseconds; }
        catch (ObjectDisposedException) { return; }
        while (!cancel.IsCancellationRequested)
        {
            int count;
            try { count = batch.Receive(_natT.SafeHandle); }
            catch (ObjectDisposedException) { return; }
            if (count == 0 && onPathMtu is not null) errors.Drain(_natT.SafeHandle, onPathMtu);
            var packets = 0;
            for (var i = 0; i < count; i++)
            {
                if (batch.Truncated(i)) continue;
                var buffer = batch.Buffer(i);
                var data = buffer.AsSpan(0, batch.Length(i));
                if (Capture is { Active: true } capture) capture.TapUdp(true, NatTEndPoint, batch.Source(i), data); // before ESP is decapsulated in place
                if (data.Length == 1 && data[0] == 0xFF) continue; // NAT-T keepalive (RFC 3948 §2.2)
                if (data.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(data) != 0)
                {
                    // ESP in UDP: no marker, the SPI comes first (RFC 3948 §2.1); decapsulated in this buffer,
                    // handed over with the rest of the batch.
                    if (onEsp is not null) { esp[packets++] = new PacketSlice(buffer, 0, data.Length); continue; }
                    onDropped("ESP in UDP before any IPsec SA: dropped");
                    continue;
                }
                // IKE in order with the ESP around it: what came before goes first.
                if (packets > 0) { onEsp!(esp.AsSpan(0, packets)); packets = 0; }
                var pending = onIke(NatTEndPoint, batch.Source(i), data[4..].ToArray());
                if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
            }
            if (packets > 0) onEsp!(esp.AsSpan(0, packets));
        }
    }

    /// <summary>Sends an IKE message from the port it belongs to, with the non-ESP marker on 4500.</summary>
    public void Send(IPEndPoint local, IPEndPoint remote, ReadOnlySpan<byte> message)
    {
        if (Capture is { Active: true } capture) capture.TapUdp(false, local, remote, message, marker: local.Port == NatTEndPoint.Port);
        try
        {
            if (local.Port == NatTEndPoint.Port)
            {
                var framed = new byte[message.Length + 4];
                message.CopyTo(framed.AsSpan(4));
                _natT.SendTo(framed, remote);
            }
            else
            {
                _ike.SendTo(message, SocketFlags.None, remote);
            }
        }
        catch (SocketException)
        {
            // An unreachable peer is not a reason to stop: IKE retransmits or times out.
        }
    }

    /// <summary>A NAT-T keepalive from port 4500: one 0xFF byte, no non-ESP marker (RFC 3948 §2.3).</summary>
    public void SendNatKeepalive(IPEndPoint remote)
    {
        ReadOnlySpan<byte> keepalive = [0xFF];
        if (Capture is { Active: true } capture) capture.TapUdp(false, NatTEndPoint, remote, keepalive);
        try { _natT.SendTo(keepalive, SocketFlags.None, remote); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    private readonly Forwarding.DontFragmentSwitch _natTDontFragment = new();

    /// <summary>
    /// Sends an ESP packet in UDP from port 4500 (no marker) with the outer DF bit asked for; false
    /// when the socket refused it. The DF state stays on the socket for the IKE messages it sends too.
    /// </summary>
    public bool SendEsp(SocketAddress remote, ReadOnlySpan<byte> esp, bool dontFragment)
    {
        if (Capture is { Active: true } capture) capture.TapUdp(false, NatTEndPoint, remote, esp);
        _natTDontFragment.Apply(_natT, dontFragment);
        try { return _natT.SendTo(esp, SocketFlags.None, remote) == esp.Length; }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
    }

    /// <summary>
    /// Sends a batch of ESP packets in UDP from port 4500 with sendmmsg, runs to one peer with UDP GSO
    /// where the kernel has it; <c>sent[i]</c> says whether packet i went. Called by the TUN loop only.
    /// </summary>
    public void SendEsp(ReadOnlySpan<EspDatagram> packets, Span<bool> sent)
    {
        // One sendmmsg per run of one outer DF bit (a socket option).
        for (var start = 0; start < packets.Length;)
        {
            var end = EspDatagram.EndOfDontFragmentRun(packets, start);
            _natTDontFragment.Apply(_natT, packets[start].DontFragment);
            _espSender.Send(_natT.SafeHandle, packets[start..end], sent[start..end]);
            start = end;
        }
        if (Capture is not { Active: true } capture) return;
        for (var i = 0; i < packets.Length; i++)
            if (sent[i]) capture.TapUdp(false, NatTEndPoint, packets[i].Peer, packets[i].Buffer.AsSpan(0, packets[i].Length));
    }

    public void Dispose()
    {
        _ike.Dispose();
        _natT.Dispose();
    }
}
