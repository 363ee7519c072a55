using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AsaEmu.Interop;

/// <summary><c>show crypto ipsec sa</c> counts exactly the packets a real client sent and received through the tunnel.</summary>
[Collection(nameof(VpncTests))]
public class CounterTests
{
    private sealed record Counts(long Encaps, long Encrypt, long Digest, long Decaps, long Decrypt, long Verify, long SendErrors, long RecvErrors);

    private static Counts Read(string show)
    {
        long Number(string label)
        {
            var match = Regex.Match(show, $@"#{Regex.Escape(label)}: (\d+)");
            Assert.True(match.Success, $"no '{label}' in\n{show}");
            return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Counts(Number("pkts encaps"), Number("pkts encrypt"), Number("pkts digest"), Number("pkts decaps"),
            Number("pkts decrypt"), Number("pkts verify"), Number("send errors"), Number("recv errors"));
    }

    [KitFact]
    public void Show_crypto_ipsec_sa_counts_exactly_the_pings_that_crossed_the_tunnel()
    {
        const int Pings = 25;
        using var hub = new HubSession();
        using (var vpnc = ConnectedVpnc.Start(hub))
        {
            // The counting starts once the tunnel answers.
            vpnc.WaitForTraffic();
            var before = Read(hub.Show("show crypto ipsec sa"));

            var (_, output) = Probe.InNetns("cli", "ping", "-c", Pings.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "0.05", "-W", "2", "198.18.1.2");
            Assert.Contains($"{Pings} packets transmitted, {Pings} received", output);

            var after = Read(hub.Show("show crypto ipsec sa"));
            // Each echo request was decapsulated once, each reply encapsulated once; nothing else crossed.
            Assert.Equal(before with { Decaps = before.Decaps + Pings, Decrypt = before.Decrypt + Pings, Verify = before.Verify + Pings,
                Encaps = before.Encaps + Pings, Encrypt = before.Encrypt + Pings, Digest = before.Digest + Pings }, after);
            Assert.Equal(0, after.SendErrors + after.RecvErrors);

            // The same SA through the peer filter, with the error counters of detail, all zero.
            var detail = hub.Show("show crypto ipsec sa peer 198.18.0.2 detail");
            Assert.Equal(after, Read(detail));
            Assert.Contains("      #pkts invalid prot (rcv): 0, #pkts verify failed: 0", detail);
            Assert.Contains("      #pkts replay failed (rcv): 0", detail);
            Assert.Contains("There are no ipsec sas", hub.Show("show crypto ipsec sa peer 198.18.0.9"));
        }
    }
}
