using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// An installed IPsec SA pair: the negotiated <see cref="ChildSa"/>, the keyed contexts of each
/// direction, the anti-replay window, the outbound sequence number and the counters. Each direction
/// is serialized by its own lock (one packet thread per direction in practice, so uncontended);
/// removal waits for both and disposes the contexts, after which packets get <see cref="EspResult.Removed"/>.
/// </summary>
public sealed class IpsecSa : IDisposable
{
    private readonly object _inboundLock = new(), _outboundLock = new();
    private uint _lastSequence;
    private bool _disposed;

    /// <summary>
    /// The negotiated pair. An SA installed for its inbound side only (<see cref="ChildSa.InboundOnly"/>) is later
    /// completed in place (<see cref="Complete"/>), so that it keeps its sequence numbers, replay window and counters.
    /// </summary>
    public ChildSa Child => Volatile.Read(ref _child);

    private ChildSa _child;
    public EspSa Inbound { get; }
    public EspSa Outbound { get; }
    public ReplayWindow Replay { get; } = new();
    public SaCounters Counters { get; } = new();

    /// <summary>What ICMP fragmentation-needed from the outside taught about the path to the peer.</summary>
    public PathMtuEstimate PathMtu { get; } = new();

    /// <summary>
    /// Where the ESP goes, as the socket layer takes it, serialized once (no allocation per packet): the IKE
    /// peer; for IPsec over UDP the client's address and the UDP port its ESP last came from, at first the
    /// headend's own <c>ipsec-udp-port</c> (the Cisco VPN Client sends from the port it sends to [M]).
    /// </summary>
    public System.Net.SocketAddress PeerAddress => Volatile.Read(ref _peerAddress);

    private System.Net.SocketAddress _peerAddress;
    /// <summary>IPsec over UDP: the client's address and port that <see cref="PeerAddress"/> holds (address &lt;&lt; 16 | port).</summary>
    private long _udpPeer;

    /// <summary>The endpoint kind that carries this SA's ESP: UDP 4500 (NAT-T), an ipsec-udp port, or IP protocol 50.</summary>
    public Outside.OutsidePort Carrier { get; }

    /// <summary>The local UDP port of <see cref="Carrier"/> where a local address has several of its kind (ipsec-udp ports); 0 otherwise.</summary>
    public ushort CarrierPort { get; }

    /// <summary>Whether the ESP travels in UDP (8 bytes more per packet): NAT-T or IPsec over UDP.</summary>
    public bool InUdp => Carrier != Outside.OutsidePort.Esp;

    public IpsecSa(ChildSa child)
    {
        _child = child;
        (Carrier, CarrierPort) = child.UdpEncapsulated ? (Outside.OutsidePort.NatT, (ushort)0)
            : child.IpsecUdpPort is { } udp ? (Outside.OutsidePort.IpsecUdp, udp)
            : (Outside.OutsidePort.Esp, (ushort)0);
        var peer = Carrier == Outside.OutsidePort.IpsecUdp ? new System.Net.IPEndPoint(child.Peer.Address, CarrierPort) : child.Peer;
        _peerAddress = peer.Serialize();
        _udpPeer = UdpPeerKey(peer);
        Inbound = EspSa.Create(child.Transform, child.Keys.Inbound);
        try { Outbound = EspSa.Create(child.Transform, child.Keys.Outbound); }
        catch { Inbound.Dispose(); throw; }
    }

    /// <summary>
    /// The pair of the same negotiation (the same SPIs, so the same keys) in place of the one this SA was
    /// installed with: an SA installed for its inbound side only now carries outbound traffic too. Called by
    /// <see cref="SaTable.Complete"/>, which indexes it for that.
    /// </summary>
    internal void Complete(ChildSa pair)
    {
        var installed = Child;
        if (pair.InboundSpi != installed.InboundSpi || pair.OutboundSpi != installed.OutboundSpi)
            throw new ArgumentException($"SPIs 0x{pair.InboundSpi:X8}/0x{pair.OutboundSpi:X8} are not this SA's", nameof(pair));
        Volatile.Write(ref _child, pair);
    }

    /// <summary>An ESP packet of this SA for the outside, from its local address (and ipsec-udp port) to its peer.</summary>
    public Outside.OutsideDatagram Datagram(byte[] esp, int length, bool dontFragment) =>
        new(Child.Local.Address, PeerAddress, esp, length, dontFragment, CarrierPort);

    /// <summary>
    /// IPsec over UDP: ESP of this SA that authenticated came from <paramref name="address"/> (host order) and
    /// <paramref name="port"/>; the ESP for the client goes there from now on (a NAT's mapping, vpnc's
    /// <c>--udp-port</c>). Allocates only when the place changes. Nothing for the other kinds.
    /// </summary>
    public void LearnUdpPeer(uint address, ushort port)
    {
        if (Carrier != Outside.OutsidePort.IpsecUdp) return;
        var key = (long)address << 16 | port;
        if (Interlocked.Read(ref _udpPeer) == key) return;
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        Volatile.Write(ref _peerAddress, new System.Net.IPEndPoint(new System.Net.IPAddress(bytes), port).Serialize());
        Interlocked.Exchange(ref _udpPeer, key);
    }

