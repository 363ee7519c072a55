using System.Net;
using System.Net.Sockets;
using AsaEmu.Shell.Listeners;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>
/// Who reaches the telnet login, and what connections that never log in can hold: the
/// <c>telnet ADDR MASK IF</c> lines at accept, a limit of their own, and an accept loop that
/// waits out a shortage of descriptors.
/// </summary>
public sealed class TelnetAccessTests : CliTestBase
{
    private static readonly TelnetServerOptions Fast = new() { FailureDelay = TimeSpan.FromMilliseconds(20) };
    private static readonly IPAddress Idler = IPAddress.Parse("127.0.0.2");

    /// <summary>The inside interface owns 127.0.0.1: a listener there is on an interface.</summary>
    private const string InsideOnLoopback = """
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 127.0.0.1 255.0.0.0
        telnet 127.0.0.2 255.255.255.255 inside
        ssh 127.0.0.3 255.255.255.255 inside

        """;

    private static async Task<string> OpeningAsync(IPEndPoint server, string from)
    {
        using var client = await TelnetClient.ConnectAsync(server, IPAddress.Parse(from));
        await client.ReadToEndOrAsync("Password: ");
        return client.Commands.Count == 0 && client.Text == "" ? "(closed)" : client.Text.Trim();
    }

    [Fact]
    public async Task On_an_interface_address_only_sources_its_telnet_lines_permit_reach_the_login()
    {
        var log = new List<string>();
        await using var server = TelnetServer.Start(Boot(InsideOnLoopback), new IPEndPoint(IPAddress.Loopback, 0),
            Fast with { Log = line => { lock (log) log.Add(line); } });

        Assert.Equal("User Access Verification\r\n\r\nPassword:", await OpeningAsync(server.LocalEndPoint, "127.0.0.2"));
        // An ssh line is not a telnet line; no line at all admits nobody.
        Assert.Equal("(closed)", await OpeningAsync(server.LocalEndPoint, "127.0.0.3"));
        Assert.Equal("(closed)", await OpeningAsync(server.LocalEndPoint, "127.0.0.4"));
        lock (log)
            Assert.Contains(log, l => l.StartsWith("telnet 127.0.0.3:", StringComparison.Ordinal) && l.EndsWith($": refused, not permitted to 127.0.0.1:{server.LocalEndPoint.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_an_address_no_interface_has_the_listener_is_management_access_for_everyone()
    {
        // 127.0.0.5 is nobody's interface address: the lines of inside do not govern it.
        await using var server = TelnetServer.Start(Boot(InsideOnLoopback), new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0), Fast);

        Assert.Equal("User Access Verification\r\n\r\nPassword:", await OpeningAsync(server.LocalEndPoint, "127.0.0.4"));
    }

    [Fact]
    public async Task Idle_connections_at_the_login_prompt_do_not_keep_a_real_login_out()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0), Fast);
        var idle = new List<TelnetClient>();
        try
        {
            // Ten from one source, each waiting at the prompt: the source's share of 4 gets a prompt, the rest are closed.
            for (var i = 0; i < 10; i++)
                idle.Add(await TelnetClient.ConnectAsync(server.LocalEndPoint, Idler));
            foreach (var client in idle)
                await client.ReadToEndOrAsync("Password: ");
            Assert.Equal(4, idle.Count(c => c.Text.EndsWith("Password: ", StringComparison.Ordinal)));
            Assert.Equal(6, idle.Count(c => c.Text == ""));
            Assert.Equal(4, server.UnauthenticatedCount);

            // Five real logins take the five session places; the idle ones hold none.
            var admins = new List<TelnetClient>();
            try
            {
                for (var i = 0; i < 5; i++)
                {
                    var admin = await TelnetClient.ConnectAsync(server.LocalEndPoint);
                    admins.Add(admin);
                    await admin.ReadUntilAsync("Password: ");
                    await admin.SendAsync("cisco\r\n");
                    await admin.ReadUntilAsync("ciscoasa> ");
                }
                Assert.Equal(5, server.SessionCount);
                using var sixth = await TelnetClient.ConnectAsync(server.LocalEndPoint);
                await sixth.ReadToEndAsync();
                Assert.Equal("", sixth.Text);
            }
            finally
            {
                admins.ForEach(a => a.Dispose());
            }
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_connection_that_does_not_log_in_in_time_is_closed_and_gives_its_place_back()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0),
            Fast with { LoginTimeout = TimeSpan.FromMilliseconds(300), Startups = new StartupLimits(1, 100, 1, 1) });
        using (var idle = await TelnetClient.ConnectAsync(server.LocalEndPoint))
        {
            await idle.ReadUntilAsync("Password: ");
            using (var refused = await TelnetClient.ConnectAsync(server.LocalEndPoint))
            {
                await refused.ReadToEndAsync();
                Assert.Equal("", refused.Text);
            }
            await idle.ReadToEndAsync();
        }

        using var next = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await next.ReadUntilAsync("Password: ");
    }

    [Fact]
    public void The_defaults_are_thirty_seconds_to_log_in_and_a_limit_of_their_own()
    {
        var options = new TelnetServerOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.LoginTimeout);
        Assert.Equal(5, options.MaxSessions);
        Assert.Equal(new StartupLimits(5, 30, 20, 4), options.Startups);
    }

    [Fact]
    public async Task Accept_failing_for_want_of_descriptors_is_waited_out_not_spun_on()
    {
        var failures = 0;
        var pauses = new List<TimeSpan>();
        var log = new List<string>();
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0), Fast with
        {
            Accept = (listener, cancel) => Interlocked.Increment(ref failures) <= 3
                ? ValueTask.FromException<Socket>(new SocketException((int)SocketError.TooManyOpenSockets))
                : listener.AcceptSocketAsync(cancel),
            AcceptPause = (length, _) =>
            {
                lock (pauses) pauses.Add(length);
                return Task.CompletedTask;
            },
            Log = line => { lock (log) log.Add(line); },
        });

        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await client.ReadUntilAsync("Password: ");

        lock (pauses) Assert.Equal([50, 100, 200], pauses.Select(p => p.TotalMilliseconds));
        lock (log) Assert.Equal([$"telnet server listening on {server.LocalEndPoint}",
            "telnet accept failed (TooManyOpenSockets): pausing 50 ms", "telnet accept failed (TooManyOpenSockets): pausing 100 ms",
            "telnet accept failed (TooManyOpenSockets): pausing 200 ms"], log);
    }
}
