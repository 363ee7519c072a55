using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// The public real-world configs (Fixtures/real-configs, see SOURCES.md there) load, and the
/// device captures among them render back losslessly.
/// </summary>
public class RealConfigTests
{
    public static TheoryData<string> AllConfigs => new(Fixtures.RealConfigs);

    /// <summary>Captures of real ASA output (full or a show-run slice), as SOURCES.md classes them.</summary>
    public static TheoryData<string> DeviceCaptures => new(Fixtures.RealConfigs.Where(f =>
        f.StartsWith("oxidized__") || f.StartsWith("mockdevices__") || f == "netutils__asa_full_sent.cfg"
        || f.StartsWith("ntc-templates__")));

    [Theory]
    [MemberData(nameof(AllConfigs))]
    public void Every_real_config_loads_and_renders_without_an_exception(string file)
    {
        var result = ConfigLoader.Load(Fixtures.Read(Path.Combine("real-configs", file)));

        var rendered = RunningConfigRenderer.Render(result.Config, unmasked: true);
        Assert.EndsWith(": end\n", rendered);
        Assert.True(result.LineCount > 0);
    }

    /// <summary>The lines SOURCES.md lists as refused by a real ASA, with the ASA's error for each.</summary>
    private static readonly Dictionary<string, string[]> RefusedLines = new()
    {
        ["batfish__aaaAuthenticationAsa.cfg"] = ["9: ERROR: Interface name \"inside\" not found"],
        ["batfish__asa-security-level-permit-tracing.cfg"] =
            ["19: ERROR: This address conflicts with another interface's address", "24: ERROR: This address conflicts with another interface's address"],
        ["batfish__asa_ssh.cfg"] = ["5: ERROR: Interface name \"inside\" not found", "6: ERROR: Interface name \"mgmt\" not found"],
        ["batfish__cisco_webvpn.cfg"] =
        [
            "4: ERROR: group-policy GroupPolicy_NOC-VPN does not exist",
            .. Enumerable.Range(7, 13).Select(n => $"{n}: {InvalidInput}"),
            "59: ERROR: tunnel-group ffffffffff does not exist", $"60: {InvalidInput}",
        ],
        ["cisco-asav__nlb-az1-configuration.cfg"] = ["10: ERROR: Interface name \"inside\" not found", "20: ERROR: Interface name \"inside\" not found"],
        ["netutils__asa_nested_banner_sent.cfg"] = ["1: ERROR: group-policy Grs-POLICY does not exist", $"2: {InvalidInput}", $"3: {InvalidInput}"],
        ["pyntc__show_running-config.cfg"] = [$"57: {InvalidInput}"],
    };

    private const string InvalidInput = "ERROR: % Invalid input detected at '^' marker.";

    [Theory]
    [MemberData(nameof(AllConfigs))]
    public void Every_real_config_loads_with_errors_only_on_the_lines_sources_md_lists_as_refused(string file)
    {
        var result = LoadRealConfig(file);

        var errors = result.Diagnostics.Where(d => d.Severity == Commands.Severity.Error)
            .Select(d => $"{d.LineNumber}: {d.Message}");
        Assert.Equal(RefusedLines.GetValueOrDefault(file, []), errors);
    }

    /// <summary>
    /// A device's own output names only what the device has: loaded in show-run order (a slice on a
    /// box with what it names), no line warns that something it refers to does not exist.
    /// </summary>
    [Theory]
    [MemberData(nameof(DeviceCaptures))]
    public void Device_captures_refer_only_to_what_exists(string file)
    {
        var result = LoadRealConfig(file);

        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Commands.Severity.Warning && d.Message.Contains("does not exist")));
    }

    [Theory]
    [MemberData(nameof(DeviceCaptures))]
    public void Device_captures_render_back_every_config_line_byte_for_byte_in_order(string file)
    {
        var text = Fixtures.Read(Path.Combine("real-configs", file));
        var result = LoadRealConfig(file);
        var rendered = RunningConfigRenderer.Body(result.Config, unmasked: true);

        var expected = ConfigLoader.SplitLines(text).Where(l => !ConfigLoader.IsFraming(l)).ToList();
        var missing = MissingInOrder(expected, rendered);
        Assert.True(missing.Count == 0,
            $"{file}: {result.Errors} load errors ({string.Join("; ", result.Diagnostics.Where(d => d.Severity == Commands.Severity.Error).Take(5))})\n"
            + $"lines not rendered in order:\n{string.Join("\n", missing.Take(15).Select(m => $"[{m}]"))}\n--- rendered ---\n{string.Join("\n", rendered)}");
    }

    private static LoadResult LoadRealConfig(string file) =>
        ConfigLoader.Load(Fixtures.Read(Path.Combine("real-configs", file)), start: IsSlice(file) ? ConfigLoader.Load(SlicePreamble).Config : null);

    /// <summary>A show-run slice comes from a box that has the interfaces, pool, dynamic map and group-policy its lines name.</summary>
    private static bool IsSlice(string file) => file.StartsWith("ntc-templates__");

    private const string SlicePreamble =
        "interface GigabitEthernet0/0\n nameif outside\ninterface GigabitEthernet0/1\n nameif inside\n"
        + "interface GigabitEthernet0/2\n nameif WAN1\ninterface GigabitEthernet0/3\n nameif S2SVPN\n"
        + "interface GigabitEthernet0/4\n nameif vpn\n"
        + "ip local pool vpn_pool 198.18.99.1-198.18.99.254 mask 255.255.255.0\n"
        + "crypto ipsec ikev1 transform-set SLICE_TS esp-aes esp-sha-hmac\n"
        + "crypto dynamic-map SYSTEM_DEFAULT_CRYPTO_MAP 65535 set ikev1 transform-set SLICE_TS\n"
        + "group-policy default_gpol internal\n";

    /// <summary>The expected lines that are not found, in order, as a subsequence of the rendering.</summary>
    private static List<string> MissingInOrder(IReadOnlyList<string> expected, IReadOnlyList<string> rendered)
    {
        var missing = new List<string>();
        var at = 0;
        foreach (var line in expected)
        {
            var found = -1;
            for (var i = at; i < rendered.Count; i++)
                if (rendered[i] == line) { found = i; break; }
            if (found < 0) missing.Add(line);
            else at = found + 1;
        }
        return missing;
    }
}
