using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AsaEmu.Interop;

/// <summary>
/// Packets too large for the tunnel between the real vpnc and the real asaemu: pings of 1600 bytes
/// from the client come back fragmented before encryption, pings with DF from the inside host get
/// ICMP fragmentation-needed with the size that fits, and <c>show crypto ipsec sa</c> counts both
/// until <c>clear crypto ipsec sa counters</c>.
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
        using var vpnc = hub.StartVpnc(new Dictionary<string, string> { ["DH"] = "dh2", ["NATT"] = "force-natt", ["PFS"] = "server" });
        try
        {
            Assert.True(Probe.WaitFor(() => hub.ScriptEnvironment.Contains("\nreason=connect\n"), TimeSpan.FromSeconds(20)),
                $"vpnc did not connect\n--- hub log ---\n{hub.HubLog}");
            Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-5-713120"), TimeSpan.FromSeconds(10)), hub.HubLog);
            // vpnc installs its SA a moment after it sends QM3: a small ping first, so every counted one can be answered.
            Assert.True(Probe.WaitFor(() => Probe.Ping("198.18.1.2", 56), TimeSpan.FromSeconds(10)), $"no answer through the tunnel\n{hub.HubLog}");

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
            var (code, output) = Probe.InNetns("lan", "ping", "-c", "3", "-W", "2", "-M", "do", "-s", "1472", "198.19.0.10");
            Assert.NotEqual(0, code);
            Assert.Equal(1422, Numbers(ReportedMtu(), output)[0]);
            show = hub.Show("show crypto ipsec sa");
            Assert.True(Numbers(PmtusSent(), show)[0] >= 1, show);
            // What fits goes through.
            Assert.Equal(0, Probe.InNetns("lan", "ping", "-c", "3", "-W", "2", "-M", "do", "-s", "1394", "198.19.0.10").Code);

            show = hub.Show("clear crypto ipsec sa counters", "show crypto ipsec sa");
            Assert.Contains("#pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0", show);
            Assert.Contains("#pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0", show);
            Assert.Contains("#PMTUs sent: 0,", show);
            Assert.Contains("current outbound spi:", show);
        }
        finally
        {
            HubSession.StopVpnc(vpnc);
        }
    }
}