    /// <summary>Takes over where <paramref name="older"/>'s client was last heard (a rekey's new SA of the same session).</summary>
    public void LearnUdpPeerFrom(IpsecSa older)
    {
        var key = Interlocked.Read(ref older._udpPeer);
        if (older.Carrier == Carrier) LearnUdpPeer((uint)(key >> 16), (ushort)key);
    }

    private static long UdpPeerKey(System.Net.IPEndPoint peer) =>
        (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(peer.Address.GetAddressBytes()) << 16 | (ushort)peer.Port;

    /// <summary>The last outbound sequence number used (0 before the first packet).</summary>
    public uint LastSequenceSent => Volatile.Read(ref _lastSequence);

    /// <summary>
    /// Whether inbound packets are checked against <see cref="Replay"/>: only with an integrity transform
    /// (an HMAC, or a combined mode's ICV).
    /// Without one (esp-none) the sequence number is not authenticated, so anyone could move the window
    /// and shut the real packets out; RFC 4303 §3.4.3 has the receiver not use anti-replay then.
    /// </summary>
    public bool ReplayDetection => Inbound.IcvSize > 0;

    /// <summary>The anti-replay bitmap as <c>show crypto ipsec sa</c> prints it.</summary>
    public string ReplayBitmapText { get { lock (_inboundLock) return Replay.BitmapText; } }

    /// <summary>
    /// Encapsulates an inner IPv4 packet for the peer into <paramref name="destination"/> at
    /// <paramref name="offset"/>; returns the ESP length, or -1 with <paramref name="result"/> saying why not.
    /// </summary>
    public int Encapsulate(ReadOnlySpan<byte> inner, IRandom random, byte[] destination, int offset, out EspResult result)
    {
        lock (_outboundLock)
        {
            if (_disposed) { result = EspResult.Removed; return -1; }
            if (_lastSequence == uint.MaxValue)
            {
                Interlocked.Increment(ref Counters.ReplayRolloverSend);
                Interlocked.Increment(ref Counters.SendErrors);
                result = EspResult.SequenceExhausted;
                return -1;
            }
            var length = EspCodec.Encapsulate(Outbound, ++_lastSequence, inner, EspCodec.NextHeaderIpv4, random, destination, offset);
            Interlocked.Increment(ref Counters.Encaps);
            Interlocked.Increment(ref Counters.Encrypt);
            if (Outbound.IcvSize > 0) Interlocked.Increment(ref Counters.Digest);
            Interlocked.Add(ref Counters.BytesOut, inner.Length);
            result = EspResult.Ok;
            return length;
        }
    }

    /// <summary>Decapsulates an ESP packet for this SA in place, counting the outcome.</summary>
    public EspResult Decapsulate(byte[] buffer, int offset, int length, out EspPayload payload)
    {
        EspResult result;
        lock (_inboundLock)
        {
            if (_disposed) { payload = default; return EspResult.Removed; }
            result = EspCodec.Decapsulate(Inbound, ReplayDetection ? Replay : null, buffer, offset, length, out payload);
        }
        switch (result)
        {
            case EspResult.Ok:
                Interlocked.Increment(ref Counters.Decaps);
                Interlocked.Increment(ref Counters.Decrypt);
                // #pkts verify: packets whose ICV verified, none without an integrity transform.
                if (Inbound.IcvSize > 0) Interlocked.Increment(ref Counters.Verify);
                Interlocked.Add(ref Counters.BytesIn, payload.Length);
                break;
            case EspResult.Dummy:
                Interlocked.Increment(ref Counters.TfcReceived);
                break;
            case EspResult.Removed:
                break;
            case EspResult.Replay:
                CountReceiveError(ref Counters.ReplayFailed);
                break;
            case EspResult.BadIcv:
                CountReceiveError(ref Counters.VerifyFailed);
                break;
            case EspResult.BadPadding:
                CountReceiveError(ref Counters.InvalidPad);
                break;
            default:
                CountReceiveError(ref Counters.InvalidLength);
                break;
        }
        return result;
    }

    /// <summary>Counts an inbound packet refused after decapsulation (<paramref name="counter"/> says why) as a receive error.</summary>
    internal void CountReceiveError(ref long counter)
    {
        Interlocked.Increment(ref counter);
        Interlocked.Increment(ref Counters.RecvErrors);
    }

    internal void CountSendError() => Interlocked.Increment(ref Counters.SendErrors);

    private long _lastDropReport = long.MinValue;

    /// <summary>True at most once a second: whether a dropped packet of this SA may be reported (a flood must not flood the log).</summary>
    internal bool MayReportDrop(long nowMilliseconds)
    {
        var last = Interlocked.Read(ref _lastDropReport);
        return (last == long.MinValue || nowMilliseconds - last >= 1000) && Interlocked.CompareExchange(ref _lastDropReport, nowMilliseconds, last) == last;
    }

    public void Dispose()
    {
        lock (_inboundLock)
        lock (_outboundLock)
        {
            if (_disposed) return;
            _disposed = true;
            Inbound.Dispose();
            Outbound.Dispose();
        }
    }
}
