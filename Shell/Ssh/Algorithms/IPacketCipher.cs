namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>How a protected packet is laid out, the same for both directions of one algorithm.</summary>
internal interface IPacketFraming : IDisposable
{
    /// <summary>The padded length must be a multiple of this.</summary>
    int BlockSize { get; }

    /// <summary>True when packet_length travels unencrypted (ETM, AEAD): then padding aligns the packet without it.</summary>
    bool LengthInClear { get; }

    /// <summary>Bytes of MAC or AEAD tag after the packet.</summary>
    int TagLength { get; }
}

/// <summary>
/// Protects outgoing packets for one direction: the cipher and the MAC together (or one AEAD).
/// The packet is <c>uint32 packet_length, byte padding_length, payload, padding</c>, sealed in place.
/// </summary>
internal interface IPacketEncryptor : IPacketFraming
{
    void Seal(uint sequence, Span<byte> packet, Span<byte> tag);
}

/// <summary>Opens incoming packets for one direction.</summary>
internal interface IPacketDecryptor : IPacketFraming
{
    /// <summary>How many bytes must be read before <see cref="ReadLength"/> can tell the packet length.</summary>
    int HeadLength { get; }

    /// <summary>Returns packet_length from the first <see cref="HeadLength"/> bytes (decrypting them in place if needed).</summary>
    uint ReadLength(uint sequence, Span<byte> head);

    /// <summary>
    /// <paramref name="packet"/> is the whole packet from the length field on, whose head was already
    /// passed to <see cref="ReadLength"/>. Verifies and decrypts in place; false when authentication fails.
    /// </summary>
    bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag);
}

/// <summary>One direction's cipher instance; each class serves either role.</summary>
internal interface IPacketCipher : IPacketEncryptor, IPacketDecryptor
{
}
