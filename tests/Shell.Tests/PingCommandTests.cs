namespace AsaEmu.Shell.Tests;

/// <summary><c>ping</c> sends real ICMP echoes; the loopback always answers.</summary>
public class PingCommandTests
{
    [Fact]
    public async Task Ping_reports_each_echo_and_the_success_rate()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var output = await h.Show("ping 127.0.0.1 repeat 3");

        Assert.Contains("Sending 3, 100-byte ICMP Echos to 127.0.0.1, timeout is 2 seconds:\r\n!!!\r\n", output);
        Assert.Matches(@"Success rate is 100 percent \(3/3\), round-trip min/avg/max = \d+/\d+/\d+ ms", output);
    }
}
