using System.Buffers.Binary;

namespace AsaEmu.Crypto.Tests.Keying;

/// <summary>A UDP datagram from a capture: ports and payload (the non-ESP marker already removed on port 4500).</summary>
internal sealed record UdpDatagram(ushort SourcePort, ushort DestinationPort, byte[] Payload);

/// <summary>Just enough libpcap reading for the fixtures: IPv4/UDP over Ethernet, Linux cooked or raw IP.</summary>
internal static class Pcap
{
    /// <summary>The ISAKMP datagrams of a capture, in order: UDP 500, and UDP 4500 behind the 4-byte zero marker.</summary>
    public static List<UdpDatagram> IsakmpDatagrams(string path)
    {
        var data = File.ReadAllBytes(path);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var little = magic is 0xA1B2C3D4 or 0xA1B23C4D;
        if (!little && magic is not (0xD4C3B2A1 or 0x4D3CB2A1))
        {
            throw new InvalidDataException("not a libpcap file");
        }

        uint Read32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
        var linkType = Read32(20);
        var result = new List<UdpDatagram>();
        for (var offset = 24; offset + 16 <= data.Length;)
        {
            var captured = (int)Read32(offset + 8);
            var frame = data.AsSpan(offset + 16, captured);
            offset += 16 + captured;
            var ip = linkType switch
            {
                1 => frame[14..],
                113 => frame[16..],
                276 => frame[20..],
                101 => frame,
                _ => throw new InvalidDataException($"link type {linkType}"),
            };
            if (ip[0] >> 4 != 4 || ip[9] != 17)
            {
                continue;
            }

            var udp = ip[((ip[0] & 0xF) * 4)..];
            var sport = BinaryPrimitives.ReadUInt16BigEndian(udp);
            var dport = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
            var payload = udp[8..BinaryPrimitives.ReadUInt16BigEndian(udp[4..])];
            if (sport == 4500 || dport == 4500)
            {
                if (payload.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(payload) != 0)
                {
                    continue; // ESP in UDP or a NAT-T keepalive
                }

                payload = payload[4..];
            }
            else if (sport != 500 && dport != 500)
            {
                continue;
            }

            result.Add(new UdpDatagram(sport, dport, payload.ToArray()));
        }

        return result;
    }
}
