using AsaEmu.Shell.Core;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>
/// The CLI tests' base: each test boots appliances on its own <see cref="ShowHarness"/> (a temp directory,
/// the fake clock) and runs sessions on them, over a pipe or key by key.
/// </summary>
public abstract class CliTestBase : IDisposable
{
    private readonly ShowHarness _harness = new(config: null);

    protected FakeClock Clock => _harness.Clock;

    public void Dispose()
    {
        _harness.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Appliance Boot(string startup = "") => _harness.Boot(startup);

    /// <inheritdoc cref="ShowHarness.Lines"/>
    protected static Task<string> Lines(Appliance appliance, params string[] lines) => ShowHarness.Lines(appliance, lines);

    /// <inheritdoc cref="ShowHarness.Keys(Appliance, string)"/>
    protected static Task<string> Keys(Appliance appliance, string keys) => ShowHarness.Keys(appliance, keys);

    protected static Task<string> Keys(Appliance appliance, byte[] keys) => ShowHarness.Keys(appliance, keys);
}
