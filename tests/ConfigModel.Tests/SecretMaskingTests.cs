using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;
using CsCheck;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// The one masker of secrets in config and command lines: line by line against the ASA's forms,
/// in show running-config (kept lines included) but not in more system:running-config, in the
/// loader's diagnostics, and a property over generated lines.
/// </summary>
public class SecretMaskingTests
{
    [Theory]
    // Clear passwords typed or loaded; the ASA's own example of 111008 first.
    [InlineData("username test password cisco123 privilege 15", "username test password ***** privilege 15")]
    [InlineData("username bob password cisco", "username bob password *****")]
    [InlineData("usern bob pass cisco priv 15", "usern bob pass ***** priv 15")]
    [InlineData("no username bob password cisco", "no username bob password *****")]
    [InlineData("enable password cisco", "enable password *****")]
    [InlineData("enable password cisco level 5", "enable password ***** level 5")]
    [InlineData("passwd cisco", "passwd *****")]
    [InlineData("password cisco", "password *****")]
    [InlineData("vpdn username u1 password pw1 store-local", "vpdn username u1 password ***** store-local")]
    // Hashes are shown by the ASA.
    [InlineData("username bob password 3USUcOPFUiMCO4Jk encrypted privilege 15", "username bob password 3USUcOPFUiMCO4Jk encrypted privilege 15")]
    [InlineData("username bob password $sha512$5000$AAAA== pbkdf2", "username bob password $sha512$5000$AAAA== pbkdf2")]
    [InlineData("enable password 8Ry2YjIyt7RRXU24 encrypted", "enable password 8Ry2YjIyt7RRXU24 encrypted")]
    [InlineData("enable password 8Ry2YjIyt7RRXU24 level 5 encrypted", "enable password 8Ry2YjIyt7RRXU24 level 5 encrypted")]
    [InlineData("passwd 2KFQnbNIdI.2KYOU encrypted", "passwd 2KFQnbNIdI.2KYOU encrypted")]
    [InlineData("username vpn nopassword privilege 0", "username vpn nopassword privilege 0")]
    [InlineData("password encryption aes", "password encryption aes")]
    // Tunnel-group keys, 8.3 and 8.4+ spellings, IKEv2 forms; old PIX isakmp keys.
    [InlineData(" ikev1 pre-shared-key cisco", " ikev1 pre-shared-key *****")]
    [InlineData("ikev1 pre-shared-key cisco", "ikev1 pre-shared-key *****")]
    [InlineData(" pre-shared-key s3cret", " pre-shared-key *****")]
    [InlineData(" ikev2 remote-authentication pre-shared-key hex 0a0b", " ikev2 remote-authentication pre-shared-key hex *****")]
    [InlineData(" ikev2 local-authentication pre-shared-key 8 abc ", " ikev2 local-authentication pre-shared-key 8 ***** ")]
    [InlineData("isakmp key cisco address 0.0.0.0 netmask 0.0.0.0", "isakmp key ***** address 0.0.0.0 netmask 0.0.0.0")]
    [InlineData("group-policy EXT external server-group RAD password abc", "group-policy EXT external server-group RAD password *****")]
    // AAA servers: positional key, sub-mode key, LDAP and RADIUS passwords.
    [InlineData("aaa-server RAD (inside) host 10.1.1.1 radkey timeout 5", "aaa-server RAD (inside) host 10.1.1.1 ***** timeout 5")]
    [InlineData("aaa-server RAD (inside) host 10.1.1.1 radkey", "aaa-server RAD (inside) host 10.1.1.1 *****")]
    [InlineData("aaa-server RAD host 10.1.1.1 radkey", "aaa-server RAD host 10.1.1.1 *****")]
    [InlineData("aaa-server RAD (inside) host 10.1.1.1", "aaa-server RAD (inside) host 10.1.1.1")]
    [InlineData("aaa-server RAD (inside) host 10.1.1.1 timeout 5", "aaa-server RAD (inside) host 10.1.1.1 timeout 5")]
    [InlineData("aaa-server RAD protocol radius", "aaa-server RAD protocol radius")]
    [InlineData(" key tacacs123", " key *****")]
    [InlineData(" radius-common-pw common1", " radius-common-pw *****")]
    [InlineData(" ldap-login-password ldap1", " ldap-login-password *****")]
    [InlineData("key config-key password-encryption new1 old1", "key config-key password-encryption ***** *****")]
    // SNMP.
    [InlineData("snmp-server community public", "snmp-server community *****")]
    [InlineData("snmp-server host inside 10.1.1.5 community public version 2c", "snmp-server host inside 10.1.1.5 community ***** version 2c")]
    [InlineData("snmp-server host c 10.1.1.5 community public", "snmp-server host c ***** community *****")]
    [InlineData("snmp-server user u1 g1 v3 auth sha authpw priv aes 128 privpw", "snmp-server user u1 g1 v3 auth sha ***** priv aes 128 *****")]
    [InlineData("snmp-server enable traps snmp authentication linkup", "snmp-server enable traps snmp authentication linkup")]
    // NTP, failover, routing protocols.
    [InlineData("ntp authentication-key 1 md5 ntpkey", "ntp authentication-key 1 md5 *****")]
    [InlineData("ntp trusted-key 1", "ntp trusted-key 1")]
    [InlineData("failover key fokey", "failover key *****")]
    [InlineData("failover key hex 0a0b0c", "failover key hex *****")]
    [InlineData("failover ipsec pre-shared-key 0 fopsk", "failover ipsec pre-shared-key 0 *****")]
    [InlineData(" ospf authentication-key ospfkey", " ospf authentication-key *****")]
    [InlineData(" ospf message-digest-key 1 md5 md5key", " ospf message-digest-key 1 md5 *****")]
    [InlineData(" authentication key eigrp 100 eigrpkey key-id 1", " authentication key eigrp 100 ***** key-id 1")]
    [InlineData("  neighbor 10.1.1.2 password 0 bgppw", "  neighbor 10.1.1.2 password 0 *****")]
    [InlineData("  neighbor 10.1.1.2 remote-as 65001", "  neighbor 10.1.1.2 remote-as 65001")]
    // Credentials in a URL.
    [InlineData("copy ftp://admin:ftppw@10.1.1.9/asa.cfg disk0:/asa.cfg", "copy ftp://admin:*****@10.1.1.9/asa.cfg disk0:/asa.cfg")]
    // Lines without secrets stay as they are, spacing included.
    [InlineData("crypto key generate rsa modulus 2048", "crypto key generate rsa modulus 2048")]
    [InlineData(" ip address 10.0.0.1 255.255.255.0 ", " ip address 10.0.0.1 255.255.255.0 ")]
    [InlineData("banner motd your password is not here", "banner motd your password is not here")]
    [InlineData("show running-config", "show running-config")]
    public void A_line_shows_its_secrets_as_five_stars(string line, string masked)
    {
        Assert.Equal(masked, SecretMasking.Line(line));
    }

