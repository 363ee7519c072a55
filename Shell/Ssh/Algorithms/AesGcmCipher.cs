using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>
/// aes128-gcm@openssh.com / aes256-gcm@openssh.com (RFC 5647 as OpenSSH uses it): the length is
/// sent in clear and authenticated as AAD; the nonce is a 4-byte fixed field and a 64-bit
/// invocation counter that grows by one per packet.
/// </summary>
internal sealed class AesGcmCipher : IPacketCipher
{
    private const int Tag = 16;
    private readonly AesGcm _gcm;
    private readonly byte[] _nonce = new byte[12];

    public AesGcmCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        _gcm = new AesGcm(key, Tag);
        iv[..12].CopyTo(_nonce);
    }

    public int BlockSize => 16;
    public bool LengthInClear => true;
    public int TagLength => Tag;
    public int HeadLength => 4;

    public void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
        var body = packet[4..];
        _gcm.Encrypt(_nonce, body, body, tag, packet[..4]);
        NextNonce();
    }

    public uint ReadLength(uint sequence, Span<byte> head) => BinaryPrimitives.ReadUInt32BigEndian(head);

    public bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        var body = packet[4..];
        try
        {
            _gcm.Decrypt(_nonce, body, tag, body, packet[..4]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        NextNonce();
        return true;
    }

    private void NextNonce()
    {
        var counter = _nonce.AsSpan(4);
        BinaryPrimitives.WriteUInt64BigEndian(counter, BinaryPrimitives.ReadUInt64BigEndian(counter) + 1);
    }

    public void Dispose() => _gcm.Dispose();
}
