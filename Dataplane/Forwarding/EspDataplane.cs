using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// Moves the clients' packets: ESP from the outside is decapsulated and written to the TUN device;
/// packets the host routes into the TUN device are encapsulated for the SA of their destination
/// and sent to its peer through the outside endpoints (UDP 4500, an ipsec-udp port or IP protocol 50). SAs come and go from
/// the IKE control loop (<see cref="Install"/>, <see cref="Remove"/>), each with a host route for the
/// client's address. A bad packet is counted and dropped; nothing thrown on a packet path escapes its loop.
/// </summary>
public sealed partial class EspDataplane : IIpsecSas, IAsyncDisposable
{
    /// <summary>Packets read from the TUN device per wake-up.</summary>
    public const int BatchSize = 32;

    private const int Headroom = 256;

    private readonly ITunDevice _tun;
    private readonly OutsideEndpoints _outside;
    private readonly IRouteTable? _routes;
    private readonly IRandom _random;
    private readonly IEventSink? _events;
    private readonly object _controlLock = new();
    private CancellationTokenSource? _stop;
    private Task? _tunLoop;

    // The TUN loop's scratch for a batch: encapsulated packets, and what goes through each socket.
    private byte[][]? _outputs;
    private readonly OutgoingBatch _udpBatch = new(BatchSize), _rawBatch = new(BatchSize), _ipsecUdpBatch = new(BatchSize);

    public SaTable Sas { get; } = new();
    public DataplaneCounters Counters { get; } = new();

    /// <summary>The sessions' vpn-filter, applied to their clear traffic each way.</summary>
    public VpnFilter Filter { get; }

    /// <summary>What the SA pairs removed so far counted (totals since start keep it).</summary>
    public RetiredSaCounters Retired { get; } = new();

    /// <summary>The captures that tap the clear packets to and from the TUN device (the inside).</summary>
    public Capture.CaptureHub? Capture { get; init; }

    /// <param name="tun">The inside device.</param>
    /// <param name="outside">Where ESP leaves: the UDP 4500 endpoint of an SA's local address for NAT-T SAs, its ipsec-udp port's for IPsec over UDP, its IP protocol 50 endpoint for the others (none: such SAs cannot send).</param>
    /// <param name="routes">Host routes for the clients' addresses (null: the host routes them some other way).</param>
    /// <param name="random">IVs (drawn from it in blocks).</param>
    /// <param name="events">Where install/remove problems are said.</param>
    /// <param name="clock">Paces the drop syslogs and the ICMP errors (the system's by default).</param>
    public EspDataplane(ITunDevice tun, OutsideEndpoints outside, IRouteTable? routes, IRandom random, IEventSink? events = null, TimeProvider? clock = null)
    {
        _tun = tun;
        _outside = outside;
        _routes = routes;
        _random = new BufferedRandom(random);
        _events = events;
        Filter = new VpnFilter { Config = () => Config?.Invoke() };
        _clock = clock ?? TimeProvider.System;
    }

    private readonly TimeProvider _clock;

    /// <summary>Milliseconds on the dataplane's clock, for the once-a-second limits.</summary>
    private long Milliseconds => _clock.GetTimestamp() / (_clock.TimestampFrequency / 1000);

    public string TunName => _tun.Name;

