using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// A line naming a dynamic map, transform set or pool that does not exist (yet) is taken with a
/// WARNING, as a missing group-policy is; the same lines in show-run order warn about nothing.
/// </summary>
public class ReferenceWarningTests
{
    private static List<string> Messages(LoadResult result) => result.Diagnostics.Select(d => $"{d.LineNumber}: {d.Message}").ToList();

    [Fact]
    public void A_crypto_map_entry_naming_a_missing_dynamic_map_warns_and_is_kept()
    {
        var result = ConfigLoader.Load("crypto map M 10 ipsec-isakmp dynamic NODYN\n");

        Assert.Equal(["1: WARNING: crypto dynamic-map NODYN does not exist"], Messages(result));
        Assert.Equal("NODYN", result.Config.Get<CryptoMap>("M")!.Entries[10].DynamicMap);
    }

    [Theory]
    [InlineData("set ikev1 transform-set")]
    [InlineData("set transform-set")]
    public void A_dynamic_map_naming_missing_transform_sets_warns_once_for_each_and_keeps_them(string spelling)
    {
        var result = ConfigLoader.Load(
            $"crypto ipsec ikev1 transform-set TS esp-aes esp-sha-hmac\ncrypto dynamic-map DYN 30 {spelling} NOTS TS OTHER NOTS\n");

        Assert.Equal(
            ["2: WARNING: Transform set NOTS does not exist", "2: WARNING: Transform set OTHER does not exist"],
            Messages(result));
        Assert.Equal(["NOTS", "TS", "OTHER"], result.Config.Get<DynamicMap>("DYN")!.Entries[30].TransformSets);
    }

    [Fact]
    public void An_address_pool_naming_a_missing_pool_warns_and_is_kept()
    {
        var result = ConfigLoader.Load(
            "ip local pool POOL 198.18.1.1-198.18.1.10\ntunnel-group RA type remote-access\ntunnel-group RA general-attributes\n"
            + " address-pool POOL NOPOOL\n");

        Assert.Equal(["4: WARNING: IP local pool NOPOOL does not exist"], Messages(result));
        Assert.Contains(" address-pool POOL NOPOOL", RunningConfigRenderer.Slice(result.Config, ["tunnel-group"], unmasked: false));
    }

    [Fact]
    public void Definitions_before_their_references_as_show_run_prints_them_give_no_warning()
    {
        var result = ConfigLoader.Load(
            "ip local pool POOL 198.18.1.1-198.18.1.10\n"
            + "crypto ipsec ikev1 transform-set TS esp-aes esp-sha-hmac\n"
            + "crypto dynamic-map DYN 30 set ikev1 transform-set TS\n"
            + "crypto map M 65535 ipsec-isakmp dynamic DYN\n"
            + "tunnel-group RA type remote-access\ntunnel-group RA general-attributes\n address-pool (inside) POOL\n");

        Assert.Empty(Messages(result));
    }

    [Fact]
    public void A_static_crypto_map_naming_a_transform_set_defined_elsewhere_does_not_warn_about_it()
    {
        var result = ConfigLoader.Load("crypto map M 10 set ikev1 transform-set NOTS\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("NOTS"));
    }

    [Fact]
    public void The_no_forms_of_the_references_do_not_warn()
    {
        var result = ConfigLoader.Load(
            "crypto dynamic-map DYN 30 set reverse-route\nno crypto dynamic-map DYN 30 set ikev1 transform-set NOTS\n"
            + "crypto map M 10 set peer 198.18.0.1\nno crypto map M 10 ipsec-isakmp dynamic NODYN\n"
            + "tunnel-group RA type remote-access\ntunnel-group RA general-attributes\n no address-pool NOPOOL\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("does not exist"));
    }
}
