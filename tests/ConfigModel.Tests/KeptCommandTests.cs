using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>Valid ASA commands AsaEmu does not model are kept verbatim, with the lines of their sub-mode.</summary>
public class KeptCommandTests
{
    private const string Interfaces = "interface GigabitEthernet0/0\n nameif outside\n ip address 198.18.0.1 255.255.255.0\n";

    [Fact]
    public void A_dynamic_access_policy_record_is_a_mode_that_keeps_its_lines_and_its_webvpn_block()
    {
        string[] record =
        [
            "dynamic-access-policy-record vvvvvv",
            " user-message \"DISCONNECTED\"",
            " action terminate",
            " webvpn",
            "  url-list none",
            "dynamic-access-policy-record DfltAccessPolicy",
        ];

        var result = ConfigLoader.Load(string.Join("\n", record) + "\nhostname fw\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.KeptLines.ToArray());
        var rendered = RunningConfigRenderer.Body(result.Config, unmasked: true);
        Assert.Equal(record, rendered.SkipWhile(l => l != record[0]).Take(record.Length));
    }

    [Fact]
    public void The_dynamic_access_policy_record_prompt_is_the_asas()
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        var config = session.Apply(ConfigGrammar.Default.Factory, "dynamic-access-policy-record DAP1").Config;

        Assert.Equal("config-dynamic-access-policy-record", session.Mode.Prompt);
        Assert.Null(session.Apply(config, "action terminate").Error);
        Assert.Equal("config-dynamic-access-policy-record", session.Mode.Prompt);
    }

    [Theory]
    [InlineData("fragment size 200 outside")]
    [InlineData("fragment chain 24 outside")]
    [InlineData("fragment timeout 5 outside")]
    [InlineData("no ssh stack ciscossh")]
    [InlineData("ssh stack ciscossh")]
    [InlineData("dns-group DefaultDNS")]
    public void A_valid_unmodelled_line_is_kept_verbatim(string line)
    {
        var result = ConfigLoader.Load(Interfaces + line + "\n");

        Assert.Empty(result.Diagnostics.Where(d => d.Severity != Severity.Info));
        Assert.Equal([4], result.KeptLines.ToArray());
        Assert.Contains(line, RunningConfigRenderer.Body(result.Config, unmasked: true));
    }

    [Fact]
    public void A_dns_group_map_keeps_its_domain_mappings()
    {
        var result = ConfigLoader.Load("dns-group-map\n dns-to-domain InsideDNS eng.example.com\n");

        Assert.Empty(result.Diagnostics);
        var rendered = RunningConfigRenderer.Body(result.Config, unmasked: true);
        Assert.Equal(["dns-group-map", " dns-to-domain InsideDNS eng.example.com"], rendered.SkipWhile(l => l != "dns-group-map").Take(2));
    }
}
