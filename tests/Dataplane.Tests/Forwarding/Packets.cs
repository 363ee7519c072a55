using System.Buffers.Binary;

namespace AsaEmu.Dataplane.Tests.Forwarding;

internal static class Packets
{
    /// <summary>An IPv4/ICMP-ish packet from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static byte[] Ipv4(string source, string destination, int payload = 64, byte seed = 0)
    {
        var packet = new byte[20 + payload];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), AsaEmu.ConfigModel.Model.Ipv4.Parse(source).Value);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), AsaEmu.ConfigModel.Model.Ipv4.Parse(destination).Value);
        for (var i = 20; i < packet.Length; i++) packet[i] = (byte)(i + seed);
        return packet;
    }
}
