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

    public ChildSa Child { get; }
    public EspSa Inbound { get; }
    public EspSa Outbound { get; }
    public ReplayWindow Replay { get; } = new();
    public SaCounters Counters { get; } = new();

    /// <summary>What ICMP fragmentation-needed from the outside taught about the path to the peer.</summary>
    public PathMtuEstimate PathMtu { get; } = new();

    /// <summary>The peer's address as the socket layer takes it, serialized once (no allocation per packet).</summary>
    public System.Net.SocketAddress PeerAddress { get; }

    public IpsecSa(ChildSa child)
    {
        Child = child;
        PeerAddress = child.Peer.Serialize();
        Inbound = EspSa.Create(child.Transform, child.Keys.Inbound);
        try { Outbound = EspSa.Create(child.Transform, child.Keys.Outbound); }
        catch { Inbound.Dispose(); throw; }
    }

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
