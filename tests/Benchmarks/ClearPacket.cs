using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Benchmarks;

/// <summary>The clear packets the dataplane benchmarks send: IPv4 with a UDP protocol number, its header checksummed.</summary>
internal static class ClearPacket
{
    /// <summary>A <paramref name="size"/>-byte IPv4 packet (header and UDP payload) from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static byte[] Udp(Ipv4 source, Ipv4 destination, int size)
    {
        var packet = new byte[size];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)size);
        packet[8] = 64;
        packet[9] = Ipv4Header.ProtocolUdp;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source.Value);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination.Value);
        Ipv4Header.WriteChecksum(packet.AsSpan(0, Ipv4Header.MinLength));
        return packet;
    }
}
