using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

public class TunnelGroupTests
{
    private static IReadOnlyList<string> TunnelGroupLines(AsaConfig config, bool unmasked = false) =>
        RunningConfigRenderer.Slice(config, ["tunnel-group"], unmasked);

    [Fact]
    public void A_pre_8_4_trust_point_is_shown_as_ikev1_trust_point_and_its_no_form_removes_it()
    {
        const string Head = "tunnel-group EZ type remote-access\ntunnel-group EZ ipsec-attributes\n";

        var kept = ConfigLoader.Load(Head + " trust-point ASDM_TrustPoint0\n isakmp keepalive threshold 20 retry 3\n").Config;
        var removed = ConfigLoader.Load(Head + " ikev1 trust-point TP\n no trust-point TP\n").Config;

        Assert.Equal(
        [
            "tunnel-group EZ type remote-access",
            "tunnel-group EZ ipsec-attributes",
            " ikev1 trust-point ASDM_TrustPoint0",
            " isakmp keepalive threshold 20 retry 3",
        ], TunnelGroupLines(kept));
        Assert.Equal(["tunnel-group EZ type remote-access"], TunnelGroupLines(removed));
    }

    [Fact]
    public void Psk_is_masked_in_show_run_and_clear_when_unmasked()
    {
        var config = ConfigLoader.Load("tunnel-group EZ type remote-access\ntunnel-group EZ ipsec-attributes\n ikev1 pre-shared-key s3cret\n").Config;

        Assert.Equal(["tunnel-group EZ type remote-access", "tunnel-group EZ ipsec-attributes", " ikev1 pre-shared-key *****"], TunnelGroupLines(config));
        Assert.Equal(["tunnel-group EZ type remote-access", "tunnel-group EZ ipsec-attributes", " ikev1 pre-shared-key s3cret"], TunnelGroupLines(config, unmasked: true));
        Assert.Equal("s3cret", config.Get<TunnelGroup>("EZ")!.PreSharedKey);
    }

    [Fact]
    public void The_8_3_pre_shared_key_is_shown_in_the_9_x_spelling()
    {
        var config = ConfigLoader.Load("tunnel-group EZ type remote-access\ntunnel-group EZ ipsec-attributes\n pre-shared-key cisco\n").Config;

        Assert.Equal(" ikev1 pre-shared-key cisco", TunnelGroupLines(config, unmasked: true)[^1]);
        Assert.Equal(" ikev1 pre-shared-key *****", TunnelGroupLines(config)[^1]);
    }

    [Fact]
    public void A_key_longer_than_128_characters_is_invalid_input_and_never_kept()
    {
        var result = ConfigLoader.Load("tunnel-group EZ type remote-access\ntunnel-group EZ ipsec-attributes\n ikev1 pre-shared-key " + new string('k', 129) + "\n");

        Assert.Contains(result.Diagnostics, d => d.LineNumber == 3 && d.Severity == Severity.Error);
        Assert.Null(result.Config.Get<TunnelGroup>("EZ")!.PreSharedKey);
        Assert.DoesNotContain(TunnelGroupLines(result.Config, true), l => l.Contains("kkkk"));
    }

    [Fact]
    public void Built_in_groups_exist_from_the_factory_and_are_hidden_until_modified()
    {
        var fresh = ConfigLoader.Load("").Config;
        Assert.Equal(TunnelGroup.RemoteAccess, fresh.Get<TunnelGroup>("DefaultRAGroup")!.Type);
        Assert.Equal(TunnelGroup.LanToLan, fresh.Get<TunnelGroup>("DefaultL2LGroup")!.Type);
        Assert.Equal(TunnelGroup.WebVpn, fresh.Get<TunnelGroup>("DefaultWEBVPNGroup")!.Type);
        Assert.Empty(TunnelGroupLines(fresh));

        var modified = ConfigLoader.Load("tunnel-group DefaultRAGroup general-attributes\n default-group-policy DfltGrpPolicy\n" +
                                         "tunnel-group DefaultL2LGroup ipsec-attributes\n isakmp keepalive threshold 10 retry 2\n" +
                                         "tunnel-group DefaultRAGroup ipsec-attributes\n ikev1 pre-shared-key k\n").Config;
        Assert.Equal(["tunnel-group DefaultRAGroup ipsec-attributes", " ikev1 pre-shared-key *****"], TunnelGroupLines(modified));
    }

