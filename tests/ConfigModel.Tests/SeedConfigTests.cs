using System.Text.RegularExpressions;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>The seed config (shared/reference/seed-config.txt): unindented sub-modes, blank lines, 8.3 spellings.</summary>
public partial class SeedConfigTests
{
    [Fact]
    public void The_seed_config_loads_with_no_error()
    {
        var result = ConfigLoader.Load(Fixtures.Read("seed-config.txt"));

        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Severity.Error));
        Assert.Empty(result.KeptLines);
    }

    [Fact]
    public void Show_running_config_of_the_seed_matches_the_asa_layout()
    {
        var result = ConfigLoader.Load(Fixtures.Read("seed-config.txt"));

        var rendered = RunningConfigRenderer.Render(result.Config, unmasked: false);

        var golden = Fixtures.Read("seed-running-config.golden");
        Assert.Matches(ChecksumLine(), rendered);
        Assert.Equal(golden, ChecksumLine().Replace(rendered, "Cryptochecksum:################################"));
    }

    [Fact]
    public void The_unmasked_rendering_shows_the_pre_shared_key_in_clear()
    {
        var config = ConfigLoader.Load(Fixtures.Read("seed-config.txt")).Config;

        Assert.Contains(" ikev1 pre-shared-key cisco", RunningConfigRenderer.Body(config, unmasked: true));
        Assert.DoesNotContain(" ikev1 pre-shared-key cisco", RunningConfigRenderer.Body(config, unmasked: false));
    }

    [GeneratedRegex("Cryptochecksum:[0-9a-f]{32}")]
    private static partial Regex ChecksumLine();
}
