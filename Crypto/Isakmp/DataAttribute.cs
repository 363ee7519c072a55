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

    internal static bool TryReadAll(ReadOnlySpan<byte> data, ReadOnlyMemory<byte> memory, List<DataAttribute> into)
    {
        var at = 0;
        while (at < data.Length)
        {
            if (data.Length - at < 4) return false;
            var typeField = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
            var field = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            var type = (ushort)(typeField & 0x7FFF);
            if ((typeField & 0x8000) != 0)
            {
                into.Add(Basic(type, field));
                at += 4;
                continue;
            }
            if (data.Length - at - 4 < field) return false;
            into.Add(Variable(type, memory.Slice(at + 4, field)));
            at += 4 + field;
        }
        return true;
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
