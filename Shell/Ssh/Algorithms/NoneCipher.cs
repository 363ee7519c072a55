using System.Buffers.Binary;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>The state before the first NEWKEYS: no encryption, no MAC.</summary>
internal sealed class NoneCipher : IPacketCipher
{
    public int BlockSize => 8;
    public bool LengthInClear => false;
    public int TagLength => 0;
    public int HeadLength => 4;

    public void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
    }

    public uint ReadLength(uint sequence, Span<byte> head) => BinaryPrimitives.ReadUInt32BigEndian(head);

    public bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag) => true;

    public void Dispose()
    {
    }
}
