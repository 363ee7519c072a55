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
        ["hostname", "domain-name", "enable", "passwd", "names", "name", "banner", "pager", "logging", "aaa", "ssh", "telnet", "mtu"];

    private static string? NoForm(string line) =>
        Removable.Contains(line.Split(' ')[0]) ? "no " + line : null;

    private static readonly Gen<List<string>> Script =
        Gen.Int[1, 4].SelectMany(count =>
            ConfigGen.WithNoForms(
                Gen.Select(ConfigGen.Interfaces(count), ConfigGen.Identity(count), (a, b) => a.Concat(b).ToList()),
                NoForm));

    [Fact]
    public void Parsing_the_unmasked_rendering_gives_back_an_equal_config()
    {
        Script.Sample(lines =>
        {
            var original = ConfigLoader.Load(string.Join("\n", lines));
            Assert.Empty(original.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d}: {d.Line}"));

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
