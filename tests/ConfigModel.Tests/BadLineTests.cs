using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// Bad lines get the ASA's answer and nothing else: no exception, the rest of the file still loads,
/// and the snapshot is what it would be without the bad line.
/// </summary>
public class BadLineTests
{
    private const string Before = "hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n ip address 198.18.0.1 255.255.255.0\nnames\n";
    private const string After = "domain-name example.com\n";

    private const string Invalid = "ERROR: % Invalid input detected at '^' marker.";
    private const string Incomplete = "ERROR: % Incomplete command";

    /// <summary>(bad line, expected message, the word the caret points at, or null)</summary>
    public static TheoryData<string, string, string?> Cases => new()
    {
        // Wrong keywords.
        { "hostnme fw2", Invalid, "hostnme" },
        { "crypto isakmp polcy 10", Invalid, "polcy" },
        { "interface GigabitEthernet0/0 extra", Invalid, "extra" },
        { "logging buffered loud", Invalid, "loud" },
        { "aaa authentication ssh cosole LOCAL", Invalid, "cosole" },
        { "ssh version 3", Invalid, "3" },
        { "pager lines many", Invalid, "many" },
        { "banner weekly hello", Invalid, "weekly" },
        { "enable secret cisco", Invalid, "secret" },
        { "names extra", Invalid, "extra" },
        { "name 10.1.1.1", Incomplete, null },
        { "mtu outside", Incomplete, null },
        // Out-of-range numbers.
        { "pager lines -1", Invalid, "-1" },
        { "ssh timeout 0", Invalid, "0" },
        { "ssh timeout 61", Invalid, "61" },
        { "telnet timeout 1441", Invalid, "1441" },
        { "mtu outside 63", Invalid, "63" },
        { "mtu outside 9199", Invalid, "9199" },
        { "enable password cisco level 16", Invalid, "16" },
        { "logging buffered 8", Invalid, "8" },
        { "pager lines 99999999999999", Invalid, "99999999999999" },
        // Bad addresses and masks.
        { "ssh 10.0.0.256 255.0.0.0 outside", Invalid, "10.0.0.256" },
        { "ssh 10.0.0.0 255.0.255.0 outside", Invalid, "255.0.255.0" },
        { "ssh 10.0.0 255.0.0.0 outside", Invalid, "10.0.0" },
        { "ssh 10.1.1.1 255.0.0.0 outside", "ERROR: IP address,mask <10.1.1.1,255.0.0.0> doesn't pair", null },
        { "telnet 1.2.3.4.5 255.255.255.255 outside", Invalid, "1.2.3.4.5" },
        { "name 300.1.1.1 host1", Invalid, "300.1.1.1" },
        // Missing arguments.
        { "hostname", Incomplete, null },
        { "domain-name", Incomplete, null },
        { "enable password", Incomplete, null },
        { "ssh", Incomplete, null },
        { "ssh 10.0.0.0 255.0.0.0", Incomplete, null },
        { "aaa authentication ssh console", Incomplete, null },
        { "logging buffered", Incomplete, null },
        { "telnet timeout", Incomplete, null },
        // Dangling references.
        { "ssh 10.0.0.0 255.0.0.0 dmz", "ERROR: Interface name \"dmz\" not found", null },
        { "mtu dmz 1500", "ERROR: Interface name \"dmz\" not found", null },
        // Garbage bytes and oversized input.
        { "\u0001\u0002\u0003", Invalid, "\u0001\u0002\u0003" },
        { "h\u00e9stname fw", Invalid, "h\u00e9stname" },
        { "\ufffd\ufffd garbage", Invalid, "\ufffd\ufffd" },
        { new string('x', 100_000), Invalid, new string('x', 100_000) },
        { "hostname " + new string('a', 100_000), Invalid, new string('a', 100_000) },
        { "hostname -fw", "ERROR: Hostname must begin and end with a letter or digit, and contain only letters, digits and hyphens.", null },
        { "hostname " + new string('a', 64), Invalid, new string('a', 64) },
        // Crypto.
        { "crypto ipsec ikev1 transform-set T esp-aes-512 esp-sha-hmac", Invalid, "esp-aes-512" },
        { "crypto ipsec transform-set T esp-aes esp-sha1-hmac", Invalid, "esp-sha1-hmac" },
        { "crypto ipsec ikev1 transform-set T", Incomplete, null },
        { "crypto ipsec security-association lifetime seconds 119", Invalid, "119" },
        { "crypto ipsec security-association lifetime kilobytes 9", Invalid, "9" },
        { "crypto dynamic-map DYN 0 set reverse-route", Invalid, "0" },
        { "crypto dynamic-map DYN 65536 set reverse-route", Invalid, "65536" },
        { "crypto dynamic-map DYN 10 set pfs group3", Invalid, "group3" },
        { "crypto map MAP 10 set peer", Incomplete, null },
        { "crypto map MAP interface dmz", "ERROR: Interface name \"dmz\" not found", null },
        { "crypto ikev1 enable dmz", "ERROR: Interface name \"dmz\" not found", null },
        { "crypto isakmp policy 0", Invalid, "0" },
        { "crypto ikev1 policy", Incomplete, null },
        { "crypto isakmp nat-traversal 5", Invalid, "5" },
        { "crypto isakmp identity somewhere", Invalid, "somewhere" },
        // Remote access.
        { "tunnel-group EZ type site-to-site", Invalid, "site-to-site" },
        { "tunnel-group EZ", Incomplete, null },
        { "group-policy GP", Incomplete, null },
        { "username bob privilege 15", Invalid, "privilege" },
        { "username bob password secret privilege 16", Invalid, "16" },
        // Addressing.
        { "access-list A extended permit tcp any host 10.1.1.1 eq 70000", Invalid, "70000" },
        { "access-list A extended permit ip 10.0.0.1 255.0.0.0 any", "ERROR: IP address,mask <10.0.0.1,255.0.0.0> doesn't pair", null },
        { "access-list A standard permit 10.0.0.0 0.0.0.255", Invalid, "0.0.0.255" },
        { "access-list A extended allow ip any any", Invalid, "allow" },
        { "access-list A extended permit", Incomplete, null },
        { "ip local pool P 10.1.1.10-10.1.1.1", "ERROR: Invalid address range 10.1.1.10-10.1.1.1", null },
        { "ip local pool P 10.1.1.1-10.1.1.9 mask 255.0.255.0", Invalid, "255.0.255.0" },
        { "route dmz 0.0.0.0 0.0.0.0 198.18.0.254", "ERROR: Interface name \"dmz\" not found", null },
        { "route outside 0.0.0.0 0.0.0.0 198.18.0.254 256", Invalid, "256" },
    };