    [Fact]
    public void A_column_after_a_secret_moves_with_the_mask()
    {
        var masked = SecretMasking.Apply("username bob password longsecret privilege 99");
        Assert.Equal("username bob password ***** privilege 99", masked.Text);
        Assert.Equal(masked.Text.IndexOf("99", StringComparison.Ordinal), masked.MapColumn("username bob password longsecret privilege ".Length));
        Assert.Equal(masked.Text.IndexOf("*****", StringComparison.Ordinal), masked.MapColumn("username bob password long".Length));
        Assert.Equal(4, masked.MapColumn(4));
    }

    private const string KeptSecrets =
        "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 10.1.1.254 255.255.255.0\n" +
        " ospf message-digest-key 1 md5 ospfkey1\n" +
        " ospf authentication-key ospfkey2\n" +
        "aaa-server RAD protocol radius\n" +
        "aaa-server RAD (inside) host 10.1.1.1\n" +
        " key radkey1\n" +
        " radius-common-pw common1\n" +
        "aaa-server LDAP protocol ldap\n" +
        "aaa-server LDAP (inside) host 10.1.1.2\n" +
        " ldap-login-password ldappw1\n" +
        "aaa-server OLD (inside) host 10.1.1.3 oldkey1 timeout 5\n" +
        "snmp-server host inside 10.1.1.5 community hostcomm1 version 2c\n" +
        "snmp-server community comm1\n" +
        "ntp authentication-key 1 md5 ntpkey1\n" +
        "failover key fokey1\n" +
        "tunnel-group EZ type remote-access\n" +
        "tunnel-group EZ ipsec-attributes\n ikev1 pre-shared-key psk1\n ikev2 remote-authentication pre-shared-key ikev2psk1\n" +
        "group-policy EXT external server-group RAD password extpw1\n" +
        "username bob password bobpw1 privilege 15\n";

