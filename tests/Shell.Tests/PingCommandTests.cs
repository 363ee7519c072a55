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

    /// <summary>
    /// <c>ping IF ADDR</c> sends from the interface's address: an interface on 127.0.0.2 pings the loopback,
    /// and the replies come back to 127.0.0.2, where the command's socket reads them.
    /// </summary>
    [Fact]
    public async Task Ping_from_an_interface_sends_from_its_address()
    {
        using var h = new ShowHarness("interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 127.0.0.2 255.0.0.0\n");
        using var capture = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Raw,
            System.Net.Sockets.ProtocolType.Icmp) { ReceiveTimeout = 10_000 };
        capture.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));

        var output = await h.Show("ping inside 127.0.0.1 repeat 2 size 64");

        Assert.Contains("Sending 2, 64-byte ICMP Echos to 127.0.0.1, timeout is 2 seconds:\r\n!!\r\n", output);
        // The replies were addressed to the interface's address: a socket bound there saw one.
        var buffer = new byte[1500];
        var n = capture.Receive(buffer);
        Assert.Equal(0, buffer[(buffer[0] & 0x0F) * 4]); // an echo reply
        Assert.Equal([127, 0, 0, 2], buffer[16..20]);
        Assert.True(n >= 64);
    }
}
