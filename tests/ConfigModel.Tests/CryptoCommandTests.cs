using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>Crypto config commands: spellings, no forms, references, errors and the typed view.</summary>
public class CryptoCommandTests
{
    private const string Outside = "interface GigabitEthernet0/0\n security-level 0\n nameif outside\n";

    /// <summary>Applies the lines as typed: rendered in the canonical form.</summary>
    private static AsaConfig Load(string text)
    {
        var result = ConfigLoader.Load(text, keepSpacing: false);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    private static List<string> Crypto(AsaConfig config) => CryptoRenderTests.CryptoLines(config);

    private static ApplyResult Apply(AsaConfig config, string line) =>
        new ConfigSession(ConfigGrammar.Default).Apply(config, line);

    [Fact]
    public void Spellings_of_83_are_stored_and_shown_in_the_9x_form()
    {
        var config = Load(Outside + """
            crypto ipsec transform-set T esp-aes-256 esp-sha-hmac
            crypto dynamic-map D 10 set transform-set T
            crypto map M 10 set transform-set T U
            crypto isakmp enable outside
            """);

        Assert.Equal(
        [
            "crypto ipsec ikev1 transform-set T esp-aes-256 esp-sha-hmac ",
            "crypto dynamic-map D 10 set ikev1 transform-set T",
            "crypto map M 10 set ikev1 transform-set T U",
            "crypto ikev1 enable outside",
        ], Crypto(config));
    }

    [Fact]
    public void Abbreviated_keywords_are_stored_in_full()
    {
        var config = Load(Outside + "cry ips ikev1 transform-set T esp-3des esp-md5\ncry map M 10 set pee 192.0.2.1\ncry map M 10 set conn bidirectional\n");

        Assert.Equal(
        [
            "crypto ipsec ikev1 transform-set T esp-3des esp-md5-hmac ",
            "crypto map M 10 set peer 192.0.2.1",
            "crypto map M 10 set connection-type bidirectional",
        ], Crypto(config));
    }

    [Fact]
    public void A_transform_set_without_integrity_and_a_redefinition_keep_its_place()
    {
        var config = Load("crypto ipsec ikev1 transform-set A esp-null\ncrypto ipsec ikev1 transform-set B esp-des esp-md5-hmac\n" +
                          "crypto ipsec ikev1 transform-set A esp-aes esp-sha-hmac\n");

        Assert.Equal(["crypto ipsec ikev1 transform-set A esp-aes esp-sha-hmac ", "crypto ipsec ikev1 transform-set B esp-des esp-md5-hmac "], Crypto(config));
        var b = config.FindTransformSet("B")!;
        Assert.Equal(("esp-des", "esp-md5-hmac", TransformSet.Tunnel), (b.Encryption, b.Integrity, b.Mode));
    }

    [Fact]
    public void No_forms_remove_what_they_name()
    {
        var config = Load(Outside + """
            crypto ipsec ikev1 transform-set T esp-aes esp-sha-hmac
            crypto ipsec ikev1 transform-set U esp-aes esp-sha-hmac
            crypto ipsec ikev1 transform-set U mode transport
            crypto ipsec security-association lifetime seconds 28800
            crypto ipsec security-association lifetime kilobytes 4608000
            crypto dynamic-map D 10 set ikev1 transform-set T
            crypto dynamic-map D 10 set reverse-route
            crypto map M 10 match address ACL
            crypto map M 10 set peer 192.0.2.1 192.0.2.2
            crypto map M 10 set pfs group5
            crypto map M 10 set connection-type answer-only
            crypto map M 20 set peer 192.0.2.3
            crypto map M 65535 ipsec-isakmp dynamic D
            crypto map M interface outside
            crypto ikev1 enable outside
            crypto ikev1 policy 10
            crypto ikev1 policy 20
            crypto isakmp am-disable
            no crypto ipsec transform-set T
            no crypto ipsec ikev1 transform-set U mode transport
            no crypto ipsec security-association lifetime kilobytes
            no crypto dynamic-map D 10 set reverse-route
            no crypto map M 10 set peer 192.0.2.1
            no crypto map M 10 set pfs group5
            no crypto map M 10 set connection-type answer-only
            no crypto map M 10 match address ACL
            no crypto map M 20
            no crypto map M interface outside
            no crypto ikev1 enable outside
            no crypto isakmp policy 20
            no crypto ikev1 am-disable
            """);

        Assert.Equal(
        [
            "crypto ipsec ikev1 transform-set U esp-aes esp-sha-hmac ",
            "crypto ipsec security-association lifetime seconds 28800",
            "crypto dynamic-map D 10 set ikev1 transform-set T",
            "crypto map M 10 set peer 192.0.2.2",
            "crypto map M 65535 ipsec-isakmp dynamic D",
            "crypto ikev1 policy 10",
        ], Crypto(config));

        config = Load(Outside + "crypto map M 10 set peer 192.0.2.1\ncrypto map M interface outside\ncrypto dynamic-map D 10 set pfs\nno crypto map M\nno crypto dynamic-map D 10 set pfs\n");
        Assert.Empty(Crypto(config));
    }

    [Fact]
    public void No_form_without_names_clears_the_whole_peer_or_transform_set_list()
    {
        var config = Load("""
            crypto map M 10 match address A
            crypto map M 10 set peer 192.0.2.1 192.0.2.2
            crypto map M 10 set ikev1 transform-set T1 T2
            crypto dynamic-map D 10 set transform-set T1 T2
            crypto dynamic-map D 10 set reverse-route
            no crypto map M 10 set peer
            no crypto map M 10 set ikev1 transform-set
            no crypto dynamic-map D 10 set transform-set T2
            """);

        Assert.Equal(
        [
            "crypto dynamic-map D 10 set ikev1 transform-set T1",
            "crypto dynamic-map D 10 set reverse-route",
            "crypto map M 10 match address A",
        ], Crypto(config));
    }

    [Fact]
    public void No_nat_traversal_is_shown_and_nat_traversal_restores_the_default()
    {
        var config = Load("no crypto isakmp nat-traversal\n");
        Assert.Equal(["no crypto isakmp nat-traversal"], Crypto(config));
        Assert.False(config.EffectiveNatTraversal().Enabled);

        config = Load("no crypto isakmp nat-traversal\ncrypto isakmp nat-traversal\n");
        Assert.Empty(Crypto(config));
        Assert.True(config.EffectiveNatTraversal().Enabled);
    }

    [Fact]
    public void Set_pfs_alone_means_group2_and_prints_bare()
    {
        var config = Load("crypto dynamic-map D 10 set pfs\ncrypto dynamic-map D 20 set pfs group2\n");

        Assert.Equal(["crypto dynamic-map D 10 set pfs", "crypto dynamic-map D 20 set pfs group2"], Crypto(config));
        Assert.All(config.FindDynamicMap("D")!.OrderedEntries, e => Assert.Equal(2, e.PfsGroup));
    }

    [Fact]
    public void Entry_lifetimes_share_one_line_in_the_order_given()
    {
        var config = Load("""
            crypto map M 10 set security-association lifetime seconds 3600
            crypto map M 10 set security-association lifetime kilobytes 100000
            crypto map M 20 set security-association lifetime kilobytes 100000 seconds 3600
            crypto map M 30 set security-association lifetime kilobytes unlimited
            """);

        Assert.Equal(
        [
            "crypto map M 10 set security-association lifetime seconds 3600 kilobytes 100000",
            "crypto map M 20 set security-association lifetime kilobytes 100000 seconds 3600",
            "crypto map M 30 set security-association lifetime kilobytes unlimited",
        ], Crypto(config));
        var first = config.FindCryptoMap("M")!.OrderedEntries.First();
        Assert.Equal(new SaLifetime(3600, 100000), first.Lifetime);
    }

    [Fact]
    public void Ikev1_policy_sub_mode_sets_and_resets_values_and_policies_sort_by_priority()
    {
        var config = Load("""
            crypto ikev1 policy 30
             authentication rsa-sig
             encryption aes-256
             hash md5
             group 14
             lifetime none
            crypto isakmp policy 5
             encryption aes
             lifetime 3600
             no lifetime
            """);

        Assert.Equal(
        [
            "crypto ikev1 policy 5", " authentication pre-share", " encryption aes", " hash sha", " group 2", " lifetime 86400",
            "crypto ikev1 policy 30", " authentication rsa-sig", " encryption aes-256", " hash md5", " group 14", " lifetime none",
        ], CryptoRenderTests.CryptoSlice(config));
        var policies = config.IkePolicies();
        Assert.Equal([5, 30], policies.Select(p => p.Priority));
        Assert.Equal(("rsa-sig", "aes-256", (int?)256, "md5", 14, (long?)null),
            (policies[1].Authentication, policies[1].Encryption, policies[1].AesKeyBits, policies[1].Hash, policies[1].Group, policies[1].Lifetime));
    }

    [Fact]
    public void Policy_command_enters_the_ikev1_policy_sub_mode()
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        var config = session.Apply(ConfigGrammar.Default.Factory, "crypto ikev1 policy 10").Config;

        Assert.Equal(ModeKind.Ikev1Policy, session.Mode.Kind);
        Assert.Equal("config-ikev1-policy", session.Mode.Prompt);
        config = session.Apply(config, "group 5").Config;
        session.Apply(config, "exit");
        Assert.Equal(ModeKind.Global, session.Mode.Kind);
        Assert.Equal(5, config.IkePolicies().Single().Group);
    }