    [Fact]
    public void Default_attributes_are_hidden_and_an_empty_block_is_not_printed()
    {
        var result = ConfigLoader.Load(
            "tunnel-group 192.0.2.1 type ipsec-l2l\n" +
            "tunnel-group 192.0.2.1 general-attributes\n authentication-server-group LOCAL\n default-group-policy DfltGrpPolicy\n" +
            "tunnel-group 192.0.2.1 ipsec-attributes\n isakmp keepalive threshold 10 retry 2\n peer-id-validate req\n" +
            "tunnel-group RA type remote-access\n" +
            "tunnel-group RA ipsec-attributes\n isakmp keepalive threshold 10 retry 2\n peer-id-validate cert\n");

        Assert.Equal(0, result.Errors);
        Assert.Equal(
        [
            "tunnel-group 192.0.2.1 type ipsec-l2l",
            "tunnel-group RA type remote-access",
            "tunnel-group RA ipsec-attributes",
            " isakmp keepalive threshold 10 retry 2",
            " peer-id-validate cert",
        ], TunnelGroupLines(result.Config));
    }

    [Fact]
    public void General_attributes_render_in_the_asa_order_whatever_the_entry_order()
    {
        var result = ConfigLoader.Load(
            "group-policy GP internal\n" +
            "tunnel-group EZ type remote-access\n" +
            "tunnel-group EZ general-attributes\n" +
            " strip-realm\n default-group-policy GP\n authentication-server-group (outside) RAD LOCAL\n address-pool POOL1 POOL2\n dhcp-server 10.0.0.9\n");

        Assert.Equal(0, result.Errors);
        Assert.Equal(
        [
            "tunnel-group EZ type remote-access",
            "tunnel-group EZ general-attributes",
            " dhcp-server 10.0.0.9",
            " address-pool POOL1 POOL2",
            " authentication-server-group (outside) RAD LOCAL",
            " default-group-policy GP",
            " strip-realm",
        ], TunnelGroupLines(result.Config));
        var ez = result.Config.Get<TunnelGroup>("EZ")!;
        Assert.Equal(["POOL1", "POOL2"], ez.PoolsFor("outside"));
        Assert.Equal("GP", ez.EffectiveDefaultGroupPolicy);
    }

    [Fact]
    public void More_than_six_pools_are_refused()
    {
        var result = ConfigLoader.Load("tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n address-pool a b c d e f g\n");

        Assert.Contains(result.Diagnostics, d => d.LineNumber == 3 && d.Severity == Severity.Error);
        Assert.Empty(result.Config.Get<TunnelGroup>("EZ")!.AddressPools);
    }