    private static readonly string[] Secrets =
        ["radkey1", "common1", "ldappw1", "oldkey1", "hostcomm1", "comm1", "ntpkey1", "fokey1", "ospfkey1", "ospfkey2", "psk1", "ikev2psk1", "extpw1", "bobpw1"];

    [Fact]
    public void Show_running_config_masks_kept_and_modelled_secrets_and_more_system_running_config_shows_them()
    {
        var load = ConfigLoader.Load(KeptSecrets);
        Assert.Equal(0, load.Errors);
        var masked = RunningConfigRenderer.Render(load.Config, unmasked: false);
        var clear = RunningConfigRenderer.Render(load.Config, unmasked: true);
        foreach (var secret in Secrets.Where(s => s != "bobpw1"))
        {
            Assert.DoesNotContain(secret, masked);
            Assert.Contains(secret, clear);
        }
        Assert.DoesNotContain("bobpw1", clear);
        Assert.Contains(" key *****", masked);
        // The key and timeout typed on the server line are shown in the sub-mode, as the ASA shows them.
        Assert.Contains("aaa-server OLD (inside) host 10.1.1.3\n timeout 5\n key *****\n", masked);
        Assert.Contains(" ospf message-digest-key 1 md5 *****", masked);
        // The hash of the typed password is what the ASA shows.
        Assert.Contains($"username bob password {UsernameTests.Hashed("bobpw1")} privilege 15", masked);
        // The checksum is over the unmasked config.
        Assert.Equal(RunningConfigRenderer.Checksum(load.Config), masked.Split('\n').Single(l => l.StartsWith("Cryptochecksum:"))["Cryptochecksum:".Length..]);
    }

    [Fact]
    public void A_slice_of_show_running_config_is_masked_too()
    {
        var config = ConfigLoader.Load(KeptSecrets).Config;
        Assert.Equal(["snmp-server host inside 10.1.1.5 community ***** version 2c", "snmp-server community *****"],
            RunningConfigRenderer.Slice(config, ["snmp-server"], unmasked: false));
    }

    [Fact]
    public void A_diagnostic_echoes_its_line_masked_with_the_caret_on_its_word()
    {
        var load = ConfigLoader.Load("username bob password longsecret privilege 99\nsnmp-server community comm1 bogus-word\n");
        var error = Assert.Single(load.Diagnostics, d => d.LineNumber == 1);
        Assert.Equal("username bob password ***** privilege 99", error.Line);
        Assert.Equal(error.Line.IndexOf("99", StringComparison.Ordinal), error.Column);
        Assert.DoesNotContain(load.Diagnostics, d => d.Line.Contains("longsecret") || d.Message.Contains("longsecret") || d.Line.Contains("comm1"));
    }

    // ---- property: a secret of a known form never survives ----------------------------------

