using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace AsaEmu.Shell.Ssh.Wire;

/// <summary>Builds an SSH payload (RFC 4251 §5) in a growable buffer.</summary>
internal sealed class SshWriter
{
    private byte[] _buffer;
    private int _length;

    public SshWriter(int capacity = 256) => _buffer = new byte[capacity];

    public SshWriter(byte messageNumber, int capacity = 256) : this(capacity) => WriteByte(messageNumber);

    public int Length => _length;
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);
    public byte[] ToArray() => Span.ToArray();

    public SshWriter WriteByte(byte value)
    {
        Grow(1)[0] = value;
        return this;
    }

    public SshWriter WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public SshWriter WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);
        return this;
    }

    public SshWriter WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
        return this;
    }

    public SshWriter WriteString(ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        return WriteRaw(bytes);
    }

    public SshWriter WriteString(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        WriteUInt32((uint)count);
        Encoding.UTF8.GetBytes(text, Grow(count));
        return this;
    }

    public SshWriter WriteNameList(IEnumerable<string> names) => WriteString(string.Join(',', names));

    /// <summary>An <c>mpint</c> from an unsigned big-endian magnitude (leading zeros dropped, 0x00 added when the top bit is set).</summary>
    public SshWriter WriteMpint(ReadOnlySpan<byte> unsignedBigEndian)
    {
        var start = 0;
        while (start < unsignedBigEndian.Length && unsignedBigEndian[start] == 0)
            start++;
        var magnitude = unsignedBigEndian[start..];
        var pad = magnitude.Length > 0 && (magnitude[0] & 0x80) != 0;
        WriteUInt32((uint)(magnitude.Length + (pad ? 1 : 0)));
        if (pad)
            WriteByte(0);
        return WriteRaw(magnitude);
    }

    public SshWriter WriteMpint(BigInteger value)
    {
        if (value.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(value), "negative mpint");
        return WriteMpint(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