    /// <summary>Starts the loop that reads the TUN device.</summary>
    public void Start()
    {
        lock (_controlLock)
        {
            if (_tunLoop is not null) return;
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _tunLoop = Task.Factory.StartNew(() => TunLoop(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Installs a negotiated SA pair and routes its client's address into the TUN device.</summary>
    public void Install(ChildSa child)
    {
        lock (_controlLock)
        {
            // QM3 of a pair QM2 installed for its inbound side (the same SPIs): the same SA, now whole (it may send already: Promote).
            if (!child.InboundOnly && Sas.TryGetByInboundSpi(child.InboundSpi, out var receiving) && receiving.Child.OutboundSpi == child.OutboundSpi
                && Sas.Complete(receiving, child))
            {
                RouteInto(child);
                return;
            }
        }
        IpsecSa sa;
        try { sa = new IpsecSa(child); }
        catch (Exception e) when (e is NotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            Say(child, $"IPSEC: cannot install the SA pair (SPI= 0x{child.InboundSpi:X8}/0x{child.OutboundSpi:X8}): {e.Message}");
            return;
        }
        lock (_controlLock)
        {
            // IPsec over UDP: a rekey's SA sends where the session's client was last heard from.
            if (sa.Carrier == OutsidePort.IpsecUdp)
                foreach (var older in Sas.All)
                    if (older.Child.Peer.Equals(child.Peer)) sa.LearnUdpPeerFrom(older);
            if (Sas.Add(sa) is { } replaced)
            {
                Retired.Add(replaced.Counters.Snapshot(), pair: !replaced.Child.InboundOnly);
                replaced.Dispose();
            }
            RouteInto(child);
        }
    }

    /// <summary>
    /// Routes a sending SA's remote network into the TUN device (again: the route is replaced). A site's
    /// networks are routed from the config (SyncSiteRoutes), before any SA exists; an inbound-only SA is
    /// routed once it sends. Called under the control lock.
    /// </summary>
    private void RouteInto(ChildSa child)
    {
        if (child.InboundOnly || IsSiteRoute(child)) return;
        try { _routes?.AddRoute(_tun.Name, RemoteNetwork(child), child.RemoteMask); }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Say(child, $"IPSEC: cannot route {child.RemoteAddress} into {_tun.Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The first packet that authenticated on an SA installed for its inbound side only (a Quick Mode responder
    /// between QM2 and QM3): the peer sends by the new pair, so it holds both its SAs (a peer installs its
    /// inbound SA no later than its outbound one), and the pair carries this end's traffic from here on. QM3,
    /// sent before that packet, may not have reached the control loop yet (IKE and ESP are read by different
    /// threads): without this, the reply to a new client's first packet would find no route into the TUN device
    /// and be lost, and a rekey would keep sending by the old SA a moment longer. Runs before the packet goes
    /// inside, so its reply finds the route.
    /// </summary>
    private void Promote(IpsecSa sa)
    {
        lock (_controlLock)
        {
            var receiving = sa.Child;
            if (!receiving.InboundOnly) return;
            var pair = receiving with { InboundOnly = false };
            if (Sas.Complete(sa, pair)) RouteInto(pair);
        }
    }

    /// <summary>Removes an SA pair; the client's route goes with its last SA.</summary>
    public void Remove(ChildSa child)
    {
        lock (_controlLock)
        {
            var sa = Sas.Remove(child);
            if (sa is null) return;
            // As installed now: an inbound-only SA that sends (Promote) is a pair, routed.
            var installed = sa.Child;
            Retired.Add(sa.Counters.Snapshot(), pair: !installed.InboundOnly);
            sa.Dispose();
            if (installed.InboundOnly || IsSiteRoute(child) || Sas.HasRemote(child.RemoteAddress, child.RemoteMask)) return;
            try { _routes?.RemoveRoute(_tun.Name, RemoteNetwork(child), child.RemoteMask); }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Say(child, $"IPSEC: cannot remove the route for {child.RemoteAddress} from {_tun.Name}: {e.Message}");
            }
        }
    }

    /// <summary>The SA's remote side as routed into the TUN device: a client's address, or a hardware client's or site's network.</summary>
    private static Ipv4 RemoteNetwork(ChildSa child) => new(child.RemoteAddress.Value & child.RemoteMask.Value);

    /// <summary>Whether the SA's remote network is a site's, routed from the config for as long as the config names it.</summary>
    private bool IsSiteRoute(ChildSa child) => _siteRoutes.Contains((RemoteNetwork(child).Value, child.RemoteMask.Value));

    /// <summary>
    /// One ESP packet from the outside (SPI first, already out of its UDP or IP header): decapsulated
    /// in place and written to the TUN device. Never throws.
    /// </summary>
    public void ReceiveFromOutside(byte[] buffer, int offset, int length) => ReceiveFromOutside([new PacketSlice(buffer, offset, length)]);

    /// <summary>
    /// A batch of ESP packets from one socket loop: each decapsulated in place, and the inner packets
    /// that pass written to the TUN device in one batch (which merges runs of one UDP flow). The
    /// entries of <paramref name="packets"/> are reused for the inner packets. Never throws.
    /// </summary>
    public void ReceiveFromOutside(Span<PacketSlice> packets) => ReceiveFromOutside(packets, []);

    /// <summary>
    /// A batch of ESP packets from an ipsec-udp port, <c>sources[i]</c> the sender of <c>packets[i]</c>: as
    /// <see cref="ReceiveFromOutside(Span{PacketSlice})"/>, and an SA of IPsec over UDP whose packet passed
    /// sends to its sender from then on (only authenticated ESP moves it). Never throws.
    /// </summary>
    public void ReceiveFromOutside(Span<PacketSlice> packets, ReadOnlySpan<UdpSource> sources)
    {
        var count = 0;
        for (var i = 0; i < packets.Length; i++)
        {
            var packet = packets[i];
            if (!Decapsulate(packet.Buffer, packet.Offset, packet.Length, out var inner, out var sa)) continue;
            if (i < sources.Length) sa.LearnUdpPeer(sources[i].Address, sources[i].Port);
            packets[count++] = inner;
        }
        if (count == 0) return;
        try { Interlocked.Add(ref Counters.TunWriteErrors, _tun.Write(packets[..count])); }
        catch (Exception) { Interlocked.Add(ref Counters.InternalErrors, count); }
    }

    /// <summary>Decapsulates one ESP packet in place (<paramref name="sa"/> its SA when it passed); false when it was dropped (counted).</summary>
    private bool Decapsulate(byte[] buffer, int offset, int length, out PacketSlice inner, out IpsecSa sa)
    {
        inner = default;
        sa = null!;
        try
        {
            if (length < EspCodec.HeaderSize)
            {
                Interlocked.Increment(ref Counters.MalformedFromOutside);
                return false;
            }
            var spi = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(offset));
            if (!Sas.TryGetByInboundSpi(spi, out sa))
            {
                Interlocked.Increment(ref Counters.InvalidSaReceive);
                return false;
            }
            var result = sa.Decapsulate(buffer, offset, length, out var payload);
            if (result != EspResult.Ok)
            {
                if (result is EspResult.Replay or EspResult.BadIcv && MayReportDrop(sa))
                    ReportDrop(sa, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(offset + 4)), result == EspResult.Replay ? 402119 : 402120,
                        result == EspResult.Replay ? "that failed anti-replay checking." : "that failed authentication.");
                return false;
            }
            var packet = buffer.AsSpan(payload.Offset, payload.Length);
            if (payload.NextHeader != EspCodec.NextHeaderIpv4) { sa.CountReceiveError(ref sa.Counters.InvalidProtocol); return false; }
            if (packet.Length < 20 || packet[0] >> 4 != 4) { sa.CountReceiveError(ref sa.Counters.InvalidIpVersion); return false; }
            int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
            if (totalLength < 20 || totalLength > packet.Length) { sa.CountReceiveError(ref sa.Counters.InvalidLength); return false; }
            var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
            var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
            var mask = sa.Child.RemoteMask.Value;
            var localMask = sa.Child.LocalMask.Value;
            if ((source & mask) != (sa.Child.RemoteAddress.Value & mask) || (destination & localMask) != (sa.Child.LocalAddress.Value & localMask))
            {
                sa.CountReceiveError(ref sa.Counters.InvalidIdentity);
                var child = sa.Child;
                if (MayReportDrop(sa)) ReportDrop(sa, payload.Sequence, 402116,
                    $"The decapsulated inner packet doesn't match the negotiated policy in the SA. The packet specifies its destination as " +
                    $"{new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(packet[16..]))}, its source as {new Ipv4(source)}, and its protocol as {packet[9]}. " +
                    $"The SA specifies its local proxy as {child.LocalAddress}/{child.LocalMask}/0/0 and its remote proxy as " +
                    $"{child.RemoteAddress}/{child.RemoteMask}/0/0.");
                return false;
            }
            if (!Filter.Permits(sa, packet[..totalLength], fromClient: true)) return false;
            if (sa.Child.InboundOnly) Promote(sa);
            inner = new PacketSlice(buffer, payload.Offset, totalLength);
            if (Capture is { Active: true } capture) capture.TapInside(inner.Span);
            return true;
        }
        catch (Exception)
        {
            // A bug must not stop the socket loop that called: the packet is dropped and counted.
            Interlocked.Increment(ref Counters.InternalErrors);
            return false;
        }
    }

    private void TunLoop(CancellationToken cancel)
    {
        var size = Math.Max(_tun.Mtu, 1500) + Headroom;
        var buffers = new byte[BatchSize][];
        for (var i = 0; i < buffers.Length; i++) buffers[i] = new byte[size];
        var lengths = new int[BatchSize];
        while (!cancel.IsCancellationRequested)
        {
            int count;
            try { count = _tun.Read(buffers, lengths, cancel); }
            catch (Exception) when (!cancel.IsCancellationRequested)
            {
                Interlocked.Increment(ref Counters.InternalErrors);
                Thread.Sleep(100);
                continue;
            }
            catch (Exception)
            {
                return;
            }
            SendToOutside(buffers, lengths, count);
        }
    }

    /// <summary>
    /// A batch of packets from the TUN device (packet i is <c>packets[i][0..lengths[i]]</c>). Each that
    /// fits its SA's path is encapsulated, and each socket then sends its share in one batch; a packet
    /// too large goes on its own (fragmented, answered with ICMP, or whole after encryption:
    /// EspDataplane.Fragmentation.cs) after what came before it. Used by the TUN loop (one thread at a
    /// time); never throws.
    /// </summary>
    public void SendToOutside(byte[][] packets, int[] lengths, int count)
    {
        var outputs = _outputs ??= NewOutputs(Math.Max(_tun.Mtu, 1500) + 2 * Headroom);
        for (var i = 0; i < count && i < BatchSize; i++)
        {
            try
            {
                var packet = packets[i].AsSpan(0, lengths[i]);
                if (SaFor(packet) is not { } sa) continue;
                if (AddWhole(sa, packet, outputs[_udpBatch.Count + _rawBatch.Count + _ipsecUdpBatch.Count])) continue;
                FlushBatches();
                SendThroughTunnel(sa, packet, outputs[0]);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref Counters.InternalErrors);
            }
        }
        FlushBatches();
    }

    private void FlushBatches()
    {
        _udpBatch.Flush(_outside, OutsidePort.NatT, Counters);
        _rawBatch.Flush(_outside, OutsidePort.Esp, Counters);
        _ipsecUdpBatch.Flush(_outside, OutsidePort.IpsecUdp, Counters);
    }

    private static byte[][] NewOutputs(int size)
    {
        var outputs = new byte[BatchSize][];
        for (var i = 0; i < outputs.Length; i++) outputs[i] = new byte[size];
        return outputs;
    }

    /// <summary>
    /// Encapsulates a packet whose ESP packet fits the path into <paramref name="output"/> and adds it to
    /// its socket's batch, with the outer DF bit of <c>crypto ipsec df-bit</c>; false when it is too large.
    /// </summary>
    private bool AddWhole(IpsecSa sa, ReadOnlySpan<byte> packet, byte[] output)
    {
        var policy = PathPolicyFor(sa);
        if (packet.Length > MaxInnerLength(sa, policy)) return false;
        var length = sa.Encapsulate(packet, _random, output, 0, out _);
        if (length < 0) return true;
        (sa.Carrier switch { OutsidePort.NatT => _udpBatch, OutsidePort.IpsecUdp => _ipsecUdpBatch, _ => _rawBatch }).Add(sa, output, length, OuterDontFragment(policy, packet));
        return true;
    }

    /// <summary>
    /// One packet from the TUN device: encapsulated for its destination's SA and sent, fragmented
    /// or answered with ICMP when too large (EspDataplane.Fragmentation.cs). Never throws.
    /// </summary>
    public void SendToOutside(ReadOnlySpan<byte> packet, byte[] output)
    {
        try
        {
            if (SaFor(packet) is { } sa) SendThroughTunnel(sa, packet, output);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref Counters.InternalErrors);
        }
    }

    /// <summary>The SA for a packet from the TUN device (captured on the way); null when it is not IPv4 or has none (counted).</summary>
    private IpsecSa? SaFor(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 20 || packet[0] >> 4 != 4)
        {
            Interlocked.Increment(ref Counters.NotIpv4FromTun);
            return null;
        }
        if (Capture is { Active: true } capture) capture.TapInside(packet);
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        if (Sas.TryGetOutbound(source, destination, out var sa)) return Filter.Permits(sa, packet, fromClient: false) ? sa : null;
        // The ASA drops the packet and starts the SA its crypto map says it needs (a site's), if any.
        Interlocked.Increment(ref Counters.NoSaSend);
        if (NoSa is { } noSa && _triggers.Allow(destination, Milliseconds)) noSa(new Ipv4(source), new Ipv4(destination));
        return null;
    }

