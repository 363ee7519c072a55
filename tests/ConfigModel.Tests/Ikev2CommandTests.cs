using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>IKEv2 config: policies, enable, the global settings and IPsec proposals, as typed and as show run prints them.</summary>
public class Ikev2CommandTests
{
    private const string Outside = "interface GigabitEthernet0/0\n security-level 0\n nameif outside\n";

    private static AsaConfig Load(string text)
    {
        var result = ConfigLoader.Load(text, keepSpacing: false);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    /// <summary>The IKEv2 lines of show run, each block with its sub-mode lines.</summary>
    private static List<string> Crypto(AsaConfig config)
    {
        var lines = new List<string>();
        var inBlock = false;
        foreach (var line in RunningConfigRenderer.Body(config, unmasked: false))
        {
            if (line.StartsWith(' ')) { if (inBlock) lines.Add(line); continue; }
            inBlock = line.StartsWith("crypto ikev2", StringComparison.Ordinal) || line.StartsWith("no crypto ikev2", StringComparison.Ordinal)
                || line.StartsWith("crypto ipsec ikev2", StringComparison.Ordinal);
            if (inBlock) lines.Add(line);
        }
        return lines;
    }

    private static (ApplyResult Result, ConfigSession Session) Apply(AsaConfig config, params string[] lines)
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        ApplyResult result = new(config, [], null);
        foreach (var line in lines) result = session.Apply(result.Config, line);
        return (result, session);
    }

    [Fact]
    public void A_policy_prints_its_five_lines_with_the_lists_in_the_asa_s_order()
    {
        var config = Load(Outside + """
            crypto ikev2 policy 10
             encryption aes aes-256 aes-gcm-256
             integrity sha sha256
             group 14 19 14
             prf sha256 sha
             lifetime seconds 43200
            crypto ikev2 policy 20
            crypto ikev2 enable outside
            """);

        Assert.Equal(
        [
            "crypto ikev2 policy 10",
            " encryption aes-gcm-256 aes-256 aes",
            " integrity sha256 sha",
            " group 14 19",
            " prf sha256 sha",
            " lifetime seconds 43200",
            "crypto ikev2 policy 20",
            " encryption 3des",
            " integrity sha",
            " group 2",
            " prf sha",
            " lifetime seconds 86400",
            "crypto ikev2 enable outside",
        ], Crypto(config));
        var policy = config.Get<Ikev2Policy>("10")!;
        Assert.Equal([14, 19], policy.Groups.ToArray());
        Assert.Equal(43200, policy.Lifetime);
    }

