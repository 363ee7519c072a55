using System.Net;
using AsaEmu.Crypto.Keying;
using AsaEmu.Crypto.Radius;
using AsaEmu.Crypto.Tests.Radius;
using AsaEmu.Dataplane.Aaa;
using AsaEmu.Dataplane.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// <c>test aaa-server authentication</c>, <c>show aaa-server</c>, <c>clear aaa-server statistics</c> and
/// <c>debug radius</c> on a session, the appliance's AAA service talking to an in-process RADIUS server
/// over the in-memory transport.
/// </summary>
public sealed class AaaServerCommandTests : IAsyncDisposable
{
    private const string Config = ShowHarness.Config
        + "aaa-server RAD protocol radius\n"
        + "aaa-server RAD (inside) host 192.168.1.20\n key radsecret\n authentication-port 1812\n accounting-port 1813\n timeout 3\n"
        + "aaa-server RAD (inside) host 192.168.1.21\n key radsecret\n timeout 2\n retry-interval 1\n";

    private static readonly IPEndPoint Server = new(IPAddress.Parse("192.168.1.20"), 1812);

    private readonly ShowHarness _harness = new(Config);
    private readonly FakeRadiusTransport _transport = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly AaaService _aaa;
    private readonly TestRadiusServer _radius = new("radsecret")
    {
        Users = { ["radfixed"] = ("radpw", [RadiusAttribute.Address(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("198.19.0.77")),
            RadiusAttribute.Text(RadiusAttributeType.Class, "OU=OTHER;")]) },
    };

    public AaaServerCommandTests()
    {
        var appliance = _harness.Appliance;
        _aaa = appliance.Aaa = new AaaService(() => appliance.Config, appliance.Events, SystemRandom.Instance, _clock, _transport, appliance.LocalUsers);
        _transport.Serve(Server, _radius);
    }

    public async ValueTask DisposeAsync()
    {
        await _aaa.DisposeAsync();
        _harness.Dispose();
    }

    [Fact]
    public async Task A_test_with_every_argument_prints_the_asa_lines_for_an_accept_and_a_reject()
    {
        var accept = await _harness.Show("test aaa-server authentication RAD host 192.168.1.20 username radfixed password radpw");
        var reject = await _harness.Show("test aaa-server authentication RAD host 192.168.1.20 username radfixed password wrong");

        Assert.Equal("INFO: Attempting Authentication test to IP address <192.168.1.20> (timeout: 5 seconds)\r\nINFO: Authentication Successful\r\n", accept);
        Assert.Equal("INFO: Attempting Authentication test to IP address <192.168.1.20> (timeout: 5 seconds)\r\nERROR: Authentication Rejected: AAA failure\r\n", reject);
        Assert.Equal("radpw", _radius.Requests[0].Password);
    }

    [Fact]
    public async Task The_interactive_form_asks_for_what_the_line_did_not_give_and_hides_the_password()
    {
        var (monitor, terminal) = await _harness.Open();
        using (monitor)
        {
            terminal.Type("192.168.1.20", "radfixed", "radpw");
            var output = await ShowHarness.Run(monitor, terminal, "test aaa authentication RAD");

            // The harness's terminal does not echo what is typed: the prompts follow each other.
            Assert.Equal("Server IP Address or name: Username: Password: "
                + "INFO: Attempting Authentication test to IP address <192.168.1.20> (timeout: 5 seconds)\r\nINFO: Authentication Successful\r\n", output);
        }
    }

    [Fact]
    public async Task A_server_that_does_not_answer_gets_the_asa_error_and_is_failed_after_max_failed_attempts()
    {
        var (monitor, terminal) = await _harness.Open();
        using (monitor)
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var run = ShowHarness.Run(monitor, terminal, "test aaa-server authentication RAD host 192.168.1.21 username radfixed password radpw");
                await _transport.NextSentAsync();
                _clock.Advance(TimeSpan.FromSeconds(1));
                await _transport.NextSentAsync();
                _clock.Advance(TimeSpan.FromSeconds(1));
                Assert.EndsWith("ERROR: Authentication Server not responding: No error\r\n", await run);
            }
            var removed = await ShowHarness.Run(monitor, terminal, "test aaa-server authentication RAD host 192.168.1.21 username radfixed password radpw");
            Assert.EndsWith("ERROR: Authentication Server not responding: AAA Server has been removed\r\n", removed);