    [Fact]
    public void Default_group_policy_naming_a_policy_not_yet_defined_is_a_warning()
    {
        var result = ConfigLoader.Load("tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n default-group-policy EZ\n");

        Assert.Equal(0, result.Errors);
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 3 && d.Severity == Severity.Warning);
        Assert.Equal("EZ", result.Config.Get<TunnelGroup>("EZ")!.DefaultGroupPolicy);
    }

    [Fact]
    public void Attributes_of_an_unknown_tunnel_group_are_refused()
    {
        var result = ConfigLoader.Load("tunnel-group NOPE general-attributes\n default-group-policy X\ntunnel-group NOPE webvpn-attributes\n group-url https://x enable\n");

        Assert.Contains(result.Diagnostics, d => d.LineNumber == 1 && d.Severity == Severity.Error && d.Message.Contains("NOPE"));
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 3 && d.Severity == Severity.Error);
        Assert.Null(result.Config.Get<TunnelGroup>("NOPE"));
        Assert.Empty(TunnelGroupLines(result.Config));
    }

    [Fact]
    public void Ipsec_ra_is_remote_access_with_a_warning_and_l2l_names_should_be_addresses()
    {
        var result = ConfigLoader.Load("tunnel-group OLD type ipsec-ra\ntunnel-group SITE type ipsec-l2l\ntunnel-group 10.1.1.1 type ipsec-l2l\n");

        Assert.Equal(TunnelGroup.RemoteAccess, result.Config.Get<TunnelGroup>("OLD")!.Type);
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 1 && d.Severity == Severity.Warning);
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 2 && d.Severity == Severity.Warning);
        Assert.DoesNotContain(result.Diagnostics, d => d.LineNumber == 3);
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public void No_forms_remove_groups_attributes_and_blocks_but_not_built_ins()
    {
        var result = ConfigLoader.Load(
            "tunnel-group A type remote-access\n" +
            "tunnel-group A general-attributes\n address-pool P\n strip-realm\n no address-pool\n no strip-realm\n" +
            "tunnel-group A ipsec-attributes\n ikev1 pre-shared-key k\n peer-id-validate nocheck\n no peer-id-validate\n chain\n" +
            "tunnel-group A ppp-attributes\n authentication pap\n" +
            "no tunnel-group A ppp-attributes\n" +
            "tunnel-group B type remote-access\nno tunnel-group B\n" +
            "no tunnel-group DefaultRAGroup\n");

        Assert.Null(result.Config.Get<TunnelGroup>("B"));
        Assert.NotNull(result.Config.Get<TunnelGroup>("DefaultRAGroup"));
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 17 && d.Severity == Severity.Error);
        Assert.Equal(
            ["tunnel-group A type remote-access", "tunnel-group A ipsec-attributes", " ikev1 pre-shared-key *****", " chain"],
            TunnelGroupLines(result.Config));

        var cleared = ConfigLoader.Load("clear configure tunnel-group A\n", start: result.Config).Config;
        Assert.Null(cleared.Get<TunnelGroup>("A"));
    }

    [Fact]
    public void The_ntc_tunnel_group_capture_re_renders_byte_for_byte_in_order()
    {
        var text = VpnFixtures.RealConfig("ntc-templates__cisco_asa_show_running-config_tunnel-group.cfg");
        var result = ConfigLoader.Load(text);

        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Severity.Error));
        // The capture is masked: its keys are "*****", so both renderings must match it.
        Assert.Equal(VpnFixtures.ConfigLines(text), TunnelGroupLines(result.Config));
        Assert.Equal(VpnFixtures.ConfigLines(text), TunnelGroupLines(result.Config, unmasked: true));
    }

    [Fact]
    public void Kept_ikev2_keys_are_masked_too()
    {
        var config = ConfigLoader.Load("tunnel-group 10.0.0.1 type ipsec-l2l\ntunnel-group 10.0.0.1 ipsec-attributes\n ikev2 remote-authentication pre-shared-key abc\n ikev2 local-authentication pre-shared-key def\n").Config;

        Assert.Equal([" ikev2 local-authentication pre-shared-key *****", " ikev2 remote-authentication pre-shared-key *****"], TunnelGroupLines(config).Skip(2));
        Assert.Equal([" ikev2 local-authentication pre-shared-key def", " ikev2 remote-authentication pre-shared-key abc"], TunnelGroupLines(config, true).Skip(2));
    }

    [Fact]
    public void Xauth_is_on_by_default_for_remote_access_and_none_turns_it_off()
    {
        var config = ConfigLoader.Load(
            "tunnel-group RA type remote-access\ntunnel-group RA ipsec-attributes\n ikev1 user-authentication xauth\n" +
            "tunnel-group OLD type remote-access\ntunnel-group OLD ipsec-attributes\n isakmp ikev1-user-authentication none\n" +
            "tunnel-group 10.0.0.1 type ipsec-l2l\n" +
            "tunnel-group RA general-attributes\n authentication-server-group (outside) RAD LOCAL\n").Config;

        Assert.Equal("xauth", config.Get<TunnelGroup>("RA")!.UserAuthenticationFor("outside"));
        Assert.Equal("none", config.Get<TunnelGroup>("OLD")!.UserAuthenticationFor(null));
        Assert.Equal("none", config.Get<TunnelGroup>("10.0.0.1")!.UserAuthenticationFor(null));
        Assert.Equal(new ServerGroupAssignment("outside", "RAD", true), config.Get<TunnelGroup>("RA")!.AuthenticationServerGroupFor("outside"));
        Assert.Equal(new ServerGroupAssignment(null, "LOCAL", false), config.Get<TunnelGroup>("RA")!.AuthenticationServerGroupFor("inside"));
        Assert.Equal(
        [
            "tunnel-group RA type remote-access",
            "tunnel-group RA general-attributes",
            " authentication-server-group (outside) RAD LOCAL",
            "tunnel-group OLD type remote-access",
            "tunnel-group OLD ipsec-attributes",
            " ikev1 user-authentication none",
            "tunnel-group 10.0.0.1 type ipsec-l2l",
        ], TunnelGroupLines(config));
    }

    [Fact]
    public void Each_block_opens_its_own_prompt_and_an_unknown_global_command_leaves_it()
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        var config = session.Apply(ConfigGrammar.Default.Factory, "tunnel-group EZ type remote-access").Config;

        var prompts = new List<string>();
        foreach (var line in new[] { "tunnel-group EZ general-attributes", "tunnel-group EZ ipsec-attributes", "tunnel-group EZ webvpn-attributes",
                     "tunnel-group EZ ppp-attributes", "authentication pap", "hostname fw" })
        {
            var result = session.Apply(config, line);
            Assert.Null(result.Error);
            config = result.Config;
            prompts.Add(session.Mode.Prompt);
        }

        Assert.Equal(["config-tunnel-general", "config-tunnel-ipsec", "config-tunnel-webvpn", "config-ppp", "config-ppp", "config"], prompts);
        Assert.Equal(["tunnel-group EZ type remote-access", "tunnel-group EZ ppp-attributes", " authentication pap"], TunnelGroupLines(config));
    }
}