    [Fact]
    public void The_policy_sub_mode_has_its_prompt_no_forms_restore_defaults_and_bad_keywords_get_the_caret()
    {
        var (result, session) = Apply(Load(Outside), "crypto ikev2 policy 5", "integrity sha512", "lifetime none");
        Assert.Null(result.Error);
        Assert.Equal("config-ikev2-policy", session.Mode.Prompt);
        Assert.Equal(new ConfigMode(ModeKind.Ikev2Policy, "5"), session.Mode);
        Assert.Contains(" lifetime none", Crypto(result.Config));

        var (reset, _) = Apply(result.Config, "crypto ikev2 policy 5", "no integrity", "no lifetime");
        Assert.Equal([" integrity sha", " lifetime seconds 86400"], Crypto(reset.Config).Where(l => l.Contains("integrity") || l.Contains("lifetime")));

        var (bad, badSession) = Apply(result.Config, "crypto ikev2 policy 5", "encryption aes-512");
        Assert.NotNull(bad.Error);
        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", bad.Error!.Message);
        Assert.Equal("config-ikev2-policy", badSession.Mode.Prompt);

        var (removed, _) = Apply(result.Config, "no crypto ikev2 policy 5");
        Assert.DoesNotContain(Crypto(removed.Config), l => l.StartsWith("crypto ikev2 policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Enable_names_an_interface_and_client_services_print_their_port()
    {
        var config = Load(Outside + "crypto ikev2 enable outside client-services\n");
        Assert.Equal(["crypto ikev2 enable outside client-services port 443"], Crypto(config));

        var (missing, _) = Apply(config, "crypto ikev2 enable dmz");
        Assert.Equal("ERROR: Interface name \"dmz\" not found", missing.Messages.Single().ToString());

        var (port, _) = Apply(config, "crypto ikev2 enable outside client-services port 8443");
        Assert.Equal(["crypto ikev2 enable outside client-services port 8443"], Crypto(port.Config));
        var (off, _) = Apply(port.Config, "no crypto ikev2 enable outside");
        Assert.Empty(Crypto(off.Config));
    }

    [Fact]
    public void Global_settings_print_when_they_differ_from_the_defaults()
    {
        var config = Load(Outside + """
            crypto ikev2 limit max-in-negotiation-sa 70
            crypto ikev2 cookie-challenge 30
            no crypto ikev2 fragmentation
            crypto ikev2 fragmentation mtu 1200
            crypto ikev2 remote-access trustpoint TP
            """);
        Assert.Equal(
        [
            "crypto ikev2 limit max-in-negotiation-sa 70",
            "crypto ikev2 cookie-challenge 30",
            "no crypto ikev2 fragmentation",
            "crypto ikev2 fragmentation mtu 1200",
            "crypto ikev2 remote-access trustpoint TP",
        ], Crypto(config));
        Assert.Equal((false, 1200L), (config.Get<Ikev2Fragmentation>()!.Enabled, config.Get<Ikev2Fragmentation>()!.Mtu));

        var (back, _) = Apply(config, "crypto ikev2 fragmentation", "no crypto ikev2 fragmentation mtu", "crypto ikev2 cookie-challenge 50",
            "no crypto ikev2 limit max-in-negotiation-sa");
        Assert.Equal(["crypto ikev2 remote-access trustpoint TP"], Crypto(back.Config));

        var (bad, _) = Apply(config, "crypto ikev2 cookie-challenge 101");
        Assert.NotNull(bad.Error);
    }

    [Theory]
    [InlineData("crypto ikev2 fragmentation mtu 68", true)]
    [InlineData("crypto ikev2 fragmentation mtu 1500", true)]
    [InlineData("crypto ikev2 fragmentation mtu 67", false)]
    [InlineData("crypto ikev2 fragmentation mtu 1501", false)]
    [InlineData("crypto ikev2 fragmentation preferred-method cisco", true)]
    [InlineData("crypto ikev2 fragmentation preferred-method rfc", false)]
    public void Fragmentation_takes_an_mtu_from_68_to_1500_and_a_preferred_method(string line, bool accepted)
    {
        var (result, _) = Apply(Load(Outside), line);

        Assert.Equal(accepted, result.Error is null);
        if (accepted) Assert.Equal([line], Crypto(result.Config));
    }

    [Fact]
    public void Fragmentation_is_on_with_an_mtu_of_576_until_told_otherwise_and_the_defaults_are_not_printed()
    {
        var config = Load(Outside + "crypto ikev2 fragmentation\ncrypto ikev2 fragmentation mtu 576\n");
        Assert.Null(config.Get<Ikev2Fragmentation>());
        Assert.Empty(Crypto(config));
        Assert.True(new Ikev2Fragmentation() is { Enabled: true, Mtu: 576, PreferredMethod: "ietf" });

        var (off, _) = Apply(config, "no crypto ikev2 fragmentation");
        Assert.False(off.Config.Get<Ikev2Fragmentation>()!.Enabled);
        Assert.Equal(["no crypto ikev2 fragmentation"], Crypto(off.Config));
    }

    [Fact]
    public void Ipsec_proposals_print_their_esp_lines_in_the_asa_s_order_as_the_real_capture_has_them()
    {
        var config = Load("""
            crypto ipsec ikev2 ipsec-proposal IKE2
             protocol esp encryption aes des 3des aes-gmac aes-gcm-256 aes-192 aes-256 aes-gcm-192 aes-gcm aes-gmac-256 aes-gmac-192
             protocol esp integrity md5 sha-1 sha-256 sha-384 sha-512
            crypto ipsec ikev2 ipsec-proposal ONLY_INTEGRITY
             protocol esp integrity sha-1 sha-512
            """);
        Assert.Equal(
        [
            "crypto ipsec ikev2 ipsec-proposal IKE2",
            " protocol esp encryption aes-gcm-256 aes-gcm-192 aes-gcm aes-256 aes-192 aes 3des des aes-gmac-256 aes-gmac-192 aes-gmac",
            " protocol esp integrity sha-512 sha-384 sha-256 sha-1 md5",
            "crypto ipsec ikev2 ipsec-proposal ONLY_INTEGRITY",
            " protocol esp integrity sha-512 sha-1",
        ], Crypto(config));

        var (result, session) = Apply(config, "crypto ipsec ikev2 ipsec-proposal ONLY_INTEGRITY", "no protocol esp integrity");
        Assert.Equal("config-ipsec-proposal", session.Mode.Prompt);
        Assert.Empty(result.Config.Get<Ikev2IpsecProposal>("ONLY_INTEGRITY")!.Integrity);
        var (bad, _) = Apply(config, "crypto ipsec ikev2 ipsec-proposal IKE2", "protocol esp encryption aes-gcm-512");
        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", bad.Error!.Message);
        var (gone, _) = Apply(config, "no crypto ipsec ikev2 ipsec-proposal IKE2");
        Assert.Null(gone.Config.Get<Ikev2IpsecProposal>("IKE2"));
    }

    [Fact]
    public void The_real_ipsec_capture_loads_and_renders_back_line_for_line()
    {
        var capture = File.ReadAllText(Path.Combine(Fixtures.Dir, "real-configs", "ntc-templates__cisco_asa_show_running-config_ipsec.cfg"));
        var loaded = ConfigLoader.Load(capture);
        Assert.Equal(0, loaded.Errors);
        Assert.Equal(ConfigLoader.SplitLines(capture).Where(l => l.Length > 0).Select(l => l.TrimEnd()),
            CryptoRenderTests.CryptoSlice(loaded.Config).Select(l => l.TrimEnd()));
        Assert.Equal(4, loaded.Config.All<Ikev2IpsecProposal>().Count());
    }

    [Fact]
    public void A_crypto_map_entry_names_its_ikev2_proposals_beside_the_kept_ikev2_settings()
    {
        var config = Load(Outside + """
            crypto ipsec ikev2 ipsec-proposal GCM
             protocol esp encryption aes-gcm-256
             protocol esp integrity null
            crypto map M 10 match address A
            crypto map M 10 set peer 192.0.2.1
            crypto map M 10 set ikev1 transform-set T
            crypto map M 10 set ikev2 ipsec-proposal GCM AES
            crypto map M 10 set ikev2 mode tunnel
            crypto map M 10 set security-association lifetime seconds 3600
            crypto map M 20 set peer 192.0.2.2
            crypto map M 20 set ikev2 ipsec-proposal GCM
            """);
        var lines = CryptoRenderTests.CryptoLines(config);
        Assert.Equal(
        [
            "crypto map M 10 match address A",
            "crypto map M 10 set peer 192.0.2.1",
            "crypto map M 10 set ikev1 transform-set T",
            "crypto map M 10 set ikev2 ipsec-proposal GCM AES",
            "crypto map M 10 set ikev2 mode tunnel",
            "crypto map M 10 set security-association lifetime seconds 3600",
            "crypto map M 20 set peer 192.0.2.2",
            "crypto map M 20 set ikev2 ipsec-proposal GCM",
        ], lines.Where(l => l.StartsWith("crypto map", StringComparison.Ordinal)));
        var entry = config.Get<CryptoMap>("M")!.Entries[10];
        Assert.Equal(["GCM", "AES"], entry.IpsecProposals);
        Assert.False(config.Get<CryptoMap>("M")!.Entries[20].IsIncomplete);

        var (removed, _) = Apply(config, "no crypto map M 10 set ikev2 ipsec-proposal AES");
        Assert.Equal(["GCM"], removed.Config.Get<CryptoMap>("M")!.Entries[10].IpsecProposals);
        var (dynamic, _) = Apply(config, "crypto dynamic-map D 10 set ikev2 ipsec-proposal NONE");
        Assert.Equal("WARNING: IPsec proposal NONE does not exist", dynamic.Messages.Single().ToString());
    }

    [Fact]
    public void Tunnel_group_ikev2_keys_are_modelled_masked_and_kept_beside_the_other_methods()
    {
        var config = Load("""
            tunnel-group 192.0.2.1 type ipsec-l2l
            tunnel-group 192.0.2.1 ipsec-attributes
             ikev2 remote-authentication pre-shared-key theirs
             ikev2 local-authentication certificate TP
             ikev2 local-authentication pre-shared-key hex 0a0b0c
             ikev2 remote-authentication certificate
            """);
        var group = config.Get<TunnelGroup>("192.0.2.1")!;
        Assert.Equal("theirs"u8.ToArray(), group.Ikev2RemoteKey!.Octets());
        Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, group.Ikev2LocalKey!.Octets());
        string[] expected =
        [
            "tunnel-group 192.0.2.1 ipsec-attributes",
            " ikev2 local-authentication certificate TP",
            " ikev2 local-authentication pre-shared-key hex *****",
            " ikev2 remote-authentication certificate",
            " ikev2 remote-authentication pre-shared-key *****",
        ];
        var lines = RunningConfigRenderer.Body(config, unmasked: false).ToList();
        var at = lines.IndexOf(expected[0]);
        Assert.Equal(expected, lines.Skip(at).Take(expected.Length));
        Assert.Contains(" ikev2 remote-authentication pre-shared-key theirs", RunningConfigRenderer.Body(config, unmasked: true));

        var (cleared, _) = Apply(config, "tunnel-group 192.0.2.1 ipsec-attributes", "no ikev2 remote-authentication pre-shared-key");
        Assert.Null(cleared.Config.Get<TunnelGroup>("192.0.2.1")!.Ikev2RemoteKey);
        var (bad, _) = Apply(config, "tunnel-group 192.0.2.1 ipsec-attributes", "ikev2 local-authentication pre-shared-key hex xyz");
        Assert.Equal("ERROR: Invalid hex key", bad.Messages.Single().ToString());
    }

    [Fact]
    public void The_real_tunnel_group_capture_loads_and_renders_back_line_for_line()
    {
        var capture = File.ReadAllText(Path.Combine(Fixtures.Dir, "real-configs", "ntc-templates__cisco_asa_show_running-config_tunnel-group.cfg"));
        var loaded = ConfigLoader.Load(capture);
        Assert.Equal(0, loaded.Errors);
        var rendered = RunningConfigRenderer.Body(loaded.Config, unmasked: false).ToList();
        var ikev2 = ConfigLoader.SplitLines(capture).Where(l => l.TrimStart().StartsWith("ikev2 ", StringComparison.Ordinal)).ToList();
        var at = rendered.IndexOf(ikev2[0]);
        Assert.Equal(ikev2, rendered.Skip(at).Take(ikev2.Count));
    }

    [Fact]
    public void A_group_policy_takes_ikev2_as_a_tunnel_protocol()
    {
        var config = Load("group-policy L2L internal\ngroup-policy L2L attributes\n vpn-tunnel-protocol ikev2 ikev1\n");
        var line = Assert.Single(RunningConfigRenderer.Body(config, unmasked: false), l => l.StartsWith(" vpn-tunnel-protocol", StringComparison.Ordinal));
        Assert.Equal(["ikev1", "ikev2"], line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Order());
    }
}
