using System.Net;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>Telnet logins through the local user database: lockout, nopassword refused, the passwd login throttled, every try logged.</summary>
public class TelnetLoginPolicyTests : CliTestBase
{
    private static readonly TelnetServerOptions Fast = new() { FailureDelay = TimeSpan.FromMilliseconds(1) };

    private const string Logging = "logging enable\nlogging buffered informational\nlogging buffer-size 1048576\n";

    private const string Aaa = Logging + """
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 127.0.0.1 255.0.0.0
        telnet 127.0.0.1 255.255.255.255 inside
        aaa authentication telnet console LOCAL
        aaa local authentication attempts max-fail 3
        username ops password opspass privilege 5
        username kiosk nopassword

        """;

    private static List<string> Logged(Appliance appliance, int id) =>
        [.. appliance.Events.Buffer.Lines.Where(l => l.Contains($"-{id}: ", StringComparison.Ordinal))];

    /// <summary>One connection: each (user, password) pair is a try, all failing unless <paramref name="lastSucceeds"/>; returns what the client saw.</summary>
    private static async Task<string> Tries(TelnetServer server, bool withUser, bool lastSucceeds, params (string User, string Password)[] tries)
    {
        using var client = await TelnetClient.ConnectAsync(server.LocalEndPoint);
        var mark = 0;
        for (var i = 0; i < tries.Length; i++)
        {
            if (withUser)
            {
                await client.ReadUntilAsync("Username: ", mark);
                await client.SendAsync(tries[i].User + "\r\n");
            }
            await client.ReadUntilAsync("Password: ", mark);
            mark = client.Text.Length;
            await client.SendAsync(tries[i].Password + "\r\n");
            var outcome = i == tries.Length - 1 && lastSucceeds ? "ciscoasa> " : i == 2 ? "Login failed\r\n" : "Invalid password\r\n";
            await client.ReadUntilAsync(outcome, mark);
            mark = client.Text.IndexOf(outcome, mark, StringComparison.Ordinal) + outcome.Length;
        }
        return client.Text;
    }

    [Fact]
    public async Task Three_wrong_passwords_lock_the_user_and_the_right_one_then_gets_invalid_password()
    {
        var appliance = Boot(Aaa);
        await using var server = TelnetServer.Start(appliance, new IPEndPoint(IPAddress.Loopback, 0), Fast);

        var first = await Tries(server, withUser: true, lastSucceeds: false, ("ops", "a"), ("ops", "b"), ("ops", "c"));
        Assert.EndsWith("Login failed\r\n", first);
        var locked = await Tries(server, withUser: true, lastSucceeds: false, ("ops", "opspass"));

        Assert.Contains("Password: *******\r\nInvalid password\r\nUsername: ", locked);
        Assert.Single(Logged(appliance, 113006));
        Assert.Equal(4, Logged(appliance, 605004).Count);
        Assert.Matches(@"Login denied from 127\.0\.0\.1/\d+ to inside:127\.0\.0\.1/telnet for user ""ops""$", Logged(appliance, 605004)[0]);

        appliance.LocalUsers.ClearLockout("ops", "enable_15");
        Assert.EndsWith("ciscoasa> ", await Tries(server, withUser: true, lastSucceeds: true, ("ops", "opspass")));
        Assert.Matches(@"Login permitted from 127\.0\.0\.1/\d+ to inside:127\.0\.0\.1/telnet for user ""ops""$", Assert.Single(Logged(appliance, 605005)));
    }

    [Fact]
    public async Task A_nopassword_user_cannot_log_in_over_telnet()
    {
        var appliance = Boot(Aaa);
        await using var server = TelnetServer.Start(appliance, new IPEndPoint(IPAddress.Loopback, 0), Fast);

        var text = await Tries(server, withUser: true, lastSucceeds: false, ("kiosk", ""), ("kiosk", "anything"));

        Assert.Contains("Username: kiosk\r\nPassword: \r\nInvalid password\r\nUsername: kiosk\r\nPassword: ********\r\nInvalid password\r\n", text);
        Assert.Empty(Logged(appliance, 605005));
    }

    [Fact]
    public async Task The_passwd_login_is_throttled_per_source_after_a_few_failures()
    {
        var appliance = Boot(Logging + "passwd s3cret\n");
        await using var server = TelnetServer.Start(appliance, new IPEndPoint(IPAddress.Loopback, 0), Fast);

        await Tries(server, withUser: false, lastSucceeds: false, ("", "a"), ("", "b"), ("", "c"));
        await Tries(server, withUser: false, lastSucceeds: false, ("", "d"), ("", "e"), ("", "f"));
        var refused = await Tries(server, withUser: false, lastSucceeds: false, ("", "s3cret"));

        Assert.Contains("Password: ******\r\nInvalid password\r\n", refused);
        Assert.Equal(7, Logged(appliance, 605004).Count);
        Assert.EndsWith("/telnet for user \"enable_1\"", Logged(appliance, 605004)[^1]);

        Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.EndsWith("ciscoasa> ", await Tries(server, withUser: false, lastSucceeds: true, ("", "s3cret")));
    }
}
