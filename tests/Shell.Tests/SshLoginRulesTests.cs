using System.Net;
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

    [Fact]
    public async Task An_interface_listener_admits_only_sources_its_ssh_lines_permit()
    {
        using var h = new ShowHarness(WithAaa);
        var cli = new SshCli(h.Appliance, managementListener: false);

        Assert.True(await cli.AuthenticateAsync("admin", "admin", Permitted));
        Assert.False(await cli.AuthenticateAsync("admin", "admin", Other));
        Assert.False(await cli.AuthenticateAsync("admin", "wrong", Permitted));
    }

    [Fact]
    public async Task The_management_listener_skips_the_ssh_lines()
    {
        using var h = new ShowHarness(WithAaa);
        Assert.True(await new SshCli(h.Appliance, managementListener: true).AuthenticateAsync("admin", "admin", Other));
    }

    [Fact]
    public async Task Without_aaa_the_login_is_pix_with_the_passwd_password()
    {
        using var h = new ShowHarness("passwd letmein\n");
        var cli = new SshCli(h.Appliance, managementListener: true);

        Assert.True(await cli.AuthenticateAsync("pix", "letmein", Other));
        Assert.True(await cli.AuthenticateAsync("asa", "letmein", Other));
        Assert.False(await cli.AuthenticateAsync("admin", "letmein", Other));
    }
}
