using System.Net;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;

namespace AsaEmu.Dataplane.Tests.Capture;

/// <summary>An exported capture of ESP opens decrypted in Wireshark with the table written beside it.</summary>
public class TsharkDecryptionTests
{
    [TsharkFact]
    public void Esp_in_udp_and_as_protocol_50_opens_decrypted_with_the_esp_sa_table()
    {
        var clock = new ManualClock();
        var hub = new CaptureHub(() => clock.Now);
        var capture = hub.Set("capout", new CaptureSettings([("outside", new CapturePoint.Outside(ConfigModel.Model.Ipv4.Parse("198.18.0.1").Value))],
            null, [], CaptureFilter.Everything));
        var local = new IPEndPoint(IPAddress.Parse("198.18.0.1"), 4500);

        foreach (var (n, udp, transform) in new[]
        {
            (1, true, TestSas.Transform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1)),
            (2, false, TestSas.Transform(EspKeySizes.Esp3Des, null, EspKeySizes.HmacMd5)),
            (3, true, TestSas.Transform(EspKeySizes.EspAes, 256, EspKeySizes.HmacSha1)),
        })
        {
            var client = $"198.19.0.{10 + n}";
            var child = TestSas.Child(n, client, transform, udp);
            hub.Keys.Add(child);
            using var sa = new IpsecSa(child);
            using var peer = new IpsecSa(TestSas.PeerView(child));
            var buffer = new byte[2048];
            // The client's echo request, as the socket would tap it before decapsulation.
            var length = peer.Encapsulate(CapturePackets.Echo(client, "198.18.1.2", sequence: (ushort)n), SystemRandom.Instance, buffer, 0, out _);
            var fromPeer = new IPEndPoint(IPAddress.Parse("198.18.0.2"), 4500);
            if (udp) hub.TapUdp(true, local, fromPeer, buffer.AsSpan(0, length));
            else Tap(hub, "198.18.0.2", "198.18.0.1", buffer.AsSpan(0, length));
            clock.Advance(TimeSpan.FromMilliseconds(3));
            // The answer, encapsulated by our SA and tapped as sent.
            length = sa.Encapsulate(CapturePackets.Echo("198.18.1.2", client, request: false, sequence: (ushort)n), SystemRandom.Instance, buffer, 0, out _);
            if (udp) hub.TapUdp(false, local, fromPeer, buffer.AsSpan(0, length));
            else hub.TapEspSent(local.Address, new IPEndPoint(IPAddress.Parse("198.18.0.2"), 0).Serialize(), buffer.AsSpan(0, length));
            clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        var pcap = Path.Combine(Path.GetTempPath(), $"asaemu-capture-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(pcap, PcapWriter.Write(capture.Packets));
        try
        {
            var output = Tshark.Read(pcap, new Dictionary<string, string> { [DecryptionTables.EspFile] = DecryptionTables.Esp(hub.Keys.Esp) },
                "-T", "fields", "-e", "ip.src", "-e", "ip.dst", "-e", "esp.spi", "-e", "icmp.type", "-e", "icmp.seq", "-e", "esp.icv_good");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 6, output);
            // The outer then the inner addresses, the SPI, the ICMP of the decrypted packet, and a verified ICV.
            Assert.StartsWith("198.18.0.2,198.19.0.11\t198.18.0.1,198.18.1.2\t0x00001001\t8\t1\t", lines[0]);
            Assert.StartsWith("198.18.0.1,198.18.1.2\t198.18.0.2,198.19.0.11\t0x00002001\t0\t1\t", lines[1]);
            Assert.StartsWith("198.18.0.2,198.19.0.12\t198.18.0.1,198.18.1.2\t0x00001002\t8\t2\t", lines[2]);
            Assert.StartsWith("198.18.0.1,198.18.1.2\t198.18.0.2,198.19.0.12\t0x00002002\t0\t2\t", lines[3]);
            Assert.StartsWith("198.18.0.2,198.19.0.13\t198.18.0.1,198.18.1.2\t0x00001003\t8\t3\t", lines[4]);
            Assert.All(lines, line => Assert.EndsWith("\t1", line));
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    /// <summary>ESP as IP protocol 50 as the raw socket receives it: its IPv4 header included.</summary>
    private static void Tap(CaptureHub hub, string source, string destination, ReadOnlySpan<byte> esp)
    {
        var packet = new byte[20 + esp.Length];
        Ipv4Synthesis.WriteIp(packet, ConfigModel.Model.Ipv4.Parse(source).Value, ConfigModel.Model.Ipv4.Parse(destination).Value, Ipv4Header.ProtocolEsp, esp.Length);
        esp.CopyTo(packet.AsSpan(20));
        hub.TapOutside(packet);
    }
}
