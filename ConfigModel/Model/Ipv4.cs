using System.Globalization;

namespace AsaEmu.ConfigModel.Model;

/// <summary>An IPv4 address or dotted-decimal mask, held as a host-order 32-bit value.</summary>
public readonly record struct Ipv4(uint Value) : IComparable<Ipv4>
{
    public static readonly Ipv4 Any = new(0);
    public static readonly Ipv4 HostMask = new(0xFFFFFFFF);

    public static bool TryParse(string text, out Ipv4 address)
    {
        address = default;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        uint value = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)) return false;
            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255) return false;
            value = (value << 8) | (uint)octet;
        }
        address = new Ipv4(value);
        return true;
    }

    /// <summary>An IPv4 socket address (<c>::ffff:a.b.c.d</c> as <c>a.b.c.d</c>); false for IPv6.</summary>
    public static bool TryFrom(System.Net.IPAddress address, out Ipv4 v4)
    {
        v4 = default;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _)) return false;
        v4 = new Ipv4(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes));
        return true;
    }

    public static Ipv4 Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"not an IPv4 address: {text}");

    /// <summary>True for a contiguous mask (ones then zeros), as the ASA requires.</summary>
    public bool IsContiguousMask => (~Value & (~Value + 1)) == 0;

    public int PrefixLength => System.Numerics.BitOperations.PopCount(Value);

    public static Ipv4 MaskFromPrefix(int prefix) =>
        new(prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - prefix));

    public Ipv4 And(Ipv4 mask) => new(Value & mask.Value);

    public byte[] ToBytes() => [(byte)(Value >> 24), (byte)(Value >> 16), (byte)(Value >> 8), (byte)Value];

    public int CompareTo(Ipv4 other) => Value.CompareTo(other.Value);

    public override string ToString() =>
        $"{Value >> 24}.{(Value >> 16) & 255}.{(Value >> 8) & 255}.{Value & 255}";
}