    [Theory]
    [InlineData("crypto ipsec ikev1 transform-set T esp-aes-512 esp-sha-hmac", "esp-aes-512")]
    [InlineData("crypto ipsec transform-set T esp-aes esp-sha256-hmac", "esp-sha256-hmac")]
    [InlineData("crypto map M 0 match address A", "0")]
    [InlineData("crypto map M 65536 set peer 192.0.2.1", "65536")]
    [InlineData("crypto dynamic-map D 10 set peer 192.0.2.1", "peer")]
    [InlineData("crypto dynamic-map D 10 set pfs group3", "group3")]
    [InlineData("crypto ipsec security-association lifetime seconds 119", "119")]
    [InlineData("crypto ikev1 policy 0", "0")]
    [InlineData("crypto isakmp nat-traversal 5", "5")]
    [InlineData("crypto map M 10 set connection-type answer-always", "answer-always")]
    [InlineData("crypto map M 10 set inheritance host", "host")]
    [InlineData("crypto map M 10 set nat-t-disable now", "now")]
    public void Bad_keywords_and_out_of_range_numbers_get_the_caret_error(string line, string badWord)
    {
        var before = Load(Outside);
        var result = Apply(before, line);

        Assert.NotNull(result.Error);
        Assert.Equal(LineErrorKind.InvalidInput, result.Error.Kind);
        Assert.Equal(line.IndexOf(" " + badWord, StringComparison.Ordinal) + 1, result.Error.Column);
        Assert.Same(before, result.Config);
    }