            var show = await ShowHarness.Run(monitor, terminal, "show aaa-server RAD host 192.168.1.21");
            Assert.StartsWith("Server Group:\t RAD\r\nServer Protocol: radius\r\nServer Address:\t 192.168.1.21\r\n"
                + "Server port:\t 1645(authentication), 1646(accounting)\r\nServer status:\t FAILED, Server disabled at 09:30:06 UTC Mon Nov 2 2026\r\n", show);
            Assert.Contains("Number of timeouts\t\t\t3\r\n", show);
            Assert.Contains("Number of retransmissions\t\t3\r\n", show);
            var log = await ShowHarness.Run(monitor, terminal, "show logging");
            Assert.Contains("%ASA-2-113022: AAA Marking RADIUS server 192.168.1.21 in aaa-server group RAD as FAILED", log);
        }
    }

    [Fact]
    public async Task Show_aaa_server_prints_local_first_then_each_server_in_the_asa_layout_and_clear_zeroes_it()
    {
        await _harness.Show("test aaa-server authentication RAD host 192.168.1.20 username radfixed password radpw");

        var (monitor, terminal) = await _harness.Open();
        using (monitor)
        {
            var show = await ShowHarness.Run(monitor, terminal, "show aaa-server");
            var blocks = show.Split("\r\n\r\n");
            Assert.Equal(3, blocks.Length);
            Assert.StartsWith("Server Group:\t LOCAL\r\nServer Protocol: Local database\r\nServer Address:\t None\r\nServer port:\t None\r\n", blocks[0]);
            Assert.Equal(string.Join("\r\n",
                "Server Group:\t RAD",
                "Server Protocol: radius",
                "Server Address:\t 192.168.1.20",
                "Server port:\t 1812(authentication), 1813(accounting)",
                "Server status:\t ACTIVE, Last transaction at 09:30:00 UTC Mon Nov 2 2026",
                "Number of pending requests\t\t0",
                "Average round trip time\t\t\t0ms",
                "Number of authentication requests\t1",
                "Number of authorization requests\t0",
                "Number of accounting requests\t\t0",
                "Number of retransmissions\t\t0",
                "Number of accepts\t\t\t1",
                "Number of rejects\t\t\t0",
                "Number of challenges\t\t\t0",
                "Number of malformed responses\t\t0",
                "Number of bad authenticators\t\t0",
                "Number of timeouts\t\t\t0",
                "Number of unrecognized responses\t0"), blocks[1]);

            await ShowHarness.Run(monitor, terminal, "clear aaa-server statistics RAD");
            Assert.Contains("Number of accepts\t\t\t0", await ShowHarness.Run(monitor, terminal, "show aaa-server RAD"));
        }
    }

    [Fact]
    public async Task Debug_radius_shows_the_packets_with_the_accept_attributes_and_show_debug_lists_it()
    {
        var (monitor, terminal) = await _harness.Open();
        using (monitor)
        {
            await ShowHarness.Run(monitor, terminal, "debug radius all");
            Assert.Equal("debug radius all\r\n", await ShowHarness.Run(monitor, terminal, "show debug"));
            await ShowHarness.Run(monitor, terminal, "test aaa-server authentication RAD host 192.168.1.20 username radfixed password radpw");
            await monitor.WaitIdleAsync();

            var output = terminal.Output;
            Assert.Contains("RADIUS packet decode (authentication request)", output);
            Assert.Contains("Radius: Type = 80 (0x50) Message-Authenticator", output);
            Assert.Contains("RADIUS packet decode (response)", output);
            Assert.Contains("Radius: Type = 8 (0x08) Framed-IP-Address\r\nRadius: Length = 6 (0x06)\r\nRadius: Value (IP Address) = 198.19.0.77 (0xC613004D)", output);
            Assert.Contains("Radius: Type = 25 (0x19) Class", output);
            Assert.Contains("|  OU=OTHER;", output);
            Assert.Contains("rad_procpkt: ACCEPT", output);
            Assert.DoesNotContain("radsecret", output);

            await ShowHarness.Run(monitor, terminal, "no debug radius");
            Assert.Equal("", await ShowHarness.Run(monitor, terminal, "show debug"));
        }
    }

    [Fact]
    public async Task The_accept_is_logged_as_113004_and_the_typed_password_never_reaches_the_log()
    {
        await _harness.Show("test aaa-server authentication RAD host 192.168.1.20 username radfixed password radpw");

        var log = await _harness.Show("show logging");

        Assert.Contains("%ASA-6-113004: AAA user authentication Successful : server = 192.168.1.20 : user = radfixed", log);
        Assert.Contains("executed the 'test aaa-server authentication RAD host 192.168.1.20 username radfixed password *****' command", log);
        Assert.DoesNotContain("radpw", log);
    }

    [Theory]
    [InlineData("test aaa-server authentication NONE host 1.2.3.4 username u password p", "ERROR: aaa-server group NONE does not exist\r\n")]
    [InlineData("test aaa-server authentication RAD host 1.2.3.4 username u password p", "ERROR: Server 1.2.3.4 is not a member of server group RAD\r\n")]
    public async Task A_test_that_cannot_be_made_says_why(string command, string output)
    {
        Assert.Equal(output, await _harness.Show(command));
    }

    [Fact]
    public async Task Show_running_config_aaa_server_masks_the_keys()
    {
        var output = await _harness.Show("show running-config aaa-server");

        Assert.Equal("aaa-server RAD protocol radius\r\naaa-server RAD (inside) host 192.168.1.20\r\n timeout 3\r\n key *****\r\n"
            + " authentication-port 1812\r\n accounting-port 1813\r\naaa-server RAD (inside) host 192.168.1.21\r\n timeout 2\r\n retry-interval 1\r\n key *****\r\n", output);
    }
}
