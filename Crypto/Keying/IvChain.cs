using System.Buffers.Binary;

namespace AsaEmu.Crypto.Keying;

/// <summary>
/// The CBC IVs of one IKEv1 SA and the encryption of message bodies with them (RFC 2409 Appendix B,
/// after strongSwan's iv_manager). Phase 1 (M-ID 0) starts from hash(g^xi | g^xr) and then chains
/// on the last ciphertext block of each message. Every other exchange (Quick Mode, informational,
/// transaction) starts from hash(last phase-1 block | M-ID) and chains on its own messages.
/// An informational message is an exchange of its own: its IV is always derived from its M-ID,
/// even M-ID 0 (vpnc draws the M-ID of its DELETEs from one random byte), and never chains.
/// <para>
/// A sent message advances the chain at once. A received one only stages its last block: call
/// <see cref="Confirm"/> once the message has been authenticated (its HASH checked), so that a
/// forged or garbled message cannot derail the chain. Not thread safe; the IKE control loop owns it.
/// </para>
/// </summary>
public sealed class IvChain : IDisposable
{
    private readonly IIkeDigest hash;
    private readonly IIkeCipher cipher;
    private readonly int blockSize;
    private readonly Entry phase1;
    private readonly Entry[] exchanges;
    private readonly byte[] digest;
    private long clock;
    private bool phase1Set;

    /// <param name="hash">The negotiated hash, for the initial IVs.</param>
    /// <param name="cipher">The keyed phase-1 cipher (<see cref="KeyMaterial.Cipher"/>).</param>
    /// <param name="capacity">How many exchanges other than phase 1 keep an IV at once; the least
    /// recently used is forgotten beyond that.</param>
    public IvChain(IkeHash hash, IIkeCipher cipher, int capacity = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.hash = hash.CreateHash();
        this.cipher = cipher;
        blockSize = cipher.BlockSize;
        if (hash.Length < blockSize)
        {
            throw new ArgumentException($"{hash} is shorter than the {blockSize}-byte cipher block");
        }

        phase1 = new Entry(blockSize);
        exchanges = new Entry[capacity];
        for (var i = 0; i < capacity; i++)
        {
            exchanges[i] = new Entry(blockSize);
        }

        digest = new byte[hash.Length];
    }

    public int BlockSize => blockSize;

    /// <summary>Phase-1 IV = hash(g^xi | g^xr) cut to the block size. The public values are the KE payload bodies.</summary>
    public void SetPhase1Iv(ReadOnlySpan<byte> publicValueI, ReadOnlySpan<byte> publicValueR)
    {
        hash.Append(publicValueI);
        hash.Append(publicValueR);
        hash.Finish(digest);
        digest.AsSpan(0, blockSize).CopyTo(phase1.Iv);
        phase1.HasPending = false;
        phase1Set = true;
    }

    /// <summary>The IV the next message of exchange <paramref name="messageId"/> is encrypted with (creating it for a new M-ID).</summary>
    public ReadOnlySpan<byte> GetIv(uint messageId) => Find(messageId).Iv;

    /// <summary>Length of the encrypted body for a plaintext of this length: padded up to a whole number of blocks.</summary>
    public int EncryptedLength(int plaintextLength) => (plaintextLength + blockSize - 1) / blockSize * blockSize;

    /// <summary>
    /// Encrypts a message body (the payloads after the ISAKMP header) for exchange
    /// <paramref name="messageId"/>, zero padding it to a whole number of blocks (none when already
    /// whole; peers find the end from the payload lengths), and advances the chain. Returns the
    /// encrypted length, which is what the header's length field counts. The body and the
    /// destination may be the same buffer.
    /// </summary>
    public int Encrypt(uint messageId, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var length = CheckedEncryptedLength(body.Length, destination.Length);
        var entry = Find(messageId);
        EncryptWith(entry.Iv, body, destination[..length]);
        destination.Slice(length - blockSize, blockSize).CopyTo(entry.Iv);
        entry.HasPending = false;
        return length;
    }

    /// <summary>
    /// Encrypts the body of an informational message (RFC 2409 §5.7) like <see cref="Encrypt"/>,
    /// with the IV hash(last phase-1 block | M-ID), whatever the M-ID, and no chain kept.
    /// </summary>
    public int EncryptInformational(uint messageId, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var length = CheckedEncryptedLength(body.Length, destination.Length);
        Span<byte> iv = stackalloc byte[blockSize];
        DeriveIv(messageId, iv);
        EncryptWith(iv, body, destination[..length]);
        return length;
    }

    private int CheckedEncryptedLength(int bodyLength, int destinationLength)
    {
        var length = EncryptedLength(bodyLength);
        if (length == 0)
        {
            throw new ArgumentException("an encrypted message needs at least one payload", "body");
        }

        if (destinationLength < length)
        {
            throw new ArgumentException($"needs {length} bytes", "destination");
        }

        return length;
    }