    /// <summary>
    /// An inside packet found no SA: the IKE service may start one (the ASA as a site's initiator).
    /// Called from the TUN loop, at most once a second per destination.
    /// </summary>
    public Action<Ipv4, Ipv4>? NoSa { get; set; }

    private readonly NoSaTriggers _triggers = new();

    private readonly HashSet<(uint Network, uint Mask)> _siteRoutes = [];

    /// <summary>
    /// Routes the sites' networks into the TUN device as the config says now (crypto map ACLs): what
    /// is no longer wanted goes, what is new comes. Returns a line per route that could not be set.
    /// </summary>
    public IReadOnlyList<string> SyncSiteRoutes(IEnumerable<(Ipv4 Network, Ipv4 Mask)> wanted)
    {
        var problems = new List<string>();
        lock (_controlLock)
        {
            var want = wanted.Select(w => (Network: w.Network.Value, Mask: w.Mask.Value)).ToHashSet();
            foreach (var gone in _siteRoutes.Where(r => !want.Contains(r)).ToList())
            {
                try { _routes?.RemoveRoute(_tun.Name, new Ipv4(gone.Network), new Ipv4(gone.Mask)); }
                catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception) { problems.Add(e.Message); }
                _siteRoutes.Remove(gone);
            }
            foreach (var route in want.Where(r => !_siteRoutes.Contains(r)))
            {
                try
                {
                    _routes?.AddRoute(_tun.Name, new Ipv4(route.Network), new Ipv4(route.Mask));
                    _siteRoutes.Add(route);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    problems.Add($"IPSEC: cannot route {new Ipv4(route.Network)}/{new Ipv4(route.Mask).PrefixLength} into {_tun.Name}: {e.Message}");
                }
            }
        }
        return problems;
    }

    /// <summary>
    /// Whether an inbound drop of this SA is reported now: at most once a second per SA. Asked before
    /// the report's text is built, so that the drops in between (a flood of them) allocate nothing.
    /// </summary>
    private bool MayReportDrop(IpsecSa sa) => _events is not null && sa.MayReportDrop(Milliseconds);

    /// <summary>The ASA's syslog for an inbound ESP packet it dropped (402116/402119/402120), once <see cref="MayReportDrop"/> agreed.</summary>
    private void ReportDrop(IpsecSa sa, uint sequence, int id, string why)
    {
        if (_events is null) return;
        var child = sa.Child;
        var user = child.Username ?? child.Peer.Address.ToString();
        var separator = id == 402116 ? ". " : " ";
        _events.Publish(AsaEvent.Log(EventCategory.Ipsec, new SyslogId(id, 4),
            $"IPSEC: Received an ESP packet (SPI= 0x{child.InboundSpi:X8}, sequence number= 0x{sequence:X}) from {child.Peer.Address} " +
            $"(user= {user}) to {child.Local.Address}{separator}{why}"));
    }

    /// <summary>The inner bytes the pair carried so far (<see cref="IIpsecSas"/>).</summary>
    public ChildSaUsage? UsageOf(uint inboundSpi) =>
        Sas.TryGetByInboundSpi(inboundSpi, out var sa) && sa.Counters.Snapshot() is var n ? new ChildSaUsage(n.BytesIn, n.BytesOut) : null;

    private void Say(ChildSa child, string text) =>
        _events?.Publish(AsaEvent.Ipsec(1, text) with { Peer = child.Peer.Address.ToString(), Group = child.TunnelGroup, User = child.Username });

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_controlLock)
        {
            loop = _tunLoop;
            _stop?.Cancel();
        }
        if (loop is not null) await loop.ConfigureAwait(false);
        lock (_controlLock)
        {
            foreach (var sa in Sas.All) Remove(sa.Child);
            _stop?.Dispose();
        }
    }
}
