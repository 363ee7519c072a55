using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace AsaEmu.Interop;

/// <summary>
/// Bulk TCP through the tunnel: iperf3 for 10 s from netns cli to the lan host (198.18.1.2) through
/// vpnc and AsaEmu's ESP dataplane. It must run to the end without an error and move data; the rate
/// is printed (on a shared 2-core machine it is no fixed figure: see tests/Benchmarks/RESULTS.md).
/// </summary>
[Collection(nameof(VpncTests))]
public class ThroughputTests(ITestOutputHelper output)
{
    [KitFact]
    public void Iperf3_tcp_runs_10_seconds_through_the_tunnel_without_errors()
    {
        if (!File.Exists("/usr/bin/iperf3")) Assert.Fail("needs iperf3: run tests/Interop/kit/install.sh");
        using var hub = new HubSession();
        using var server = Iperf3Server.Start("lan", "198.18.1.2");
        using var vpnc = ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["VPNC_DEBUG"] = "1" });
        // The wrapper logs before vpnc-script has set the routes: a first answer before the run.
        vpnc.WaitForTraffic();

        using var client = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", "cli", "iperf3", "-c", "198.18.1.2", "-t", "10", "-O", "1", "-J"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = client.StandardError.ReadToEndAsync();
        var json = client.StandardOutput.ReadToEnd();
        Assert.True(client.WaitForExit(60_000), "iperf3 did not finish");
        Assert.True(client.ExitCode == 0, $"iperf3 exited with {client.ExitCode}\n{json}\n{stderr.Result}\n{hub.HubLog}");

        using var result = JsonDocument.Parse(json);
        Assert.False(result.RootElement.TryGetProperty("error", out var error), $"iperf3: {error}");
        var end = result.RootElement.GetProperty("end");
        var sent = end.GetProperty("sum_sent");
        var received = end.GetProperty("sum_received");
        var bitsPerSecond = received.GetProperty("bits_per_second").GetDouble();
        var seconds = received.GetProperty("seconds").GetDouble();
        var retransmits = sent.TryGetProperty("retransmits", out var r) ? r.GetInt64() : -1;
        output.WriteLine($"iperf3 TCP through the tunnel: {bitsPerSecond / 1e6:F1} Mbit/s received over {seconds:F1} s, {retransmits} retransmits");
        Assert.True(seconds >= 9.5, $"the run lasted {seconds} s");
        Assert.True(bitsPerSecond > 0, "no data crossed the tunnel");
        Assert.True(received.GetProperty("bytes").GetInt64() > 0);
        Assert.DoesNotContain("failed authentication", hub.HubLog);
    }
}
