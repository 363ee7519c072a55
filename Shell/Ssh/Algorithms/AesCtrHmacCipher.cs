using System.Buffers.Binary;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>
/// aes128-ctr / aes256-ctr with an HMAC, either encrypt-and-MAC (RFC 4253 §6.4: MAC over the
/// plaintext, length encrypted) or encrypt-then-MAC (the -etm@openssh.com MACs: length in clear,
/// MAC over the ciphertext).
/// </summary>
internal sealed class AesCtrHmacCipher(AesCtr ctr, Hmac mac, bool encryptThenMac) : IPacketCipher
{
    public int BlockSize => 16;
    public bool LengthInClear => encryptThenMac;
    public int TagLength => mac.Length;
    public int HeadLength => encryptThenMac ? 4 : 16;

    public void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
        if (encryptThenMac)
        {
            ctr.Transform(packet[4..]);
            mac.Compute(sequence, packet, tag);
        }
        else
        {
            mac.Compute(sequence, packet, tag);
            ctr.Transform(packet);
        }
    }

    public uint ReadLength(uint sequence, Span<byte> head)
    {
        if (!encryptThenMac)
            ctr.Transform(head[..16]);
        return BinaryPrimitives.ReadUInt32BigEndian(head);
    }

    public bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        if (encryptThenMac)
        {
            if (!mac.Verify(sequence, packet, tag))
                return false;
            ctr.Transform(packet[4..]);
            return true;
        }
        ctr.Transform(packet[16..]);
        return mac.Verify(sequence, packet, tag);
    }

    public void Dispose()
    {
        ctr.Dispose();
        mac.Dispose();
    }
}