    /// <summary>Zero pads the body to the destination's whole blocks and encrypts it there.</summary>
    private void EncryptWith(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        body.CopyTo(destination);
        destination[body.Length..].Clear();
        cipher.Encrypt(iv, destination, destination);
    }

    /// <summary>
    /// Decrypts a received body with the current IV of exchange <paramref name="messageId"/>.
    /// False (and nothing changes) when the length is not a positive whole number of blocks. The
    /// plaintext keeps the sender's padding; the codec stops at the last payload. The last
    /// ciphertext block is staged until <see cref="Confirm"/>. The ciphertext and the plaintext may
    /// be the same buffer.
    /// </summary>
    public bool TryDecrypt(uint messageId, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (!IsWholeBlocks(ciphertext, plaintext))
        {
            return false;
        }

        var entry = Find(messageId);
        Span<byte> last = stackalloc byte[blockSize];
        ciphertext[^blockSize..].CopyTo(last);
        cipher.Decrypt(entry.Iv, ciphertext, plaintext[..ciphertext.Length]);
        last.CopyTo(entry.Pending);
        entry.HasPending = true;
        return true;
    }

    /// <summary>
    /// Decrypts the body of a received informational message with the IV hash(last phase-1 block | M-ID),
    /// whatever the M-ID; nothing is staged. False when the length is not a positive whole number of blocks.
    /// </summary>
    public bool TryDecryptInformational(uint messageId, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (!IsWholeBlocks(ciphertext, plaintext))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[blockSize];
        DeriveIv(messageId, iv);
        cipher.Decrypt(iv, ciphertext, plaintext[..ciphertext.Length]);
        return true;
    }

    /// <summary>Makes the last block of the message received in exchange <paramref name="messageId"/> the IV of its next message.</summary>
    public void Confirm(uint messageId)
    {
        var entry = messageId == 0 ? phase1 : Lookup(messageId);
        if (entry is { HasPending: true })
        {
            entry.Pending.CopyTo(entry.Iv, 0);
            entry.HasPending = false;
        }
    }

    /// <summary>Drops the IV of a finished exchange.</summary>
    public void Forget(uint messageId)
    {
        if (messageId != 0 && Lookup(messageId) is { } entry)
        {
            entry.InUse = false;
            entry.HasPending = false;
        }
    }

    private Entry Find(uint messageId)
    {
        if (!phase1Set)
        {
            throw new InvalidOperationException("the phase-1 IV is not set yet");
        }

        if (messageId == 0)
        {
            return phase1;
        }

        if (Lookup(messageId) is { } known)
        {
            return known;
        }

        var entry = exchanges[0];
        foreach (var candidate in exchanges)
        {
            if (!candidate.InUse)
            {
                entry = candidate;
                break;
            }

            if (candidate.LastUse < entry.LastUse)
            {
                entry = candidate;
            }
        }

        DeriveIv(messageId, entry.Iv);
        entry.MessageId = messageId;
        entry.InUse = true;
        entry.HasPending = false;
        entry.LastUse = ++clock;
        return entry;
    }

    /// <summary>A ciphertext of one or more whole blocks, with room for its plaintext.</summary>
    private bool IsWholeBlocks(ReadOnlySpan<byte> ciphertext, Span<byte> plaintext) =>
        ciphertext.Length != 0 && ciphertext.Length % blockSize == 0 && plaintext.Length >= ciphertext.Length;

    /// <summary>hash(last phase-1 CBC block | M-ID), cut to the block size: the first IV of an exchange after phase 1.</summary>
    private void DeriveIv(uint messageId, Span<byte> iv)
    {
        if (!phase1Set)
        {
            throw new InvalidOperationException("the phase-1 IV is not set yet");
        }

        Span<byte> mid = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(mid, messageId);
        hash.Append(phase1.Iv);
        hash.Append(mid);
        hash.Finish(digest);
        digest.AsSpan(0, blockSize).CopyTo(iv);
    }

    /// <summary>Releases the hash; the cipher belongs to the <see cref="KeyMaterial"/>.</summary>
    public void Dispose() => hash.Dispose();

    private Entry? Lookup(uint messageId)
    {
        foreach (var entry in exchanges)
        {
            if (entry.InUse && entry.MessageId == messageId)
            {
                entry.LastUse = ++clock;
                return entry;
            }
        }

        return null;
    }

    private sealed class Entry(int blockSize)
    {
        public readonly byte[] Iv = new byte[blockSize];
        public readonly byte[] Pending = new byte[blockSize];
        public uint MessageId;
        public bool InUse;
        public bool HasPending;
        public long LastUse;
    }
}
