using System.Net;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Tests;

/// <summary>Who may log in over SSH, as on the ASA: AAA and the ssh ADDR MASK IF lines.</summary>
public class SshLoginRulesTests
{
    private const string WithAaa = """
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 127.0.0.2 255.0.0.0
        username admin password admin privilege 15
        aaa authentication ssh console LOCAL
        ssh 127.0.0.1 255.255.255.255 inside
        """;

    private static readonly IPEndPoint Permitted = new(IPAddress.Parse("127.0.0.1"), 50000);
    private static readonly IPEndPoint Other = new(IPAddress.Parse("127.0.0.3"), 50000);
    private static readonly IPEndPoint Inside = new(IPAddress.Parse("127.0.0.2"), 22);

    private static Task<bool> Try(SshCli cli, string user, string password, IPEndPoint from) =>
        cli.AuthenticateAsync(new SshLoginAttempt(user, password, from, Inside));

    [Fact]
    public async Task An_interface_listener_admits_only_sources_its_ssh_lines_permit()
    {
        using var h = new ShowHarness(WithAaa);
        var cli = new SshCli(h.Appliance, managementListener: false);

        Assert.True(await Try(cli, "admin", "admin", Permitted));
        Assert.False(await Try(cli, "admin", "admin", Other));
        Assert.False(await Try(cli, "admin", "wrong", Permitted));
    }

    [Fact]
    public async Task The_management_listener_skips_the_ssh_lines()
    {
        using var h = new ShowHarness(WithAaa);
        Assert.True(await Try(new SshCli(h.Appliance, managementListener: true), "admin", "admin", Other));
    }

    [Fact]
    public async Task Without_aaa_every_login_is_refused_pix_and_asa_with_the_passwd_password_too()
    {
        // Since 8.4(2) the ASA has no SSH login without aaa authentication ssh console LOCAL.
        using var h = new ShowHarness("passwd letmein\nusername admin password admin privilege 15\n");
        var cli = new SshCli(h.Appliance, managementListener: true);

        Assert.False(await Try(cli, "pix", "letmein", Other));
        Assert.False(await Try(cli, "asa", "letmein", Other));
        Assert.False(await Try(cli, "admin", "admin", Other));
    }

    [Fact]
    public async Task With_aaa_pix_and_asa_are_ordinary_names_and_the_passwd_password_opens_nothing()
    {
        using var h = new ShowHarness("passwd letmein\n" + WithAaa);
        var cli = new SshCli(h.Appliance, managementListener: true);

        Assert.False(await Try(cli, "pix", "letmein", Other));
        Assert.False(await Try(cli, "asa", "letmein", Other));
        Assert.True(await Try(cli, "admin", "admin", Other));
    }
}
