namespace AsaEmu.ConfigModel.Tests;

/// <summary>Fixture files copied into the test output (from shared/reference).</summary>
internal static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Dir, name));

    public static IEnumerable<string> RealConfigs =>
        Directory.GetFiles(Path.Combine(Dir, "real-configs"), "*.cfg").Select(Path.GetFileName).Order()!;
}
