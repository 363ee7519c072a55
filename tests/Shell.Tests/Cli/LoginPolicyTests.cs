namespace AsaEmu.Shell.Tests.Cli;

/// <summary>
/// <c>login</c> and <c>enable</c> on a session: the local user database's lockout applies to
/// <c>login</c>, failures wait longer and longer (on the fake clock), and <c>show/clear aaa local user</c>.
/// </summary>
public class LoginPolicyTests : CliTestBase
{
    private const string Users = """
        enable password s3cret
        username ops password opspass privilege 5
        username dev password devpass privilege 3
        username kiosk nopassword privilege 3
        aaa local authentication attempts max-fail 2

        """;

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task Login_counts_toward_the_lockout_and_a_locked_user_gets_the_same_answer_as_a_wrong_password()
    {
        var output = await Lines(Boot(Users), "login", "ops", "a", "ops", "b", "ops", "opspass", "show curpriv");

        Assert.Contains("ciscoasa> login\r\nUsername: ops\r\nPassword: \r\nInvalid password\r\n" +
            "Username: ops\r\nPassword: \r\nInvalid password\r\n" +
            "Username: ops\r\nPassword: \r\nLogin failed\r\n" +
            "ciscoasa> show curpriv\r\nUsername : enable_1\r\n", output);
    }

    [Fact]
    public async Task Login_and_enable_failures_wait_longer_each_time_until_a_success()
    {
        var appliance = Boot(Users);
        await Lines(appliance, "login", "dev", "a", "dev", "b", "nobody", "c", "enable", "x", "s3cret", "disable", "enable", "y");

        Assert.Equal([S(1), S(2), S(4), S(8), S(1)], Clock.Delays);
    }

    [Fact]
    public async Task The_wait_doubles_up_to_30_seconds()
    {
        await Lines(Boot(Users), "enable", "a", "b", "c", "enable", "d", "e", "f", "enable", "g");

        Assert.Equal([S(1), S(2), S(4), S(8), S(16), S(30), S(30)], Clock.Delays);
    }

    [Fact]
    public async Task A_nopassword_user_logs_in_with_any_password_by_login()
    {
        var output = await Lines(Boot(Users), "login", "kiosk", "whatever", "show curpriv");

        Assert.Contains("ciscoasa# show curpriv\r\nUsername : kiosk\r\nCurrent privilege level : 3\r\n", output);
    }

    [Fact]
    public async Task Show_and_clear_aaa_local_user()
    {
        var appliance = Boot(Users + "logging enable\nlogging buffered informational\n");
        await Lines(appliance, "login", "ops", "a", "ops", "b", "dev", "c");

        var output = await Lines(appliance, "enable", "s3cret", "show aaa local user", "show aaa local user locked",
            "clear aaa local user fail-attempts username dev", "show aaa local user",
            "clear aaa local user lockout all", "show aaa local user", "clear aaa local user lockout username nobody");

        Assert.Contains("""
            ciscoasa# show aaa local user
            Lock-time Failed-attempts Locked User
                    -               2      Y ops
                    -               1      N dev
            ciscoasa# show aaa local user locked
            Lock-time Failed-attempts Locked User
                    -               2      Y ops
            ciscoasa# clear aaa local user fail-attempts username dev
            ciscoasa# show aaa local user
            Lock-time Failed-attempts Locked User
                    -               2      Y ops
            ciscoasa# clear aaa local user lockout all
            ciscoasa# show aaa local user
            Lock-time Failed-attempts Locked User
            ciscoasa# clear aaa local user lockout username nobody
            ciscoasa# 
            """.ReplaceLineEndings("\r\n"), output);
        Assert.Contains(appliance.Events.Buffer.Lines, l => l.EndsWith("%ASA-6-113007: User 'ops' unlocked by 'enable_15'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_and_clear_aaa_local_user_need_privileged_exec()
    {
        var output = await Lines(Boot(Users), "show aaa local user", "clear aaa local user lockout all");

        Assert.Equal(2, output.Split("ERROR: % Invalid input detected at '^' marker.").Length - 1);
    }
}
