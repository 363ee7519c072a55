using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;
using CsCheck;

namespace AsaEmu.ConfigModel.Tests.Properties;

/// <summary>
/// For generated valid configs, parsing the unmasked rendering gives back an equal config, and
/// loading a rendering twice changes nothing.
/// </summary>
public class RoundTripProperties
{
    private static readonly string[] Removable =
        ["hostname", "domain-name", "enable", "passwd", "names", "name", "banner", "pager", "logging", "aaa", "ssh", "telnet", "mtu", "route"];

    /// <summary>The no form of a line whose removal leaves no dangling reference behind.</summary>
    private static string? NoForm(string line)
    {
        var words = line.Split(' ');
        if (Removable.Contains(words[0])) return "no " + line;
        if (line.StartsWith("crypto map MAP 10 set", StringComparison.Ordinal) || line.StartsWith("crypto dynamic-map DYN 10 set pfs", StringComparison.Ordinal)
            || line.StartsWith("crypto ipsec security-association", StringComparison.Ordinal) || line.StartsWith("crypto isakmp nat-traversal", StringComparison.Ordinal)
            || line.StartsWith("crypto ipsec df-bit", StringComparison.Ordinal) || line.StartsWith("crypto ipsec fragmentation", StringComparison.Ordinal)
            || line.StartsWith("access-list ACL0 remark", StringComparison.Ordinal) || line.StartsWith("username other", StringComparison.Ordinal))
            return "no " + line;
        return null;
    }

    /// <summary>Interfaces first (everything refers to them), then identity, addressing, crypto, remote access.</summary>
    private static readonly Gen<List<string>> Script =
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 3]).SelectMany(counts =>
            ConfigGen.WithNoForms(
                Gen.Select(ConfigGen.Interfaces(counts.Item1), ConfigGen.Identity(counts.Item1), VpnConfigGen.Addressing(counts.Item2),
                    VpnConfigGen.Crypto(counts.Item2), VpnConfigGen.RemoteAccess(counts.Item2),
                    (a, b, c, d, e) => a.Concat(b).Concat(c).Concat(d).Concat(e).ToList()),
                NoForm));

    [Fact]
    public void Parsing_the_unmasked_rendering_gives_back_an_equal_config()
    {
        Script.Sample(lines =>
        {
            var original = ConfigLoader.Load(string.Join("\n", lines), keepSpacing: false);
            var errors = original.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d}: {d.Line}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));

            var rendering = RunningConfigRenderer.Render(original.Config, unmasked: true);
            var reloaded = ConfigLoader.Load(rendering);

            Assert.Empty(reloaded.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d}: {d.Line}"));
            ConfigEquivalence.AssertEquivalent(original.Config, reloaded.Config);
        }, iter: 300);
    }

    [Fact]
    public void Loading_a_rendering_twice_changes_nothing()
    {
        Script.Sample(lines =>
        {
            var once = RunningConfigRenderer.Render(ConfigLoader.Load(string.Join("\n", lines)).Config, unmasked: true);
            var twice = RunningConfigRenderer.Render(ConfigLoader.Load(once).Config, unmasked: true);
            var thrice = RunningConfigRenderer.Render(ConfigLoader.Load(twice).Config, unmasked: true);

            Assert.Equal(once, twice);
            Assert.Equal(twice, thrice);
        }, iter: 300);
    }
}
