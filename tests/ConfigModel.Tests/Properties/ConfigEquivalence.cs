using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests.Properties;

/// <summary>
/// Two snapshots are equal as configs when they hold the same items (by kind and key) with the
/// same content, in the same show-run order. An item that only restates a default (hostname
/// ciscoasa, pager lines 24) equals its absence.
/// </summary>
internal static class ConfigEquivalence
{
    private static readonly HashSet<string> DefaultRenderings =
        DefaultLines.For(AsaConfig.Empty).SelectMany(d => d.Lines).ToHashSet();

    public static void AssertEquivalent(AsaConfig expected, AsaConfig actual)
    {
        var left = Describe(expected);
        var right = Describe(actual);
        Assert.Equal(left, right);
    }

    private static List<string> Describe(AsaConfig config)
    {
        var context = new RenderContext(config, Unmasked: true);
        return config.AllItems
            .OfType<IRendered>()
            .Select(i => (Item: (ConfigItem)i, Lines: string.Join("\n", i.Render(context))))
            .Where(x => !DefaultRenderings.Contains(x.Lines))
            .OrderBy(x => x.Item.Order)
            .Select(x => $"{x.Item.GetType().Name}[{x.Item.Key}] {x.Lines}")
            .ToList();
    }
}
