namespace AsaEmu.Shell.Tests.Cli;

/// <summary><c>login</c> against the local users (reference §1.3).</summary>
public class LoginTests : CliTestBase
{
    private const string Users = "username admin password s3cret privilege 15\nusername ops password opspass privilege 5\nusername guest password guestpw\n";

    [Fact]
    public async Task Login_as_a_privilege_15_user_lands_at_the_hash_prompt()
    {
        var output = await Lines(Boot(Users), "login", "admin", "s3cret", "show curpriv");

        Assert.Contains("ciscoasa> login\r\nUsername: admin\r\nPassword: \r\nciscoasa# show curpriv\r\n" +
            "Username : admin\r\nCurrent privilege level : 15\r\nCurrent Mode/s : P_PRIV\r\n", output);
    }

    [Fact]
    public async Task A_user_below_privilege_2_stays_at_the_user_prompt()
    {
        var output = await Lines(Boot("username low password lowpw privilege 1\n" + Users), "login", "low", "lowpw", "show curpriv", "login", "ops", "opspass", "show curpriv");

        Assert.Contains("Password: \r\nciscoasa> show curpriv\r\nUsername : low\r\nCurrent privilege level : 1\r\n", output);
        Assert.Contains("Password: \r\nciscoasa# show curpriv\r\nUsername : ops\r\nCurrent privilege level : 5\r\n", output);
    }

    [Fact]
    public async Task Wrong_credentials_get_two_more_tries_then_fail()
    {
        var output = await Lines(Boot(Users), "login", "admin", "wrong", "nobody", "s3cret", "admin", "", "show curpriv");

        Assert.Contains("ciscoasa> login\r\nUsername: admin\r\nPassword: \r\nInvalid password\r\n" +
            "Username: nobody\r\nPassword: \r\nInvalid password\r\n" +
            "Username: admin\r\nPassword: \r\nLogin failed\r\n" +
            "ciscoasa> show curpriv\r\nUsername : enable_1\r\n", output);
    }

    [Fact]
    public async Task A_wrong_try_then_the_right_one_logs_in()
    {
        var output = await Lines(Boot(Users), "login", "admin", "nope", "admin", "s3cret", "show curpriv");

        Assert.Contains("Invalid password\r\nUsername: admin\r\nPassword: \r\nciscoasa# ", output);
    }

    [Fact]
    public async Task Login_on_an_interactive_terminal_echoes_the_password_as_stars()
    {
        var output = await Keys(Boot(Users), "login\radmin\rs3cret\rshow curpriv\r");

        Assert.Contains("ciscoasa> login\r\nUsername: admin\r\nPassword: ******\r\nciscoasa# show curpriv\r\nUsername : admin\r\n", output);
    }
}
