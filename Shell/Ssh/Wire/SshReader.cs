using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace AsaEmu.Shell.Ssh.Wire;

/// <summary>Reads SSH wire types (RFC 4251 §5) from a payload; any underrun is a protocol error.</summary>
internal ref struct SshReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;
    public readonly bool AtEnd => _position == _data.Length;

    public byte ReadByte()
    {
        Need(1);
        return _data[_position++];
    }

    public bool ReadBoolean() => ReadByte() != 0;

    public uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>A <c>string</c>: uint32 length then that many bytes.</summary>
    public ReadOnlySpan<byte> ReadString()
    {
        var length = ReadUInt32();
        if (length > (uint)Remaining)
            throw SshProtocolException.Malformed("string length");
        return ReadBytes((int)length);
    }

    public string ReadUtf8()
    {
        try
        {
            return Utf8Strict.GetString(ReadString());
        }
        catch (DecoderFallbackException)
        {
            throw SshProtocolException.Malformed("UTF-8 string");
        }
    }

    /// <summary>
    /// A <c>name-list</c>: comma-separated names, each 1 to 64 printable US-ASCII characters
    /// (RFC 4251 §5, §6). Anything else is malformed, so a list costs at most one short string
    /// per two bytes of the packet.
    /// </summary>
    public string[] ReadNameList()
    {
        var bytes = ReadString();
        if (bytes.IsEmpty)
            return [];
        var names = new string[bytes.Count((byte)',') + 1];
        for (var i = 0; i < names.Length; i++)
        {
            var comma = bytes.IndexOf((byte)',');
            var name = comma < 0 ? bytes : bytes[..comma];
            if (name.Length is 0 or > MaxNameLength || name.IndexOfAnyExceptInRange((byte)'!', (byte)'~') >= 0)
                throw SshProtocolException.Malformed("name-list");
            names[i] = Encoding.ASCII.GetString(name);
            bytes = comma < 0 ? [] : bytes[(comma + 1)..];
        }
        return names;
    }

    /// <summary>Longest algorithm or method name (RFC 4251 §6).</summary>
    private const int MaxNameLength = 64;

    /// <summary>An <c>mpint</c>; negative values are refused (none of ours may be negative).</summary>
    public BigInteger ReadPositiveMpint()
    {
        var bytes = ReadString();
        if (bytes.Length > 0 && (bytes[0] & 0x80) != 0)
            throw SshProtocolException.Malformed("mpint (negative)");
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private readonly void Need(int count)
    {
        if (count < 0 || count > Remaining)
            throw SshProtocolException.Malformed("packet (too short)");
    }

    private static readonly UTF8Encoding Utf8Strict = new(false, throwOnInvalidBytes: true);
}
