using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AsaEmu.Interop;

/// <summary>
/// The small version of the scale target that CI runs: <c>asaemu loadgen</c> in netns cli brings up 100
/// EzVPN tunnels (aggressive mode, XAUTH, Mode Config, Quick Mode over NAT-T, each client from its own
/// UDP port) against the AsaEmu hub and keeps them for 30 s while the hub asks idle peers with DPD
/// every 10 s: all come up, none is lost, and the hub still holds all 100 near the end of the hold. Ten of
/// them (<c>--ping</c>) send ICMP echo requests through their ESP to the lan host, and replies come back
/// through each of the ten.
/// </summary>
[Collection(nameof(VpncTests))]
public partial class LoadgenTests(ITestOutputHelper output)
{
    private const int Tunnels = 100;
    private const int Pinging = 10;

    [KitFact]
    public void A_hundred_tunnels_come_up_and_stay_up_for_30_seconds_answering_dpd()
    {
        var config = HubSession.KitConfig.Replace("198.19.0.10-198.19.0.99", "198.19.0.10-198.19.0.250", StringComparison.Ordinal)
            + "\ngroup-policy EZ attributes\n vpn-simultaneous-logins 1000\ntunnel-group EZ ipsec-attributes\n isakmp keepalive threshold 10 retry 2\n";
        using var hub = new HubSession(config);
        var asaemu = Path.Combine(AppContext.BaseDirectory, "asaemu.dll");
        using var loadgen = Process.Start(new ProcessStartInfo("ip",
            ["netns", "exec", "cli", "dotnet", asaemu, "loadgen", "198.18.0.1", "--tunnels", $"{Tunnels}", "--hold", "30",
            "--ping", "198.18.1.2", "--ping-tunnels", $"{Pinging}", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = loadgen.StandardOutput.ReadToEndAsync();
        var stderr = loadgen.StandardError.ReadToEndAsync();
        try
        {
            var up = Probe.WaitFor(() => Active(hub) == Tunnels, TimeSpan.FromSeconds(90));
            Assert.True(up, $"the hub never held {Tunnels} tunnels (it has {Active(hub)})");
            // Two DPD rounds of the hub (threshold 10 s), each R-U-THERE answered: the hub's In Notifys, counted
            // from here (the notifies of the negotiations came before), rise by an R-U-THERE-ACK from every
            // tunnel twice before the hold of 30 s ends. Out Notifys would not do: the hub's resends to a
            // silent client count there too. The clients start no DPD of their own (loadgen's engine has no
            // tunnel-group, so no keepalive), so nothing else comes in as a notify. Every tunnel still up after.
            var acks = Probe.Counter(hub.Show("show crypto isakmp stats"), "In Notifys:");
            Assert.True(Probe.WaitFor(() => Probe.Counter(hub.Show("show crypto isakmp stats"), "In Notifys:") >= acks + 2 * Tunnels, TimeSpan.FromSeconds(28)),
                hub.Show("show crypto isakmp stats"));
            Assert.Equal(Tunnels, Active(hub));

            Assert.True(loadgen.WaitForExit(60_000), "loadgen did not end after its hold");
            output.WriteLine(stdout.Result);
            var report = JsonDocument.Parse(stdout.Result).RootElement;
            Assert.True(loadgen.ExitCode == 0, $"loadgen exited {loadgen.ExitCode}\n{stdout.Result}\n{stderr.Result}");
            Assert.Equal(Tunnels, report.GetProperty("up").GetInt32());
            Assert.Equal(0, report.GetProperty("failed").GetInt32());
            Assert.Equal(0, report.GetProperty("lost").GetInt32());
            Assert.True(report.GetProperty("setupMilliseconds").GetProperty("p99").GetDouble() > 0);
            var ping = report.GetProperty("ping");
            Assert.Equal((Pinging, Pinging), (ping.GetProperty("tunnels").GetInt32(), ping.GetProperty("tunnelsAnswered").GetInt32()));
            Assert.True(ping.GetProperty("answered").GetInt32() > 0);
            output.WriteLine($"echo replies by sequence: {ping.GetProperty("answeredBySequence")}");
            // At its end loadgen deleted its tunnels: the hub lets them go at once.
            Assert.True(Probe.WaitFor(() => Active(hub) == 0, TimeSpan.FromSeconds(20)), hub.Show("show crypto isakmp sa"));
        }
        finally
        {
            if (!loadgen.HasExited) loadgen.Kill(entireProcessTree: true);
        }
    }

    private static int Active(HubSession hub) => ActiveSa().Matches(hub.Show("show crypto isakmp sa")).Count;

    [GeneratedRegex(@"\bAM_ACTIVE\b")]
    private static partial Regex ActiveSa();
}
