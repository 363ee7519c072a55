using AsaEmu.ConfigModel.Loading;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>Fixture files and the comparison the VPN-area tests share.</summary>
internal static class VpnFixtures
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string RealConfig(string name) => Read(Path.Combine("real-configs", name));

    /// <summary>The config lines of a file: no framing (<c>!</c>, blank, headers), ends of line removed.</summary>
    public static List<string> ConfigLines(string text) =>
        ConfigLoader.SplitLines(text).Where(l => !ConfigLoader.IsFraming(l)).ToList();

    /// <summary>The first index of <paramref name="expected"/> as a contiguous run in <paramref name="actual"/>, or -1.</summary>
    public static int IndexOfRun(IReadOnlyList<string> actual, IReadOnlyList<string> expected)
    {
        for (var i = 0; i + expected.Count <= actual.Count; i++)
            if (expected.Select((e, k) => actual[i + k] == e).All(x => x)) return i;
        return -1;
    }
}
