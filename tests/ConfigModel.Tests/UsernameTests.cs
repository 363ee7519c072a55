using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

public class UsernameTests
{
    private static IReadOnlyList<string> Lines(string config) =>
        RunningConfigRenderer.Body(ConfigLoader.Load(config).Config, unmasked: false).Where(l => l.StartsWith("username") || l.StartsWith(' ')).ToList();

    /// <summary>How a password typed in clear is stored when loaded without a random salt source.</summary>
    internal static string Hashed(string password) => Passwords.AsaPasswordHash.NewPbkdf2(password, Passwords.SaltSources.Fixed).ToString();

    [Fact]
    public void Clear_password_is_shown_as_its_pbkdf2_hash_and_privilege_2_is_hidden()
    {
        Assert.Equal([$"username cisco password {Hashed("cisco")}"], Lines("username cisco password cisco\n"));
        Assert.Equal([$"username admin password {Hashed("cisco")} privilege 15"], Lines("username admin password cisco privilege 15\n"));
        Assert.Equal([$"username cisco password {Hashed("cisco")}"], Lines("username cisco password cisco privilege 2\n"));
        Assert.Matches(@"^username cisco password \$sha512\$5000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{22}== pbkdf2$", Lines("username cisco password cisco\n")[0]);
    }

    [Fact]
    public void Encrypted_and_pbkdf2_hashes_are_kept_as_given()
    {
        Assert.Equal(["username ntc password ntc123 encrypted privilege 15"], Lines("username ntc password ntc123 encrypted privilege 15\n"));
        Assert.Equal(["username oxidized password $sha512$5000$AAAA== pbkdf2"], Lines("username oxidized password $sha512$5000$AAAA== pbkdf2\n"));
        Assert.Equal(["username vpn nopassword privilege 0"], Lines("username vpn nopassword privilege 0\n"));
    }

    [Fact]
    public void Attributes_follow_the_user_line_one_space_indented_in_the_asa_order()
    {
        var result = ConfigLoader.Load(
            "group-policy GP internal\n" +
            "username bob password secret privilege 15\n" +
            "username bob attributes\n" +
            " service-type remote-access\n" +
            " vpn-framed-ip-address 10.1.1.5 255.255.255.0\n" +
            " group-lock value EZ\n" +
            " vpn-group-policy GP\n" +
            " vpn-idle-timeout 10\n" +
            "username carol password x2y\n");

        Assert.Equal(0, result.Errors);
        Assert.Equal(
        [
            $"username bob password {Hashed("secret")} privilege 15",
            "username bob attributes",
            " vpn-group-policy GP",
            " vpn-idle-timeout 10",
            " group-lock value EZ",
            " vpn-framed-ip-address 10.1.1.5 255.255.255.0",
            " service-type remote-access",
            $"username carol password {Hashed("x2y")}",
        ], RunningConfigRenderer.Body(result.Config, false).Where(l => l.StartsWith("username") || l.StartsWith(' ')));
        var bob = result.Config.Get<Username>("bob")!;
        Assert.Equal(Ipv4.Parse("10.1.1.5"), bob.FramedIp);
        Assert.Equal("remote-access", bob.ServiceType);
    }

    [Fact]
    public void Attributes_of_an_unknown_user_are_refused()
    {
        var result = ConfigLoader.Load("username ghost attributes\n vpn-framed-ip-address 10.1.1.5\n");

        Assert.Contains(result.Diagnostics, d => d.LineNumber == 1 && d.Severity == Severity.Error && d.Message.Contains("ghost"));
        Assert.Null(result.Config.Get<Username>("ghost"));
    }

    [Fact]
    public void Vpn_group_policy_naming_a_policy_not_yet_defined_is_a_warning()
    {
        var result = ConfigLoader.Load("username u password p1x\nusername u attributes\n vpn-group-policy LATER\n");

        Assert.Equal(0, result.Errors);
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 3 && d.Severity == Severity.Warning);
        Assert.Equal("LATER", result.Config.Get<Username>("u")!.VpnGroupPolicy);
    }

    [Fact]
    public void No_forms_remove_the_user_or_an_attribute()
    {
        var result = ConfigLoader.Load(
            "username a password aaa1\nusername a attributes\n vpn-framed-ip-address 10.0.0.1\n service-type admin\n no service-type\n" +
            " vpn-tunnel-protocol ikev1\n no vpn-tunnel-protocol\n group-lock value X\n no group-lock\n" +
            "username b password bbb1\nno username b\n");

        Assert.Equal(0, result.Errors);
        Assert.Null(result.Config.Get<Username>("b"));
        Assert.Equal(
            ["username a password " + Hashed("aaa1"), "username a attributes", " vpn-framed-ip-address 10.0.0.1"],
            RunningConfigRenderer.Body(result.Config, false).Where(l => l.StartsWith("username") || l.StartsWith(" vpn")));
    }

    [Fact]
    public void Re_entering_the_password_keeps_the_attributes()
    {
        var result = ConfigLoader.Load("username a password aaa1 privilege 15\nusername a attributes\n service-type admin\nusername a password other\n");

        var a = result.Config.Get<Username>("a")!;
        Assert.Equal("admin", a.ServiceType);
        Assert.Equal(2, a.Privilege);
        Assert.Equal(Hashed("other"), a.Password!.ToString());
    }
}
