using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AsaEmu.Interop;

/// <summary>
/// Packets too large for the tunnel between the real vpnc and the real asaemu: pings of 1600 bytes
/// from the client come back fragmented before encryption, pings with DF from the inside host get
/// ICMP fragmentation-needed with the size that fits, and <c>show crypto ipsec sa</c> counts both
/// until <c>clear crypto ipsec sa counters</c>; an ICMP fragmentation-needed from the outside lowers
/// the SA's path MTU.
/// </summary>
[Collection(nameof(VpncTests))]
public partial class FragmentationInteropTests
{
    [GeneratedRegex(@"#pre-frag successes: (\d+), #pre-frag failures: (\d+), #fragments created: (\d+)")]
    private static partial Regex PreFrag();

    [GeneratedRegex(@"#PMTUs sent: (\d+)")]
    private static partial Regex PmtusSent();

    [GeneratedRegex(@"mtu ?= ?(\d+)")]
    private static partial Regex ReportedMtu();

    private static long[] Numbers(Regex regex, string text)
    {
        var match = regex.Match(text);
        Assert.True(match.Success, $"no {regex} in\n{text}");
        return [.. match.Groups.Values.Skip(1).Select(g => long.Parse(g.Value, CultureInfo.InvariantCulture))];
    }

    [KitFact]
    public void Oversize_pings_are_fragmented_before_encryption_and_df_pings_get_fragmentation_needed()
    {
        using var hub = new HubSession();
        // NAT-T forced: ESP in UDP, so the largest clear packet is 1500 - 20 - 8 - 8 - 16 - 12 = 1436, down to 16-byte blocks, less 2.
        using (var vpnc = ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["DH"] = "dh2", ["NATT"] = "force-natt", ["PFS"] = "server" }))
        {
            // A small ping first, so every counted one can be answered.
            vpnc.WaitForTraffic();

            // 1628-byte echo replies leave the inside host in fragments of up to 1500 bytes (DF clear);
            // those larger than 1422 are fragmented again before encryption.
            Assert.True(Probe.Ping("198.18.1.2", 1600), $"no answer to 1600-byte pings\n{hub.HubLog}");
            var show = hub.Show("show crypto ipsec sa");
            var preFrag = Numbers(PreFrag(), show);
            Assert.True(preFrag[0] >= 3, show);
            Assert.Equal(0, preFrag[1]);
            Assert.True(preFrag[2] >= 2 * preFrag[0], show);
            Assert.Contains("DF policy: copy-df", show);

            // From the inside with DF set: 1500-byte packets do not fit, the sender learns 1422.
            var (code, output) = Probe.InNetns("lan", "ping", "-c", "3", "-i", "0.2", "-W", "2", "-M", "do", "-s", "1472", "198.19.0.10");
            Assert.NotEqual(0, code);
            Assert.Equal(1422, Numbers(ReportedMtu(), output)[0]);
            show = hub.Show("show crypto ipsec sa");
            Assert.True(Numbers(PmtusSent(), show)[0] >= 1, show);
            // What fits goes through.
            Assert.Equal(0, Probe.InNetns("lan", "ping", "-c", "3", "-i", "0.2", "-W", "2", "-M", "do", "-s", "1394", "198.19.0.10").Code);

            show = hub.Show("clear crypto ipsec sa counters", "show crypto ipsec sa");
            Assert.Contains("#pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0", show);
            Assert.Contains("#pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0", show);
            Assert.Contains("#PMTUs sent: 0,", show);
            Assert.Contains("current outbound spi:", show);
        }
    }
    [GeneratedRegex(@"current outbound spi: ([0-9A-F]{8})")]
    private static partial Regex OutboundSpi();

    [GeneratedRegex(@"remote crypto endpt\.: [0-9.]+/(\d+)")]
    private static partial Regex RemotePort();

    /// <summary>
    /// Sends, from netns cli, the ICMP fragmentation-needed (RFC 1191) a router with a 1200-byte link
    /// would send the hub about one of its ESP packets: IPv4 header, then the quoted packet (IPv4
    /// header from 198.18.0.1 to the client, UDP 4500 to the client's port under NAT-T, SPI, sequence).
    /// </summary>
    private const string FragmentationNeededScript = """
        import socket, struct, sys
        spi, mtu, port = int(sys.argv[1], 16), int(sys.argv[2]), int(sys.argv[3])
        def checksum(b):
            total = sum(struct.unpack('!%dH' % (len(b) // 2), b))
            total = (total >> 16) + (total & 0xFFFF)
            return ~(total + (total >> 16)) & 0xFFFF
        # The packet quoted was 1400 bytes long; the quote is its start.
        quoted = (struct.pack('!HHHH', 4500, port, 1380, 0) if port else b'') + struct.pack('!II', spi, 7)
        header = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 1400, 1, 0x4000, 64, 17 if port else 50, 0,
                             socket.inet_aton('198.18.0.1'), socket.inet_aton('198.18.0.2'))
        icmp = struct.pack('!BBHHH', 3, 4, 0, 0, mtu) + header + quoted
        icmp = icmp[:2] + struct.pack('!H', checksum(icmp)) + icmp[4:]
        socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).sendto(icmp, ('198.18.0.1', 0))
        """;

    [KitTheory]
    [InlineData("force-natt")]
    [InlineData("none")]
    public void A_fragmentation_needed_from_the_outside_lowers_the_sas_path_mtu(string natt)
    {
        // set-df: the hub's ESP carries DF, so a router that cannot forward it answers with ICMP.
        using var hub = new HubSession(HubSession.KitConfig + "\ncrypto ipsec df-bit set-df outside\n");
        using (var vpnc = ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["DH"] = "dh2", ["NATT"] = natt, ["PFS"] = "server" }))
        {
            vpnc.WaitForTraffic();
            var show = hub.Show("show crypto ipsec sa");
            Assert.Contains("path mtu 1500, ipsec overhead", show);
            var spi = OutboundSpi().Match(show).Groups[1].Value;
            var port = RemotePort().Match(show).Groups[1].Value;
            Assert.Equal(natt == "none" ? "0" : "4500", port);

            var (code, output) = Probe.InNetns("cli", "python3", "-c", FragmentationNeededScript, spi, "1200", port);
            Assert.True(code == 0, output);
            Assert.True(Probe.WaitFor(() => hub.Show("show crypto ipsec sa").Contains("#PMTUs rcvd: 1,"), TimeSpan.FromSeconds(5)),
                hub.Show("show crypto ipsec sa"));
            show = hub.Show("show crypto ipsec sa");
            Assert.Contains("path mtu 1200, ipsec overhead", show);
            Assert.Contains("media mtu 1500", show);
            Assert.Contains("DF policy: set-df", show);

            // 1328-byte echo replies no longer fit whole: fragmented before encryption into ESP packets that pass the 1200-byte link.
            var before = Numbers(PreFrag(), show)[0];
            Assert.True(Probe.Ping("198.18.1.2", 1300), $"no answer to 1300-byte pings\n{hub.HubLog}");
            show = hub.Show("show crypto ipsec sa");
            Assert.True(Numbers(PreFrag(), show)[0] >= before + 3, show);
            Assert.Contains("#send errors: 0,", show);
        }
    }
}