    [Fact]
    public void Connection_type_nat_t_and_inheritance_are_read_by_the_model_and_shown_with_the_asas_spellings_where_typed()
    {
        var config = Load(Outside + """
            crypto map M 10 match address A
            crypto map M 10 set conn orig
            crypto map M 10 set peer 192.0.2.1 192.0.2.2 192.0.2.3
            crypto map M 10 set nat-t
            crypto map M 10 set inh data
            crypto map M 20 set peer 192.0.2.9
            """);

        var (first, second) = (config.Get<CryptoMap>("M")!.Entries[10], config.Get<CryptoMap>("M")!.Entries[20]);
        Assert.Equal((CryptoMapEntry.OriginateOnly, true, true), (first.ConnectionType, first.NatTDisabled, first.InheritanceData));
        Assert.Equal((CryptoMapEntry.Bidirectional, false, false), (second.ConnectionType, second.NatTDisabled, second.InheritanceData));
        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.3"], first.Peers);
        Assert.Equal(
        [
            "crypto map M 10 match address A",
            "crypto map M 10 set connection-type originate-only",
            "crypto map M 10 set peer 192.0.2.1 192.0.2.2 192.0.2.3",
            "crypto map M 10 set nat-t-disable",
            "crypto map M 10 set inheritance data",
            "crypto map M 20 set peer 192.0.2.9",
        ], Crypto(config));

        var changed = Load(Outside + """
            crypto map M 10 set peer 192.0.2.1
            crypto map M 10 set connection-type answer-only
            crypto map M 10 set connection-type bidirectional
            crypto map M 10 set nat-t-disable
            crypto map M 10 set inheritance data
            no crypto map M 10 set nat-t-disable
            no crypto map M 10 set inheritance
            """);
        var entry = changed.Get<CryptoMap>("M")!.Entries[10];
        Assert.Equal((CryptoMapEntry.Bidirectional, false, false), (entry.ConnectionType, entry.NatTDisabled, entry.InheritanceData));
        Assert.Equal(["crypto map M 10 set peer 192.0.2.1", "crypto map M 10 set connection-type bidirectional"], Crypto(changed));
    }

