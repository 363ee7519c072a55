namespace AsaEmu.Crypto.Ikev2;

/// <summary>What became of a protected message: opened; a fragment kept (its message not whole yet) or dropped (counted); or refused (a wrong ICV, a plaintext that does not decode).</summary>
public enum Ikev2Opening { Opened, Kept, Dropped, Failed }

/// <summary>
/// The Encrypted Fragment messages (RFC 7383 §2.6) of one IKE SA's peer, put back together: one message
/// at a time each way (window size 1: the peer's request, and the response to ours), each fragment's ICV
/// checked before it is kept, its piece kept by number until all of Total Fragments came, then the pieces
/// decoded as the plaintext of one SK payload. A peer cannot make it hold more than
/// <see cref="MaxFragments"/> pieces and <see cref="MaxMessageSize"/> octets per message, two messages per SA.
/// Owned by the control loop.
/// </summary>
public sealed class Ikev2Reassembly
{
    /// <summary>
    /// Fragments one message may have: 64 of the 576-octet default carry some 30 KB, beyond any PSK
    /// IKE_AUTH and most certificate chains. More are dropped (§2.6 lets a receiver bound them).
    /// </summary>
    public const int MaxFragments = 64;

    /// <summary>Octets one reassembled message may have (its plaintext, padding removed).</summary>
    public const int MaxMessageSize = 32 * 1024;

    private Partial? _request, _response;

    /// <summary>The pieces of one message as they came: by fragment number, the octets so far, the first inner payload.</summary>
    private sealed class Partial(uint messageId, ushort total)
    {
        public uint MessageId { get; } = messageId;
        public ushort Total { get; } = total;
        public ReadOnlyMemory<byte>?[] Pieces { get; } = new ReadOnlyMemory<byte>?[total];
        public int Count { get; set; }
        public int Octets { get; set; }
        public Ikev2PayloadType First { get; set; }
    }

    /// <summary>Octets kept for messages not yet whole (what the bounds hold to).</summary>
    public int Held => (_request?.Octets ?? 0) + (_response?.Octets ?? 0);

    /// <summary>
    /// One received fragment of <paramref name="message"/> (its message ID already the one expected), checked
    /// with <paramref name="inbound"/>: <see cref="Ikev2Opening.Opened"/> with the message's payloads once the
    /// last came; <see cref="Ikev2Opening.Kept"/>; <see cref="Ikev2Opening.Dropped"/> (counted); <see cref="Ikev2Opening.Failed"/>
    /// for a wrong ICV or a reassembled plaintext that does not decode.
    /// </summary>
    public Ikev2Opening Add(SkProtection inbound, ReadOnlyMemory<byte> datagram, Ikev2Message message, Ikev2FragmentStatistics statistics,
        out IReadOnlyList<Ikev2Payload>? payloads, out Ikev2EncryptedFragmentPayload? fragment)
    {
        payloads = null;
        fragment = (Ikev2EncryptedFragmentPayload)message.Payloads[^1];
        var header = message.Header;
        ref var slot = ref header.IsResponse ? ref _response : ref _request;
        if (fragment.TotalFragments > MaxFragments)
        {
            statistics.OverLimit++;
            return Ikev2Opening.Dropped;
        }
        // §2.6: a copy of a fragment kept, or a Total Fragments below the message's, is dropped unopened.
        if (slot is { } partial && partial.MessageId == header.MessageId)
        {
            if (fragment.TotalFragments < partial.Total)
            {
                statistics.Inconsistent++;
                return Ikev2Opening.Dropped;
            }
            if (fragment.TotalFragments == partial.Total && partial.Pieces[fragment.FragmentNumber - 1] is not null)
            {
                statistics.Duplicates++;
                return Ikev2Opening.Dropped;
            }
        }
        if (!inbound.TryOpenFragment(datagram, message, out var piece, out _))
        {
            statistics.BadIcv++;
            return Ikev2Opening.Failed;
        }
        statistics.InFragments++;
        // A fragment of another message, or one the peer cut anew into more (§2.5.2), begins the message afresh.
        if (slot is null || slot.MessageId != header.MessageId || fragment.TotalFragments > slot.Total) slot = new Partial(header.MessageId, fragment.TotalFragments);
        if (slot.Octets + piece.Length > MaxMessageSize)
        {
            statistics.OverLimit++;
            slot = null;
            return Ikev2Opening.Dropped;
        }
        slot.Pieces[fragment.FragmentNumber - 1] = piece;
        slot.Count++;
        slot.Octets += piece.Length;
        if (fragment.FragmentNumber == 1) slot.First = fragment.FirstInner;
        if (slot.Count < slot.Total) return Ikev2Opening.Kept;

        var whole = new byte[slot.Octets];
        var at = 0;
        foreach (var kept in slot.Pieces)
        {
            kept!.Value.Span.CopyTo(whole.AsSpan(at));
            at += kept.Value.Length;
        }
        var first = slot.First;
        slot = null;
        if (!Ikev2Codec.TryDecodePayloads(first, whole, outer: false, out payloads, out _)) return Ikev2Opening.Failed;
        statistics.MessagesReassembled++;
        return Ikev2Opening.Opened;
    }

    /// <summary>A whole (unfragmented) message came each way: a partial one of the same direction is no longer wanted.</summary>
    public void Forget(bool response)
    {
        if (response) _response = null;
        else _request = null;
    }
}
