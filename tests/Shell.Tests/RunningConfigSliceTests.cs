namespace AsaEmu.Shell.Tests;

public class RunningConfigSliceTests
{
    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    private static async Task<string> Show(string command)
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        return await h.Show(command);
    }

    private static readonly string[] Ikev1 =
    [
        "crypto ikev1 enable outside",
        "crypto ikev1 policy 10",
        " authentication pre-share",
        " encryption aes",
        " hash sha",
        " group 2",
        " lifetime 86400",
    ];

    [Fact]
    public async Task Crypto_slices()
    {
        Assert.Equal(Lines([
            "crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac ",
            "crypto ipsec security-association lifetime seconds 28800",
            "crypto ipsec security-association lifetime kilobytes 4608000",
            "crypto ipsec security-association pmtu-aging infinite",
            "crypto dynamic-map DYN 10 set ikev1 transform-set TRA",
            "crypto dynamic-map DYN 10 set reverse-route",
            "crypto map MAP 65000 ipsec-isakmp dynamic DYN",
            "crypto map MAP interface outside",
            "crypto ca trustpool policy",
            .. Ikev1]), await Show("show running-config crypto"));
        Assert.Equal(Lines(Ikev1), await Show("show running-config crypto ikev1"));
        Assert.Equal(Lines(Ikev1), await Show("sh run crypto isakmp"));
        Assert.Equal(Lines("crypto map MAP 65000 ipsec-isakmp dynamic DYN", "crypto map MAP interface outside"), await Show("sh run crypto map"));
    }

    [Fact]
    public async Task Vpn_object_slices()
    {
        string[] group =
        [
            "tunnel-group EZ type remote-access",
            "tunnel-group EZ general-attributes",
            " address-pool POOL",
            " default-group-policy EZ",
            "tunnel-group EZ ipsec-attributes",
            " ikev1 pre-shared-key *****",
        ];
        Assert.Equal(Lines(group), await Show("show running-config tunnel-group"));
        Assert.Equal(Lines(group), await Show("sh run tun EZ"));
        Assert.Equal("", await Show("sh run tunnel-group NOPE"));
        string[] policy =
        [
            "group-policy EZ internal",
            "group-policy EZ attributes",
            " dns-server value 192.168.1.10",
            " vpn-tunnel-protocol ikev1",
            " password-storage enable",
            " split-tunnel-policy tunnelspecified",
            " split-tunnel-network-list value SPLIT",
            " default-domain value example.com",
        ];
        Assert.Equal(Lines(policy), await Show("show running-config group-policy"));
        Assert.Equal(Lines(policy), await Show("show running-config group-policy EZ"));
        Assert.Equal(Lines("username admin password $sha512$5000$DoK3sJ6PlEsE1LfSqHu4Vw==$0IRt32v4YF+9NDCnQMtiDg== pbkdf2 privilege 15",
            "username cisco password $sha512$5000$IuqLIcGJRE5NWVwtLYU76g==$eEaXP1wmInAG2ziw7J1Y0A== pbkdf2"),
            await Show("show running-config username"));
        Assert.Equal(Lines("ip local pool POOL 10.10.10.1-10.10.10.254 mask 255.255.255.0"), await Show("show running-config ip local pool"));
        Assert.Equal(Lines("access-list SPLIT standard permit 192.168.1.0 255.255.255.0"), await Show("show running-config access-list SPLIT"));
    }

    [Fact]
    public async Task Management_and_routing_slices()
    {
        Assert.Equal(Lines("route outside 0.0.0.0 0.0.0.0 203.0.113.254 1"), await Show("show running-config route"));
        // [S] the 9.x defaults around the ssh lines (ASAv 9.3(1) and 9.x captures).
        Assert.Equal(Lines("ssh stricthostkeycheck", "ssh 0.0.0.0 0.0.0.0 outside", "ssh timeout 5", "ssh key-exchange group dh-group1-sha1"),
            await Show("show running-config ssh"));
        Assert.Equal(Lines("aaa authentication ssh console LOCAL"), await Show("show running-config aaa"));
        Assert.Equal(Lines("logging enable", "logging buffered debugging"), await Show("show running-config logging"));
        Assert.Equal(Lines("pager lines 24"), await Show("show running-config pager"));
    }

    [Fact]
    public async Task Interface_slices_take_abbreviated_names_and_separate_interfaces()
    {
        Assert.Equal(Lines("!", "interface GigabitEthernet0/1", " nameif inside", " security-level 100", " ip address 192.168.1.1 255.255.255.0 "),
            await Show("show running-config interface g0/1"));
        var all = await Show("show running-config interface");
        Assert.StartsWith(Lines("!", "interface GigabitEthernet0/0"), all);
        Assert.Contains(Lines("!", "interface GigabitEthernet0/1"), all);
        Assert.Contains(Lines("!", "interface Management0/0"), all);
    }

    [Fact]
    public async Task Show_run_all_tunnel_group_prints_every_attribute()
    {
        Assert.Equal(Lines(
            "tunnel-group EZ type remote-access",
            "tunnel-group EZ general-attributes",
            " no dhcp-server",
            " no authorization-required",
            " no accounting-server-group",
            " address-pool POOL",
            " authentication-server-group LOCAL",
            " default-group-policy EZ",
            " no ipv6-address-pool",
            " no strip-group",
            " no strip-realm",
            " no password-management",
            " no override-account-disable",
            " authorization-dn-attributes CN OU",
            "tunnel-group EZ ipsec-attributes",
            " ikev1 pre-shared-key *****",
            " no chain",
            " no ikev1 trust-point",
            " isakmp keepalive threshold 300 retry 2",
            " ikev1 user-authentication xauth",
            " peer-id-validate req",
            " no radius-sdi-xauth"), await Show("show running-config all tunnel-group EZ"));
    }

    [Fact]
    public async Task Show_run_all_shows_dfltgrppolicy_and_the_ipsec_lifetime_defaults()
    {
        using var h = new ShowHarness("crypto ipsec security-association lifetime seconds 3600\n");
        Assert.Equal(Lines(
            "crypto ipsec security-association lifetime seconds 3600",
            "crypto ipsec security-association lifetime kilobytes 4608000",
            "crypto ipsec security-association replay window-size 64",
            "crypto ipsec security-association pmtu-aging infinite"), await h.Show("show running-config all crypto ipsec"));
        Assert.Equal(Lines("crypto ipsec security-association lifetime seconds 3600", "crypto ipsec security-association pmtu-aging infinite"),
            await h.Show("show running-config crypto ipsec"));
        Assert.Equal(await h.Show("show running-config crypto ipsec"), await h.Show("show running-config ipsec"));

        var policy = await h.Show("show running-config all group-policy DfltGrpPolicy");
        Assert.StartsWith(Lines("group-policy DfltGrpPolicy internal", "group-policy DfltGrpPolicy attributes", " banner none"), policy);
        Assert.Contains(Lines(" vpn-simultaneous-logins 3", " vpn-idle-timeout 30"), policy);
        Assert.Equal("", await h.Show("show running-config group-policy DfltGrpPolicy"));
    }

    [Fact]
    public async Task Show_run_all_is_the_whole_config_with_defaults()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var all = await h.Show("show running-config all");
        var plain = await h.Show("show running-config");

        Assert.StartsWith(Lines(": Saved", "", ":", ": Serial Number: 9AEMU4SA0V1", ": Hardware:   ASAv, 2048 MB RAM, CPU Xeon E5 series 3491 MHz",
            ":", "ASA Version 9.8(4)10 ", "!"), all);
        Assert.Contains(Lines("crypto isakmp identity auto", "crypto isakmp nat-traversal 20"), all);
        Assert.Contains("\r\ntunnel-group DefaultRAGroup type remote-access\r\n", all);
        Assert.DoesNotContain("DefaultRAGroup", plain);
        Assert.EndsWith(plain[plain.IndexOf("Cryptochecksum:", StringComparison.Ordinal)..], all);
    }
}