    /// <summary>Interface sub-mode lines: a modelled command typed wrong is an error, not a kept (unmodelled) line.</summary>
    public static TheoryData<string, string, string?> InterfaceCases => new()
    {
        { " ip address 192.168.1.1 255.255.0.255", Invalid, "255.255.0.255" },
        { " ip address garbage", Invalid, "garbage" },
        { " ip address 192.168.1.1 255.255.255.0 standby nowhere", Invalid, "nowhere" },
        { " ip address", Incomplete, null },
        { " no ip address 1.2.3.4 255.0.0.0 extra", Invalid, "extra" },
        { " security-level 101", Invalid, "101" },
    };

    [Theory]
    [MemberData(nameof(InterfaceCases))]
    public void A_bad_interface_line_gets_the_asa_answer_and_is_not_kept(string bad, string message, string? caretWord)
    {
        const string InInterface = "hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n";
        var good = ConfigLoader.Load(InInterface + After);
        var result = ConfigLoader.Load(InInterface + bad + "\n" + After);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(InInterface.Split('\n').Length, diagnostic.LineNumber);
        Assert.Equal(message, diagnostic.Message);
        // The diagnostic echoes the line with its secrets masked; the caret stays under its word there.
        if (caretWord is not null) Assert.Equal(diagnostic.Line.IndexOf(caretWord, StringComparison.Ordinal), diagnostic.Column);
        Assert.Equal(RunningConfigRenderer.Body(good.Config, unmasked: true), RunningConfigRenderer.Body(result.Config, unmasked: true));
    }

    [Fact]
    public void Unmodelled_interface_lines_and_learned_addresses_are_kept()
    {
        var result = ConfigLoader.Load("interface GigabitEthernet0/0\n speed 9999999\n no speed\n ipv6 enable\n ip address pppoe setroute\n nameif outside\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Error);
        var body = RunningConfigRenderer.Body(result.Config, unmasked: true);
        Assert.Contains(" speed 9999999", body);
        Assert.Contains(" ipv6 enable", body);
        Assert.Contains(body, l => l.TrimEnd() == " ip address pppoe setroute");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_line_gets_the_asa_answer_and_the_rest_still_loads(string bad, string message, string? caretWord)
    {
        var good = ConfigLoader.Load(Before + After);
        var result = ConfigLoader.Load(Before + bad + "\n" + After);

        var line = Before.Split('\n').Length;
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(line, diagnostic.LineNumber);
        Assert.Equal(message, diagnostic.Message);
        // The diagnostic echoes the line with its secrets masked; the caret stays under its word there.
        if (caretWord is not null) Assert.Equal(diagnostic.Line.IndexOf(caretWord, StringComparison.Ordinal), diagnostic.Column);
        Assert.Equal(RunningConfigRenderer.Body(good.Config, unmasked: true), RunningConfigRenderer.Body(result.Config, unmasked: true));
    }
}