    [Fact]
    public void Set_peer_takes_ten_addresses_at_most()
    {
        var before = Load(Outside);
        var peers = string.Join(' ', Enumerable.Range(1, 11).Select(i => $"192.0.2.{i}"));

        var result = Apply(before, $"crypto map M 10 set peer {peers}");

        Assert.True(result.Failed);
        Assert.Contains(result.Messages, m => m.Severity == Severity.Error && m.Text == "Too many peers specified, the maximum is 10");
        Assert.Same(before, result.Config);
        Assert.False(Apply(before, $"crypto map M 10 set peer {string.Join(' ', Enumerable.Range(1, 10).Select(i => $"192.0.2.{i}"))}").Failed);
    }

    [Fact]
    public void Policy_sub_mode_rejects_bad_values()
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        var config = session.Apply(ConfigGrammar.Default.Factory, "crypto ikev1 policy 10").Config;

        foreach (var line in new[] { " group 3", " encryption aes-512", " hash sha256", " lifetime 60", " authentication psk" })
        {
            var result = session.Apply(config, line);
            Assert.True(result.Failed, line);
            Assert.Same(config, result.Config);
        }
        Assert.Equal(IkePolicy.DefaultGroup, config.IkePolicies().Single().Group);
    }

    [Theory]
    [InlineData("crypto map M interface dmz")]
    [InlineData("crypto ikev1 enable dmz")]
    [InlineData("crypto isakmp enable dmz")]
    public void References_to_an_unknown_nameif_are_refused(string line)
    {
        var before = Load(Outside + "crypto map M 10 set peer 192.0.2.1\n");
        var result = Apply(before, line);

        Assert.True(result.Failed);
        Assert.Contains(result.Messages, m => m.Severity == Severity.Error && m.Text.Contains("\"dmz\""));
        Assert.Same(before, result.Config);
    }

    [Fact]
    public void Missing_transform_sets_acls_and_dynamic_maps_are_accepted_with_warnings()
    {
        var result = ConfigLoader.Load(Outside + """
            crypto map M 10 match address NO_SUCH_ACL
            crypto map M 10 set ikev1 transform-set NO_SUCH_SET
            crypto map M 20 ipsec-isakmp dynamic NO_SUCH_MAP
            crypto dynamic-map D 10 set ikev1 transform-set NO_SUCH_SET
            """);

        Assert.Equal(0, result.Errors);
        Assert.Equal(
        [
            (4, "WARNING: crypto map entry will be incomplete"),
            (6, "WARNING: crypto dynamic-map NO_SUCH_MAP does not exist"),
            (7, "WARNING: Transform set NO_SUCH_SET does not exist"),
        ], result.Diagnostics.Select(d => (d.LineNumber, d.Message)));
        Assert.Equal(3, result.Config.FindCryptoMap("M")!.Entries.Count + result.Config.FindDynamicMap("D")!.Entries.Count);
    }

    [Fact]
    public void Binding_a_second_map_to_an_interface_replaces_the_first()
    {
        var config = Load(Outside + "crypto map A 10 set peer 192.0.2.1\ncrypto map A interface outside\ncrypto map B interface outside\n");

        Assert.Equal("B", config.CryptoMapOn("outside")!.Name);
        Assert.Empty(config.FindCryptoMap("A")!.Interfaces);
    }

    [Fact]
    public void More_than_eleven_transform_sets_are_refused()
    {
        var names = string.Join(' ', Enumerable.Range(1, 12).Select(i => $"T{i}"));
        var result = Apply(ConfigGrammar.Default.Factory, $"crypto map M 10 set ikev1 transform-set {names}");

        Assert.True(result.Failed);
        Assert.Null(result.Config.FindCryptoMap("M"));
    }

    [Fact]
    public void Typed_view_gives_what_the_ike_engine_needs()
    {
        var config = Load(Outside + """
            crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac
            crypto ipsec security-association lifetime seconds 28800
            crypto dynamic-map DYN 10 set ikev1 transform-set TRA
            crypto dynamic-map DYN 10 set reverse-route
            crypto dynamic-map DYN 10 set pfs group5
            crypto dynamic-map DYN 10 set security-association lifetime seconds 3600
            crypto map MAP 20 match address L2L
            crypto map MAP 20 set peer 192.0.2.7
            crypto map MAP 20 set ikev1 transform-set TRA
            crypto map MAP 10 set peer 192.0.2.8 peer.example.com
            crypto map MAP 65000 ipsec-isakmp dynamic DYN
            crypto map MAP interface outside
            crypto ikev1 enable outside
            crypto isakmp identity key-id GROUP1
            """);

        var ts = config.FindTransformSet("TRA")!;
        Assert.Equal(("esp-aes", (int?)128, "esp-sha-hmac", "tunnel"), (ts.Encryption, ts.AesKeyBits, ts.IntegrityOrNone, ts.Mode));
        Assert.Equal(28800, config.EffectiveIpsecSaLifetime().EffectiveSeconds);
        Assert.Equal(IpsecSaLifetime.DefaultKilobytes, config.EffectiveIpsecSaLifetime().EffectiveKilobytes);

        var map = config.CryptoMapOn("outside")!;
        Assert.Equal([10, 20, 65000], map.OrderedEntries.Select(e => e.Sequence));
        Assert.Equal(["192.0.2.8", "peer.example.com"], map.Entries[10].Peers);
        Assert.Equal(("L2L", "192.0.2.7", "TRA"), (map.Entries[20].MatchAddress, map.Entries[20].Peers.Single(), map.Entries[20].TransformSets.Single()));
        Assert.Equal("DYN", map.Entries[65000].DynamicMap);

        var dyn = config.FindDynamicMap("DYN")!.Entries[10];
        Assert.Equal((true, (int?)5, (long?)3600), (dyn.ReverseRoute, dyn.PfsGroup, dyn.Lifetime.Seconds));
        Assert.Equal(["TRA"], dyn.TransformSets);
        // An SA's lifetime: the entry's seconds, the global (default) kilobytes; an entry without its own, the global's.
        Assert.Equal((3600L, (long?)IpsecSaLifetime.DefaultKilobytes), config.IpsecSaLifetimeOf(dyn));
        Assert.Equal((28800L, (long?)IpsecSaLifetime.DefaultKilobytes), config.IpsecSaLifetimeOf(map.Entries[20]));

        Assert.Equal(["outside"], config.IkeEnabledInterfaces());
        Assert.True(config.AggressiveModeAllowed());
        Assert.Equal(("key-id", "GROUP1"), (config.EffectiveIsakmpIdentity().Kind, config.EffectiveIsakmpIdentity().KeyId));
        Assert.Equal(NatTraversal.Default, config.EffectiveNatTraversal());
    }
}
