namespace AsaEmu.Shell.Tests;

/// <summary>
/// <c>show running-config SECTION</c> for each section keyword issue 13 names, on the built-in config with
/// objects, object-groups, an ACL, a RADIUS server and a site's crypto map added; each layout checked
/// against a published 9.x capture (ntc-templates' raw ASA outputs and the 9.x device configs kept in
/// tests/ConfigModel.Tests/Fixtures/real-configs, see its SOURCES.md).
/// </summary>
public class RunningConfigSectionTests
{
    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    private const string Additions =
        "object network corp\n subnet 10.0.0.0 255.0.0.0\n" +
        "object network dmz\n host 11.1.2.2\n description dmz GW ip\n" +
        "object service web\n service tcp destination eq www\n" +
        "object-group network INSIDE-NETS\n network-object 192.168.1.0 255.255.255.0\n network-object object corp\n" +
        "object-group service WEB tcp\n port-object eq www\n" +
        "access-list OUT extended permit tcp any object-group INSIDE-NETS eq www\n" +
        "access-list L2L extended permit ip 192.168.1.0 255.255.255.0 172.16.5.0 255.255.255.0\n" +
        "aaa-server RAD protocol radius\naaa-server RAD (inside) host 192.168.1.5\n key secret123\n" +
        "crypto map MAP 10 match address L2L\ncrypto map MAP 10 set pfs group5\ncrypto map MAP 10 set peer 198.51.100.9\n" +
        "crypto map MAP 10 set ikev1 transform-set TRA\ncrypto map MAP 10 set security-association lifetime seconds 3600\n" +
        "tunnel-group 198.51.100.9 type ipsec-l2l\ntunnel-group 198.51.100.9 ipsec-attributes\n ikev1 pre-shared-key l2lkey\n";

