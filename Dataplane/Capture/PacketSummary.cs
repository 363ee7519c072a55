using System.Buffers.Binary;
using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Capture;

/// <summary>
/// <c>show capture NAME</c>: the ASA's one line per packet, tcpdump-like [M]:
/// <code>
///    1: 14:43:33.166421       10.1.1.1 > 10.2.2.2: icmp: echo request
///    2: 14:43:33.170112       198.18.0.2.500 > 198.18.0.1.500:  udp 356
///    3: 14:43:34.001200       10.1.1.1.51000 > 10.2.2.2.80: S 1748733541:1748733541(0) win 8192
///    4: 14:43:34.002100       198.18.0.2 > 198.18.0.1:  ip-proto-50, length 136
/// </code>
/// </summary>
public static class PacketSummary
{
    /// <summary>The whole output: the count, the numbered lines, and how many were shown.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<CapturedPacket> packets)
    {
        yield return "";
        yield return $"{packets.Count} packet{(packets.Count == 1 ? "" : "s")} captured";
        yield return "";
        for (var i = 0; i < packets.Count; i++) yield return Line(i + 1, packets[i]);
        yield return $"{packets.Count} packet{(packets.Count == 1 ? "" : "s")} shown";
    }

    /// <summary>
    /// <c>show capture NAME detail</c> [M]: per packet a first line with the link layer (no MAC
    /// addresses here: the taps see IP packets, so zeros) and the length, then the summary with TTL and IP ID.
    /// </summary>
    public static IEnumerable<string> DetailLines(IReadOnlyList<CapturedPacket> packets)
    {
        yield return "";
        yield return $"{packets.Count} packet{(packets.Count == 1 ? "" : "s")} captured";
        yield return "";
        for (var i = 0; i < packets.Count; i++)
        {
            var p = packets[i];
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{i + 1,4}: {Time(p)} 0000.0000.0000 0000.0000.0000 0x0800 Length: {p.OriginalLength + 14}");
            var data = p.Data;
            var ip = data.Length >= Ipv4Synthesis.IpHeaderLength
                ? string.Create(CultureInfo.InvariantCulture, $" (ttl {data[8]}, id {BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4))})")
                : "";
            yield return $"      {Describe(data, p.OriginalLength)}{ip}";
        }
        yield return $"{packets.Count} packet{(packets.Count == 1 ? "" : "s")} shown";
    }

    private static string Time(CapturedPacket packet) => packet.Time.UtcDateTime.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static string Line(int number, CapturedPacket packet) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{number,4}: {Time(packet)}       {Describe(packet.Data, packet.OriginalLength)}");

    /// <summary>Addresses (with ports for TCP/UDP) and the protocol's summary of one IPv4 packet.</summary>
    public static string Describe(ReadOnlySpan<byte> p, int originalLength)
    {
        if (p.Length < Ipv4Synthesis.IpHeaderLength || p[0] >> 4 != 4) return $"[|ip] length {originalLength}";
        var headerLength = (p[0] & 0x0F) * 4;
        int protocol = p[9];
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
        var source = new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(p[12..]));
        var destination = new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(p[16..]));
        var firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(p[6..]) & 0x1FFF) == 0;
        var payloadLength = totalLength - headerLength;
        var l4 = headerLength <= p.Length ? p[headerLength..] : [];
        if (firstFragment && protocol == Ipv4Header.ProtocolUdp && l4.Length >= 8)
            return $"{source}.{Port(l4)} > {destination}.{Port(l4[2..])}:  udp {BinaryPrimitives.ReadUInt16BigEndian(l4[4..]) - 8}";
        if (firstFragment && protocol == Ipv4Header.ProtocolTcp && l4.Length >= 20)
            return $"{source}.{Port(l4)} > {destination}.{Port(l4[2..])}: {Tcp(l4, payloadLength)}";
        if (firstFragment && protocol == Ipv4Header.ProtocolIcmp && l4.Length >= 2)
            return $"{source} > {destination}: icmp: {Icmp(l4[0], l4[1])}";
        return $"{source} > {destination}:  ip-proto-{protocol}, length {payloadLength}";
    }

    private static ushort Port(ReadOnlySpan<byte> at) => BinaryPrimitives.ReadUInt16BigEndian(at);

    private static string Icmp(byte type, byte code) => type switch
    {
        0 => "echo reply",
        8 => "echo request",
        3 => $"unreachable code {code}",
        11 => "time exceeded in-transit",
        _ => $"type-#{type}",
    };

    /// <summary><c>S 1748733541:1748733541(0) ack 2239871010 win 8192</c>: flags, sequence range, ack, window.</summary>
    private static string Tcp(ReadOnlySpan<byte> tcp, int segmentLength)
    {
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]);
        var ack = BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]);
        var dataLength = Math.Max(0, segmentLength - (tcp[12] >> 4) * 4);
        var flags = tcp[13];
        var letters = string.Concat((flags & 0x02) != 0 ? "S" : "", (flags & 0x01) != 0 ? "F" : "", (flags & 0x04) != 0 ? "R" : "",
            (flags & 0x08) != 0 ? "P" : "");
        var text = letters.Length == 0 ? "." : letters;
        if (dataLength > 0 || (flags & 0x03) != 0)
            text += string.Create(CultureInfo.InvariantCulture, $" {sequence}:{sequence + (uint)dataLength}({dataLength})");
        if ((flags & 0x10) != 0) text += string.Create(CultureInfo.InvariantCulture, $" ack {ack}");
        return text + string.Create(CultureInfo.InvariantCulture, $" win {BinaryPrimitives.ReadUInt16BigEndian(tcp[14..])}");
    }
}
