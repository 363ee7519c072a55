using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Capture;

public class PcapAndSummaryTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 27, 14, 43, 33, TimeSpan.Zero).AddTicks(1664210);

    [Fact]
    public void The_pcap_file_has_the_classic_header_and_one_record_per_packet()
    {
        var packet = CapturePackets.Echo("10.0.0.1", "10.0.0.2");
        var file = PcapWriter.Write([new CapturedPacket(At, 100, packet)], snapLength: 1518);
        Assert.Equal(24 + 16 + packet.Length, file.Length);
        Assert.Equal(Convert.FromHexString("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ee050000" + "65000000"), file[..24]);
        var record = file.AsSpan(24);
        Assert.Equal((uint)At.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt32LittleEndian(record));
        Assert.Equal(166421u, BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
        Assert.Equal((uint)packet.Length, BinaryPrimitives.ReadUInt32LittleEndian(record[8..]));
        Assert.Equal(100u, BinaryPrimitives.ReadUInt32LittleEndian(record[12..]));
        Assert.Equal(packet, record[16..].ToArray());
    }

    [Fact]
    public void Show_capture_prints_the_count_one_line_per_packet_and_the_count_shown()
    {
        var esp = new byte[156];
        Ipv4Synthesis.WriteIp(esp, Ipv4.Parse("198.18.0.2").Value, Ipv4.Parse("198.18.0.1").Value, Ipv4Header.ProtocolEsp, 136);
        var packets = new[]
        {
            CapturePackets.Echo("10.1.1.1", "10.2.2.2"),
            CapturePackets.Echo("10.2.2.2", "10.1.1.1", request: false),
            CapturePackets.Udp("198.18.0.2", 500, "198.18.0.1", 500, data: 356),
            CapturePackets.Tcp("10.1.1.1", 51000, "10.2.2.2", 80, 0x02, 1748733541),
            CapturePackets.Tcp("10.2.2.2", 80, "10.1.1.1", 51000, 0x12, 2239871009, 1748733542),
            CapturePackets.Tcp("10.1.1.1", 51000, "10.2.2.2", 80, 0x18, 1748733542, 2239871010, data: 10),
            esp,
        }.Select((p, i) => new CapturedPacket(At.AddSeconds(i), p.Length, p)).ToList();
        Assert.Equal(
            [
                "",
                "7 packets captured",
                "",
                "   1: 14:43:33.166421       10.1.1.1 > 10.2.2.2: icmp: echo request",
                "   2: 14:43:34.166421       10.2.2.2 > 10.1.1.1: icmp: echo reply",
                "   3: 14:43:35.166421       198.18.0.2.500 > 198.18.0.1.500:  udp 356",
                "   4: 14:43:36.166421       10.1.1.1.51000 > 10.2.2.2.80: S 1748733541:1748733541(0) win 8192",
                "   5: 14:43:37.166421       10.2.2.2.80 > 10.1.1.1.51000: S 2239871009:2239871009(0) ack 1748733542 win 8192",
                "   6: 14:43:38.166421       10.1.1.1.51000 > 10.2.2.2.80: P 1748733542:1748733552(10) ack 2239871010 win 8192",
                "   7: 14:43:39.166421       198.18.0.2 > 198.18.0.1:  ip-proto-50, length 136",
                "7 packets shown",
            ],
            PacketSummary.Lines(packets));
        Assert.Equal(["", "0 packets captured", "", "0 packets shown"], PacketSummary.Lines([]));
    }

    [Fact]
    public void A_truncated_or_non_ipv4_packet_is_described_without_failing()
    {
        Assert.Equal("[|ip] length 3", PacketSummary.Describe([1, 2, 3], 3));
        var cut = CapturePackets.Tcp("10.1.1.1", 1, "10.2.2.2", 2, 0x02, 1)[..30];
        Assert.Equal("10.1.1.1 > 10.2.2.2:  ip-proto-6, length 20", PacketSummary.Describe(cut, 40));
    }

    [Fact]
    public void The_decryption_tables_use_wiresharks_field_order_names_and_hex_keys()
    {
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAes, 256, EspKeySizes.HmacSha1), udp: false);
        var log = new SaKeyLog();
        log.Add(child);
        var k = child.Keys;
        Assert.Equal(
            $"\"IPv4\",\"198.18.0.2\",\"198.18.0.1\",\"0x00001001\",\"AES-CBC [RFC3602]\",\"0x{Convert.ToHexStringLower(k.Inbound.EncryptionKey)}\"," +
            $"\"HMAC-SHA-1-96 [RFC2404]\",\"0x{Convert.ToHexStringLower(k.Inbound.IntegrityKey)}\"\n" +
            $"\"IPv4\",\"198.18.0.1\",\"198.18.0.2\",\"0x00002001\",\"AES-CBC [RFC3602]\",\"0x{Convert.ToHexStringLower(k.Outbound.EncryptionKey)}\"," +
            $"\"HMAC-SHA-1-96 [RFC2404]\",\"0x{Convert.ToHexStringLower(k.Outbound.IntegrityKey)}\"\n",
            DecryptionTables.Esp(log.Esp));
        log.Add(new IkeSaKeys(0x0011223344556677UL, [0xde, 0xad, 0xbe, 0xef]));
        Assert.Equal("0011223344556677,deadbeef\n", DecryptionTables.Ike(log.Ike));

        Assert.Equal("TripleDES-CBC [RFC2451]", DecryptionTables.Encryption(TestSas.Transform(EspKeySizes.Esp3Des, null, null)));
        Assert.Equal("DES-CBC [RFC2405]", DecryptionTables.Encryption(TestSas.Transform(EspKeySizes.EspDes, null, null)));
        Assert.Equal("NULL", DecryptionTables.Encryption(TestSas.Transform(EspKeySizes.EspNull, null, EspKeySizes.HmacMd5)));
        Assert.Equal("HMAC-MD5-96 [RFC2403]", DecryptionTables.Authentication(TestSas.Transform(EspKeySizes.EspNull, null, EspKeySizes.HmacMd5)));
        Assert.Equal("NULL", DecryptionTables.Authentication(TestSas.Transform(EspKeySizes.EspAes, 128, null)));
    }

    [Fact]
    public void The_key_log_keeps_one_entry_per_sa_and_forgets_on_clear()
    {
        var log = new SaKeyLog();
        var child = TestSas.Child();
        log.Add(child);
        log.Add(child);
        Assert.Equal(2, log.Esp.Count);
        Assert.Equal(IPAddress.Parse("198.18.0.2"), log.Esp[0].Source);
        log.Clear();
        Assert.Empty(log.Esp);
    }
}