    /// <summary>Forms of secret-bearing lines, with SECRET where the secret goes.</summary>
    private static readonly string[] Forms =
    [
        "username NAME password SECRET", "username NAME password SECRET privilege 15", "enable password SECRET", "enable password SECRET level 7",
        "passwd SECRET", "password SECRET", "ikev1 pre-shared-key SECRET", "pre-shared-key SECRET", "ikev2 remote-authentication pre-shared-key SECRET",
        "ikev2 local-authentication pre-shared-key hex SECRET", "isakmp key SECRET address 0.0.0.0 netmask 0.0.0.0",
        "group-policy NAME external server-group NAME password SECRET", "aaa-server NAME (inside) host 10.0.0.1 SECRET",
        "aaa-server NAME (inside) host 10.0.0.1 SECRET timeout 9", "key SECRET", "radius-common-pw SECRET", "ldap-login-password SECRET",
        "snmp-server community SECRET", "snmp-server host NAME 10.0.0.2 community SECRET version 2c", "snmp-server user NAME NAME v3 auth sha SECRET",
        "ntp authentication-key 3 md5 SECRET", "failover key SECRET", "failover key hex SECRET", "failover ipsec pre-shared-key SECRET",
        "ospf authentication-key SECRET", "ospf message-digest-key 2 md5 SECRET", "authentication key eigrp 1 SECRET key-id 2",
        "neighbor 10.0.0.3 password SECRET", "vpdn username NAME password SECRET", "crypto ca import NAME pkcs12 SECRET",
        "copy ftp://NAME:SECRET@10.0.0.4/x disk0:/x",
    ];

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789!#$%-_.=+"], 1, 12];

    /// <summary>A secret: not a hash keyword, no URL punctuation.</summary>
    private static readonly Gen<string> SecretWord =
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789!#$%-_.=+"], 3, 16].Where(w => w != "encrypted" && w != "pbkdf2");

    /// <summary>A form with a random secret and names, optional indent, optional "no", keywords abbreviated at random, random spacing.</summary>
    private static readonly Gen<(string Line, string Secret)> SecretLine =
        Gen.Select(Gen.OneOf(Forms), SecretWord, Word, Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[1, 3].Array[20], (form, secret, name, negate, indent, cut, spaces) =>
        {
            var words = form.Split(' ').Select((w, i) =>
            {
                if (w.Contains("SECRET") || w.Contains("NAME")) return w.Replace("SECRET", secret).Replace("NAME", name);
                // Abbreviate a keyword now and then, as a typed line may.
                return cut > 0 && i % 2 == 1 && w.All(char.IsAsciiLetterLower) && w.Length > cut ? w[..^cut] : w;
            }).ToList();
            if (negate) words.Insert(0, "no");
            var line = new string(' ', indent) + string.Join("", words.Select((w, i) => (i == 0 ? "" : new string(' ', spaces[i % spaces.Length])) + w));
            return (line, secret);
        });

    [Fact]
    public void No_secret_of_a_known_form_survives_masking()
    {
        SecretLine.Sample(t =>
        {
            var masked = SecretMasking.Line(t.Line);
            var words = masked.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(words, w => w == t.Secret || w.Contains(":" + t.Secret + "@", StringComparison.Ordinal));
            Assert.Contains(SecretMasking.Mask, masked);
            Assert.Equal(masked, SecretMasking.Line(masked));
        }, iter: 5000);
    }

    [Fact]
    public void Masking_keeps_every_other_character()
    {
        Gen.String[Gen.Char[" abcdefgh-0123456789"], 0, 80].Sample(line =>
        {
            var masked = SecretMasking.Apply(line);
            var back = masked.Text;
            foreach (var s in masked.Secrets.Reverse())
            {
                var at = masked.MapColumn(s.Column);
                back = back[..at] + s.Text + back[(at + SecretMasking.Mask.Length)..];
            }
            Assert.Equal(line, back);
        }, iter: 2000);
    }

    [Fact]
    public void A_long_line_where_every_word_could_start_the_secret_is_masked_whole()
    {
        // "c" abbreviates "community": every word after one may be the community, so each is masked.
        // The matcher is linear in the line's length per pattern element, so this stays quick.
        var line = "snmp-server host " + string.Join(" ", Enumerable.Repeat("c", 50_000)) + " community x";
        var masked = SecretMasking.Line(line);
        Assert.EndsWith("***** *****", masked);
        Assert.StartsWith("snmp-server host c *****", masked);
    }
}
