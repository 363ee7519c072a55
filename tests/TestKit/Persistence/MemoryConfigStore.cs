using AsaEmu.Shell.Persistence;

namespace AsaEmu.TestKit.Persistence;

/// <summary>A startup-config kept in memory (the test double of <see cref="FileConfigStore"/>).</summary>
public sealed class MemoryConfigStore(string? startup = null) : IConfigStore
{
    public string? Text { get; private set; } = startup;

    public string? LoadStartup() => Text;

    public void SaveStartup(string text) => Text = text;
}