    private static async Task<string> Show(string command)
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig + Additions);
        return await h.Show(command);
    }

    /// <summary>[S] ntc-templates cisco_asa_show_running-config_ipsec: transform sets with their trailing blank, then the global SA lines.</summary>
    [Fact]
    public async Task Ipsec()
    {
        var expected = Lines(
            "crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac ",
            "crypto ipsec security-association lifetime seconds 28800",
            "crypto ipsec security-association lifetime kilobytes 4608000",
            "crypto ipsec security-association pmtu-aging infinite");
        Assert.Equal(expected, await Show("show running-config ipsec"));
        Assert.Equal(expected, await Show("show running-config crypto ipsec"));
    }

    /// <summary>[S] ntc-templates cisco_asa_show_running-config_crypto_ikev1: each policy and its five indented lines.</summary>
    [Fact]
    public async Task Crypto_ikev1()
    {
        Assert.Equal(Lines("crypto ikev1 enable outside", "crypto ikev1 policy 10", " authentication pre-share", " encryption aes", " hash sha",
            " group 2", " lifetime 86400"), await Show("show running-config crypto ikev1"));
    }

    /// <summary>
    /// [S] ntc-templates cisco_asa_show_running-config_crypto_map (match address, pfs, peer, transform-set, lifetime per
    /// entry, the interface binding last) and cisco_asa_show_running-config_all_crypto_map (what <c>all</c> adds to a static
    /// entry; a dynamic entry gets nothing). The peer line as the all-crypto-map capture prints an address: no trailing blank
    /// (the other capture's trailing blank follows a peer given by name).
    /// </summary>
    [Fact]
    public async Task Crypto_map_and_all_crypto_map()
    {
        Assert.Equal(Lines(
            "crypto map MAP 10 match address L2L",
            "crypto map MAP 10 set pfs group5",
            "crypto map MAP 10 set peer 198.51.100.9",
            "crypto map MAP 10 set ikev1 transform-set TRA",
            "crypto map MAP 10 set security-association lifetime seconds 3600",
            "crypto map MAP 65000 ipsec-isakmp dynamic DYN",
            "crypto map MAP interface outside"), await Show("show running-config crypto map"));
        Assert.Equal(Lines(
            "crypto map MAP 10 match address L2L",
            "crypto map MAP 10 set pfs group5",
            "crypto map MAP 10 set connection-type bidirectional",
            "crypto map MAP 10 set peer 198.51.100.9",
            "crypto map MAP 10 set ikev1 phase1-mode main",
            "crypto map MAP 10 set ikev1 transform-set TRA",
            "crypto map MAP 10 set ikev2 mode tunnel",
            "crypto map MAP 10 set security-association lifetime seconds 3600",
            "no crypto map MAP 10 set tfc-packets",
            "crypto map MAP 65000 ipsec-isakmp dynamic DYN",
            "crypto map MAP interface outside"), await Show("show running-config all crypto map"));
    }

    /// <summary>[S] reference §1.8 (TAC note 113595's headend config): one line per setting, as crypto map entries print.</summary>
    [Fact]
    public async Task Crypto_dynamic_map()
    {
        Assert.Equal(Lines("crypto dynamic-map DYN 10 set ikev1 transform-set TRA", "crypto dynamic-map DYN 10 set reverse-route"),
            await Show("show running-config crypto dynamic-map"));
    }

    /// <summary>
    /// [M] what <c>all</c> adds to a dynamic map's entry: the static entry's defaults at the same places (ntc-templates
    /// cisco_asa_show_running-config_all_crypto_map) but connection-type and phase1-mode, which only a static map has.
    /// A setting configured replaces its default.
    /// </summary>
    [Fact]
    public async Task All_crypto_dynamic_map()
    {
        Assert.Equal(Lines(
            "crypto dynamic-map DYN 10 set ikev1 transform-set TRA",
            "crypto dynamic-map DYN 10 set ikev2 mode tunnel",
            "crypto dynamic-map DYN 10 set reverse-route",
            "no crypto dynamic-map DYN 10 set tfc-packets"), await Show("show running-config all crypto dynamic-map"));

        using var h = new ShowHarness(ShowHarness.VpnConfig + "crypto dynamic-map DYN 10 set tfc-packets\n");
        var all = await h.Show("show running-config all crypto dynamic-map");
        Assert.Contains(Lines("crypto dynamic-map DYN 10 set tfc-packets"), all);
        Assert.DoesNotContain("no crypto dynamic-map DYN 10 set tfc-packets", all);
    }

    /// <summary>[S] ntc-templates cisco_asa_show_run_tunnel-group: the type line, each attributes block with one-space lines, the key masked.</summary>
    [Fact]
    public async Task Tunnel_group()
    {
        var site = Lines("tunnel-group 198.51.100.9 type ipsec-l2l", "tunnel-group 198.51.100.9 ipsec-attributes", " ikev1 pre-shared-key *****");
        Assert.Equal(site, await Show("show running-config tunnel-group 198.51.100.9"));
        // The remote-access group's block (RunningConfigSliceTests) first, then the site's, in creation order.
        Assert.Equal(await Show("show running-config tunnel-group EZ") + site, await Show("show running-config tunnel-group"));
    }

    /// <summary>[S] reference §1.8 (TAC note 113595's headend config): internal, then the attributes block with one-space lines.</summary>
    [Fact]
    public async Task Group_policy()
    {
        Assert.StartsWith(Lines("group-policy EZ internal", "group-policy EZ attributes", " dns-server value 192.168.1.10"),
            await Show("show running-config group-policy"));
    }

    /// <summary>[S] real-configs netutils asa_full_sent (9.x): the protocol line, the host line with its interface, the key as *****.</summary>
    [Fact]
    public async Task Aaa_server()
    {
        Assert.Equal(Lines("aaa-server RAD protocol radius", "aaa-server RAD (inside) host 192.168.1.5", " key *****"),
            await Show("show running-config aaa-server"));
        Assert.Equal(Lines("aaa-server RAD (inside) host 192.168.1.5", " key *****"), await Show("show running-config aaa-server RAD | begin host"));
    }

    /// <summary>[S] real-configs batfish asa-acl-object and asa_acl: one line per entry, object-group operands by name.</summary>
    [Fact]
    public async Task Access_list()
    {
        Assert.Equal(Lines(
            "access-list SPLIT standard permit 192.168.1.0 255.255.255.0",
            "access-list OUT extended permit tcp any object-group INSIDE-NETS eq www",
            "access-list L2L extended permit ip 192.168.1.0 255.255.255.0 172.16.5.0 255.255.255.0"), await Show("show running-config access-list"));
    }

    /// <summary>[S] ntc-templates cisco_asa_show_running-config_object_network and _object_service: one-space body lines, description last.</summary>
    [Fact]
    public async Task Object()
    {
        string[] network = ["object network corp", " subnet 10.0.0.0 255.0.0.0", "object network dmz", " host 11.1.2.2", " description dmz GW ip"];
        Assert.Equal(Lines([.. network, "object service web", " service tcp destination eq www"]), await Show("show running-config object"));
        Assert.Equal(Lines(network), await Show("show running-config object network"));
    }

    /// <summary>[S] ntc-templates show_running-config_object-group_service and cisco_asa_show_running-config_network_group.</summary>
    [Fact]
    public async Task Object_group()
    {
        string[] network = ["object-group network INSIDE-NETS", " network-object 192.168.1.0 255.255.255.0", " network-object object corp"];
        Assert.Equal(Lines([.. network, "object-group service WEB tcp", " port-object eq www"]), await Show("show running-config object-group"));
        Assert.Equal(Lines(network), await Show("show running-config object-group network"));
    }

    /// <summary>[S] real-configs netutils asa_full_sent: <c>route IF NETWORK MASK GATEWAY METRIC</c>.</summary>
    [Fact]
    public async Task Route()
    {
        Assert.Equal(Lines("route outside 0.0.0.0 0.0.0.0 203.0.113.254 1"), await Show("show running-config route"));
    }

    /// <summary>[S] real-configs oxidized asa_5512 9.12(4): each interface after a "!" line; reference §1.8: the unconfigured interface's lines, the address line's trailing blank.</summary>
    [Fact]
    public async Task Interface()
    {
        var all = await Show("show running-config interface");
        Assert.StartsWith(Lines("!", "interface GigabitEthernet0/0", " nameif outside", " security-level 0", " ip address 203.0.113.1 255.255.255.0 ", "!"), all);
        Assert.EndsWith(Lines("!", "interface Management0/0", " shutdown", " management-only", " no nameif", " no security-level", " no ip address"), all);
    }

    /// <summary>
    /// [M] what <c>all</c> adds to a port: speed and duplex auto, where the mockdevices ASAv config prints its
    /// <c>duplex full</c> (after the description and shutdown, before management-only); a duplex set replaces its default.
    /// </summary>
    [Fact]
    public async Task All_interface()
    {
        var all = await Show("show running-config all interface");
        Assert.StartsWith(Lines("!", "interface GigabitEthernet0/0", " speed auto", " duplex auto", " nameif outside", " security-level 0",
            " ip address 203.0.113.1 255.255.255.0 ", "!"), all);
        Assert.EndsWith(Lines("!", "interface Management0/0", " shutdown", " speed auto", " duplex auto", " management-only", " no nameif",
            " no security-level", " no ip address"), all);

        using var h = new ShowHarness(ShowHarness.Config.Replace(" nameif inside\n", " duplex full\n nameif inside\n", StringComparison.Ordinal));
        Assert.Equal(Lines("!", "interface GigabitEthernet0/1", " speed auto", " duplex full", " nameif inside", " security-level 100",
            " ip address 192.168.1.1 255.255.255.0 "), await h.Show("show running-config all interface GigabitEthernet0/1"));
    }

    /// <summary>
    /// What <c>all</c> prints for sysopt: permit-vpn on ([C] the 9.x VPN guide: VPN traffic bypasses the interface ACLs by
    /// default, seen with show run all sysopt), the TCP MSS and timewait defaults ([C] the sysopt reference), the rest and
    /// the order [M]; nothing in the plain form; a setting configured (its no form too) replaces its default.
    /// </summary>
    [Fact]
    public async Task All_sysopt()
    {
        Assert.Equal(Lines(
            "no sysopt connection timewait",
            "sysopt connection tcpmss 1380",
            "sysopt connection tcpmss minimum 0",
            "sysopt connection permit-vpn",
            "sysopt connection reclassify-vpn",
            "no sysopt connection preserve-vpn-flows",
            "no sysopt radius ignore-secret",
            "no sysopt noproxyarp outside",
            "no sysopt noproxyarp inside"), await Show("show running-config all sysopt"));
        Assert.Equal("", await Show("show running-config sysopt"));

        using var h = new ShowHarness(ShowHarness.Config + "no sysopt connection permit-vpn\nsysopt connection tcpmss 1200\n");
        var all = (await h.Show("show running-config all sysopt")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("no sysopt connection permit-vpn", all);
        Assert.Contains("sysopt connection tcpmss 1200", all);
        Assert.DoesNotContain("sysopt connection permit-vpn", all);
        Assert.DoesNotContain("sysopt connection tcpmss 1380", all);
        Assert.Contains("sysopt connection tcpmss minimum 0", all);
        Assert.Equal(Lines("no sysopt connection permit-vpn", "sysopt connection tcpmss 1200"), await h.Show("show running-config sysopt"));
    }

    /// <summary>[S] real-configs netutils asa_full_sent (ASAv 9.7(1)24): the timeout block of a 9.7+ box at its defaults, line for line.</summary>
    [Fact]
    public async Task Timeout()
    {
        Assert.Equal(Lines(
            "timeout xlate 3:00:00",
            "timeout pat-xlate 0:00:30",
            "timeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 sctp 0:02:00 icmp 0:00:02",
            "timeout sunrpc 0:10:00 h323 0:05:00 h225 1:00:00 mgcp 0:05:00 mgcp-pat 0:05:00",
            "timeout sip 0:30:00 sip_media 0:02:00 sip-invite 0:03:00 sip-disconnect 0:02:00",
            "timeout sip-provisional-media 0:02:00 uauth 0:05:00 absolute",
            "timeout tcp-proxy-reassembly 0:01:00",
            "timeout floating-conn 0:00:00",
            "timeout conn-holddown 0:00:15",
            "timeout igp stale-route 0:01:10"), await Show("show running-config timeout"));
    }

    /// <summary>
    /// [S] the Smart Call Home block last before the checksum: CiscoTAC-1 as the oxidized 9.12(4) capture prints it, the
    /// ASAv's License profile as the mockdevices ASAv 9.5(2) config does; two-space lines under each profile.
    /// </summary>
    [Fact]
    public async Task Call_home()
    {
        var block = await Show("show running-config call-home");
        Assert.StartsWith(Lines("no call-home reporting anonymous", "call-home", " profile CiscoTAC-1", "  no active",
            "  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService"), block);
        Assert.EndsWith(Lines("  subscribe-to-alert-group telemetry periodic daily", " profile License",
            "  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService", "  destination transport-method http"), block);
        Assert.Matches("  destination transport-method http\r\nCryptochecksum:[0-9a-f]{32}\r\n: end\r\n$", await Show("show running-config"));
    }

    /// <summary>[S] reference §1.8 (TAC note 113595's headend config): <c>ip local pool NAME FIRST-LAST mask MASK</c>.</summary>
    [Fact]
    public async Task Ip_local_pool()
    {
        Assert.Equal(Lines("ip local pool POOL 10.10.10.1-10.10.10.254 mask 255.255.255.0"), await Show("show running-config ip local pool"));
    }

    /// <summary>[S] real-configs netutils asa_full_sent (9.x): stricthostkeycheck, the address lines, timeout, key-exchange.</summary>
    [Fact]
    public async Task Ssh()
    {
        Assert.Equal(Lines("ssh stricthostkeycheck", "ssh 0.0.0.0 0.0.0.0 outside", "ssh timeout 5", "ssh key-exchange group dh-group1-sha1"),
            await Show("show running-config ssh"));
    }

    /// <summary>
    /// What <c>all</c> adds: ssh version 2 ([C] the 9.x configuration guide: only version 2), the medium cipher lists
    /// ([S] layer77.net: "By default, the ASA's SSH server uses the medium cipher list"), between the timeout and the key
    /// exchange as the 9.x configs that set them print them; [M] that all prints them. The timeout follows the address
    /// lines also when it is a default.
    /// </summary>
    [Fact]
    public async Task All_ssh()
    {
        Assert.Equal(Lines("ssh stricthostkeycheck", "ssh 0.0.0.0 0.0.0.0 outside", "ssh timeout 5", "ssh version 2", "ssh cipher encryption medium",
            "ssh cipher integrity medium", "ssh key-exchange group dh-group1-sha1"), await Show("show running-config all ssh"));

        // Set, each prints once: its own line in plain and all, no default beside it.
        using var h = new ShowHarness(ShowHarness.Config + "ssh 10.0.0.0 255.0.0.0 inside\nssh version 2\nssh cipher encryption high\n");
        var plain = await h.Show("show running-config ssh");
        Assert.StartsWith(Lines("ssh stricthostkeycheck", "ssh 10.0.0.0 255.0.0.0 inside"), plain);
        Assert.Contains(Lines("ssh version 2"), plain);
        Assert.Contains(Lines("ssh cipher encryption high"), plain);
        var all = (await h.Show("show running-config all ssh")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(all, l => l.StartsWith("ssh version", StringComparison.Ordinal));
        Assert.Equal(["ssh cipher encryption high"], all.Where(l => l.StartsWith("ssh cipher encryption", StringComparison.Ordinal)));
        Assert.Equal(["ssh cipher integrity medium", "ssh key-exchange group dh-group1-sha1"], all.TakeLast(2));
    }

    /// <summary>[S] real-configs oxidized asa_5512 9.12(4): <c>username U password $sha512$5000$SALT$HASH pbkdf2</c>.</summary>
    [Fact]
    public async Task Username()
    {
        var users = await Show("show running-config username");
        Assert.Matches(@"^username admin password \$sha512\$5000\$\S+==\$\S+== pbkdf2 privilege 15\r\nusername cisco password \$sha512\$5000\$\S+ pbkdf2\r\n$", users);
        Assert.Equal(users.Split("\r\n")[0] + "\r\n", await Show("show running-config username admin"));
    }

    /// <summary>
    /// What <c>show running-config all</c> prints is a config the ASA takes back (automation replays it): every line loads
    /// without an error or an unexpected warning, and the configured crypto and tunnel-group lines come back as they were.
    /// </summary>
    [Fact]
    public async Task All_loads_back_without_an_error()
    {
        var all = await Show("show running-config all");
        var load = AsaEmu.ConfigModel.Loading.ConfigLoader.Load(all.Replace("\r\n", "\n", StringComparison.Ordinal));
        // The one warning is the ASA's own while a static entry is built line by line (match address before set peer).
        Assert.Empty(load.Diagnostics.Where(d => d.Severity is AsaEmu.ConfigModel.Commands.Severity.Error or AsaEmu.ConfigModel.Commands.Severity.Warning
            && !d.Message.Contains("crypto map entry will be incomplete", StringComparison.Ordinal)));
        var plain = await Show("show running-config");
        var back = AsaEmu.ConfigModel.Rendering.RunningConfigRenderer.Body(load.Config, unmasked: false);
        Assert.All(plain.Split("\r\n").Where(l => l.StartsWith("crypto ", StringComparison.Ordinal) || l.StartsWith("tunnel-group ", StringComparison.Ordinal)),
            line => Assert.Contains(line, back));
    }

    /// <summary>The <c>all</c> forms: the section with its defaults (each modelled default is checked in its own test: tunnel-group, group-policy, ipsec, crypto map, aaa-server).</summary>
    [Fact]
    public async Task All_forms_add_the_defaults_and_keep_the_configured_lines()
    {
        foreach (var section in new[] { "crypto ikev1", "crypto map", "crypto dynamic-map", "tunnel-group", "group-policy", "aaa-server", "access-list",
            "object", "object-group", "route", "interface", "ip local pool", "ssh", "username", "ipsec" })
        {
            var plain = (await Show("show running-config " + section)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var all = (await Show("show running-config all " + section)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.True(plain.Length > 0, section);
            Assert.All(plain, line => Assert.Contains(line, all));
        }
        Assert.Contains(Lines(" timeout 10", " retry-interval 10", " key *****", " authentication-port 1645"), await Show("show running-config all aaa-server"));
    }
}
