using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Capture;

/// <summary>Real IPv4 packets (ICMP echo, UDP, TCP) for the capture tests.</summary>
internal static class CapturePackets
{
    private static uint A(string address) => Ipv4.Parse(address).Value;

    /// <summary>An ICMP echo request (type 8) or reply (type 0) with a correct ICMP checksum.</summary>
    public static byte[] Echo(string source, string destination, bool request = true, ushort id = 0x1234, ushort sequence = 1, int data = 32)
    {
        var packet = new byte[20 + 8 + data];
        Ipv4Synthesis.WriteIp(packet, A(source), A(destination), Ipv4Header.ProtocolIcmp, 8 + data);
        var icmp = packet.AsSpan(20);
        icmp[0] = request ? (byte)8 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], id);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        for (var i = 8; i < icmp.Length; i++) icmp[i] = (byte)i;
        uint sum = 0;
        for (var i = 0; i + 1 < icmp.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(icmp[i..]);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], (ushort)~sum);
        return packet;
    }

    public static byte[] Udp(string source, ushort sourcePort, string destination, ushort destinationPort, int data = 16)
    {
        var packet = new byte[28 + data];
        Ipv4Synthesis.WriteUdp(packet, A(source), sourcePort, A(destination), destinationPort, data);
        return packet;
    }

    /// <summary>A TCP segment: 20-byte header, the given flags (0x02 SYN, 0x10 ACK, 0x18 PSH+ACK), sequence, ack, window 8192.</summary>
    public static byte[] Tcp(string source, ushort sourcePort, string destination, ushort destinationPort, byte flags, uint sequence, uint ack = 0, int data = 0)
    {
        var packet = new byte[40 + data];
        Ipv4Synthesis.WriteIp(packet, A(source), A(destination), Ipv4Header.ProtocolTcp, 20 + data);
        var tcp = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 8192);
        return packet;
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 14, 43, 33, TimeSpan.Zero);
    public void Advance(TimeSpan by) => Now += by;
}
