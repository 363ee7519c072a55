using System.Buffers.Binary;
using System.Net;

namespace AsaEmu.Crypto.Tests.Captures;

/// <summary>One UDP datagram from a capture, with its addresses; for port 4500 the non-ESP marker is removed.</summary>
public sealed record CapturedDatagram(int Frame, IPEndPoint Source, IPEndPoint Destination, byte[] Payload, bool Esp);

/// <summary>
/// Reads the kit's captures: classic libpcap files (microsecond, little-endian), Ethernet link
/// type, IPv4 and UDP. Written for the fixtures, not for arbitrary captures.
/// </summary>
public static class PcapReader
{
    public static IReadOnlyList<CapturedDatagram> Udp(string path)
    {
        var data = File.ReadAllBytes(path);
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) != 0xa1b2c3d4) throw new InvalidDataException("not a little-endian libpcap file");
        if (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20)) != 1) throw new InvalidDataException("link type is not Ethernet");
        var result = new List<CapturedDatagram>();
        var at = 24;
        var frame = 0;
        while (at + 16 <= data.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 8));
            var packet = data.AsSpan(at + 16, length);
            at += 16 + length;
            frame++;
            // Ethernet (14) → IPv4 (IHL) → UDP (8).
            if (packet.Length < 14 + 20 || BinaryPrimitives.ReadUInt16BigEndian(packet[12..]) != 0x0800) continue;
            var ip = packet[14..];
            var ihl = (ip[0] & 0x0F) * 4;
            if (ip[9] != 17) continue;
            var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            var udp = ip[ihl..totalLength];
            var source = new IPEndPoint(new IPAddress(ip.Slice(12, 4)), BinaryPrimitives.ReadUInt16BigEndian(udp));
            var destination = new IPEndPoint(new IPAddress(ip.Slice(16, 4)), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]));
            var payload = udp[8..];
            var natT = source.Port == 4500 || destination.Port == 4500;
            if (natT && payload.Length == 1 && payload[0] == 0xFF) continue; // NAT keepalive (RFC 3948 §2.2)
            // RFC 3948 §2.2: on port 4500 IKE carries a 4-byte zero non-ESP marker; anything else is ESP.
            var esp = natT && (payload.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(payload) != 0);
            if (natT && !esp) payload = payload[4..];
            result.Add(new CapturedDatagram(frame, source, destination, payload.ToArray(), esp));
        }
        return result;
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "captures", name);
}
