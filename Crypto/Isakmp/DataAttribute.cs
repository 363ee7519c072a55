using System.Buffers.Binary;

namespace AsaEmu.Crypto.Isakmp;

/// <summary>
/// A data attribute (RFC 2408 §3.3) as SA transforms and Mode-Config payloads carry it:
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// !A!       Attribute Type        !    AF=0  Attribute Length     !
/// !F!                             !    AF=1  Attribute Value      !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                   AF=0  Attribute Value                       .
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// With the AF bit set the value is the 16-bit field itself (TV); otherwise a length and value follow (TLV).
/// </summary>
public sealed record DataAttribute(ushort Type, bool Short, ushort ShortValue, ReadOnlyMemory<byte> LongValue)
{
    public static DataAttribute Basic(ushort type, ushort value) => new(type, true, value, default);
    public static DataAttribute Variable(ushort type, ReadOnlyMemory<byte> value) => new(type, false, 0, value);

    /// <summary>A variable value holding an integer, as life durations do (RFC 2409 Appendix A).</summary>
    public static DataAttribute Integer(ushort type, uint value) =>
        value <= ushort.MaxValue ? Basic(type, (ushort)value) : Variable(type, BigEndian(value));

    public int EncodedLength => Short ? 4 : 4 + LongValue.Length;

    /// <summary>The value as a number: a basic value, or a variable one of up to 8 bytes.</summary>
    public ulong Number
    {
        get
        {
            if (Short) return ShortValue;
            ulong n = 0;
            foreach (var b in LongValue.Span[..Math.Min(8, LongValue.Length)]) n = (n << 8) | b;
            return n;
        }
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>
    /// Reads the attributes that fill <paramref name="data"/>; null when one runs past its end. The
    /// run is walked once to count it first, so the array is the size of what is there.
    /// </summary>
    internal static DataAttribute[]? TryReadAll(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var count = 0;
        for (var at = 0; at < span.Length; count++)
        {
            if (!TryMeasure(span[at..], out var length)) return null;
            at += length;
        }
        if (count == 0) return [];
        var attributes = new DataAttribute[count];
        for (int i = 0, at = 0; i < count; i++)
        {
            var typeField = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
            var field = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            var type = (ushort)(typeField & 0x7FFF);
            if ((typeField & 0x8000) != 0)
            {
                attributes[i] = Basic(type, field);
                at += 4;
            }
            else
            {
                attributes[i] = Variable(type, data.Slice(at + 4, field));
                at += 4 + field;
            }
        }
        return attributes;
    }

    /// <summary>The encoded length of the attribute at the start of <paramref name="data"/>, if it fits there.</summary>
    private static bool TryMeasure(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.Length < 4) return false;
        length = (data[0] & 0x80) != 0 ? 4 : 4 + BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        return length <= data.Length;
    }

    internal int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Type | (Short ? 0x8000 : 0)));
        if (Short)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], ShortValue);
            return 4;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)LongValue.Length);
        LongValue.Span.CopyTo(destination[4..]);
        return 4 + LongValue.Length;
    }
}
