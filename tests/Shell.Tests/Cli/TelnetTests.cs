using System.Net;
using System.Net.Sockets;
using System.Text;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>The telnet listener on 127.0.0.1, driven by a small telnet client.</summary>
public class TelnetTests : CliTestBase
{
    private static readonly TelnetServerOptions Fast = new() { FailureDelay = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task The_server_negotiates_then_asks_for_the_passwd_and_runs_a_session()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0), Fast);
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);

        await client.ReadUntilAsync("Password: ");
        Assert.Equal([TelnetStream.Iac, TelnetStream.Will, 1, TelnetStream.Iac, TelnetStream.Will, 3, TelnetStream.Iac, TelnetStream.Do, 31],
            client.Commands.Take(9));
        Assert.Contains("\r\nUser Access Verification\r\n\r\n", client.Text);

        // The client agrees, reports its window, and offers an option the server refuses.
        await client.SendRawAsync([TelnetStream.Iac, TelnetStream.Do, 1, TelnetStream.Iac, TelnetStream.Do, 3, TelnetStream.Iac, TelnetStream.Will, 31,
            TelnetStream.Iac, TelnetStream.Sb, 31, 0, 132, 0, 40, TelnetStream.Iac, TelnetStream.Se, TelnetStream.Iac, TelnetStream.Will, 24]);
        await client.SendAsync("cisco\r\0");
        await client.ReadUntilAsync("ciscoasa> ");
        Assert.Contains("Password: *****\r\nType help or '?' for a list of available commands.\r\nciscoasa> ", client.Text);
        Assert.Equal([TelnetStream.Iac, TelnetStream.Dont, 24], client.Commands.Skip(9).Take(3));

        await client.SendAsync("show curpriv\r\n");
        await client.ReadUntilAsync("P_UNPR\r\nciscoasa> ");
        Assert.Contains("ciscoasa> show curpriv\r\nUsername : enable_1\r\n", client.Text);

        await client.SendAsync("exit\r\n");
        await client.ReadToEndAsync();
        Assert.EndsWith("ciscoasa> exit\r\n\r\nLogoff\r\n\r\n", client.Text);
    }

    [Fact]
    public async Task Three_wrong_passwords_close_the_connection_after_growing_delays()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0),
            new TelnetServerOptions { FailureDelay = TimeSpan.FromMilliseconds(150) });
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await client.ReadUntilAsync("Password: ");

        foreach (var wrong in new[] { "a", "b", "c" })
        {
            await client.SendAsync(wrong + "\r\n");
            await client.ReadUntilAsync(wrong == "c" ? "Login failed\r\n" : "Invalid password\r\nPassword: ");
        }
        await client.ReadToEndAsync();

        // The waits are the appliance's clock's (a fake one here: they pass at once and are noted).
        Assert.Equal([TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(450)], Clock.Delays);
        Assert.EndsWith("Password: *\r\nInvalid password\r\nPassword: *\r\nInvalid password\r\nPassword: *\r\nLogin failed\r\n", client.Text);
    }

    [Fact]
    public async Task With_aaa_local_the_login_asks_for_a_username()
    {
        var appliance = Boot("passwd other\naaa authentication telnet console LOCAL\nusername admin password s3cret privilege 15\n");
        await using var server = TelnetServer.Start(appliance, new IPEndPoint(IPAddress.Loopback, 0), Fast);
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);

        await client.ReadUntilAsync("Username: ");
        await client.SendAsync("admin\r\n");
        await client.ReadUntilAsync("Password: ");
        await client.SendAsync("cisco\r\n");
        await client.ReadUntilAsync("Invalid password\r\nUsername: ");
        await client.SendAsync("admin\r\ns3cret\r\n");
        await client.ReadUntilAsync("ciscoasa> ");
        await client.SendAsync("show curpriv\r\nenable\r\n\r\nshow curpriv\r\n");
        await client.ReadUntilAsync("P_PRIV\r\nciscoasa# ");

        Assert.Contains("Username: admin\r\nPassword: ******\r\nType help", client.Text);
        Assert.Contains("ciscoasa> show curpriv\r\nUsername : admin\r\nCurrent privilege level : 1\r\n", client.Text);
    }

    [Fact]
    public async Task A_one_megabyte_line_does_not_kill_the_server()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0), Fast);
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await client.ReadUntilAsync("Password: ");
        await client.SendAsync("cisco\r\n");
        await client.ReadUntilAsync("ciscoasa> ");

        var huge = new byte[1024 * 1024];
        Array.Fill(huge, (byte)'x');
        for (var i = 1000; i < huge.Length; i += 1000) huge[i] = TelnetStream.Iac;
        await client.SendRawAsync(huge);
        await client.SendAsync("\r\nshow hostname\r\n");
        await client.ReadUntilAsync("ciscoasa> show hostname\r\nciscoasa\r\nciscoasa> ");
        Assert.Contains("ERROR: % Invalid input detected at '^' marker.", client.Text);

        using var second = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await second.ReadUntilAsync("Password: ");
    }

    [Fact]
    public async Task The_pager_is_on_for_telnet_sessions()
    {
        await using var server = TelnetServer.Start(Boot("pager lines 4\n"), new IPEndPoint(IPAddress.Loopback, 0), Fast);
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await client.ReadUntilAsync("Password: ");
        await client.SendAsync("cisco\r\nshow version\r\n");
        await client.ReadUntilAsync("<--- More --->");
        await client.SendAsync("q");
        await client.ReadUntilAsync("<--- More --->\r              \rciscoasa> ");
    }

    [Fact]
    public async Task A_telnet_session_shows_syslog_lines_only_after_terminal_monitor()
    {
        await using var server = TelnetServer.Start(Boot("logging enable\nlogging monitor debugging\n"), new IPEndPoint(IPAddress.Loopback, 0), Fast);
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await client.ReadUntilAsync("Password: ");
        await client.SendAsync("cisco\r\nenable\r\n\r\nconfigure terminal\r\nend\r\n");
        await client.ReadUntilAsync("(config)# end\r\nciscoasa# ");
        Assert.DoesNotContain("111008", client.Text);

        await client.SendAsync("terminal monitor\r\nconfigure terminal\r\n");
        await client.ReadUntilAsync("executed the 'configure terminal' command.");
        Assert.Contains("%ASA-5-111008: User 'enable_15' executed the 'configure terminal' command.", client.Text);
    }

    [Fact]
    public async Task An_idle_session_is_closed()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0),
            Fast with { IdleTimeout = TimeSpan.FromSeconds(1.5) });
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await client.ReadUntilAsync("Password: ");
        await client.SendAsync("cisco\r\n");
        await client.ReadUntilAsync("ciscoasa> ");

        await client.ReadToEndAsync();

        Assert.EndsWith("ciscoasa> ", client.Text);
    }

    [Fact]
    public async Task Connections_beyond_the_session_limit_are_closed()
    {
        await using var server = TelnetServer.Start(Boot(), new IPEndPoint(IPAddress.Loopback, 0), Fast with { MaxSessions = 1 });
        using var first = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await first.ReadUntilAsync("Password: ");
        await first.SendAsync("cisco\r\n");
        await first.ReadUntilAsync("ciscoasa> ");

        using var second = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await second.ReadToEndAsync();
        Assert.Equal("", second.Text);

        await first.SendAsync("exit\r\n");
        await first.ReadToEndAsync();
        using var third = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await third.ReadUntilAsync("Password: ");
    }

    [Fact]
    public async Task Stopping_the_server_ends_sessions_that_wait_for_a_key_or_a_reader()
    {
        var server = TelnetServer.Start(Boot("pager lines 2\n"), new IPEndPoint(IPAddress.Loopback, 0), Fast);
        using var paging = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await paging.ReadUntilAsync("Password: ");
        await paging.SendAsync("cisco\r\nshow version\r\n");
        await paging.ReadUntilAsync("<--- More --->");
        using var idle = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        await idle.ReadUntilAsync("Password: ");

        var stop = server.DisposeAsync().AsTask();

        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        await paging.ReadToEndAsync();
        await idle.ReadToEndAsync();
    }
}
