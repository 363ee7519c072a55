using System.Text;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>Boots an appliance in a temp directory and runs sessions on it, over a pipe or key by key.</summary>
public abstract class CliTestBase : IDisposable
{
    private readonly TempDirectory _dir = new();
    protected readonly FakeClock Clock = new();

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Appliance Boot(string startup = "") => Appliance.Boot(startup, new FileConfigStore(_dir.Path), Clock).Appliance;

    /// <summary>A session fed whole lines, as a pipe does (the fake echoes them).</summary>
    protected static async Task<string> Lines(Appliance appliance, params string[] lines)
    {
        var terminal = new FakeTerminal(lines);
        await new CliSession(appliance, terminal).RunAsync(CancellationToken.None);
        return terminal.Output;
    }

    /// <summary>A session on an interactive terminal fed these keys (as bytes), as telnet or SSH does.</summary>
    protected static Task<string> Keys(Appliance appliance, string keys) => Keys(appliance, Encoding.UTF8.GetBytes(keys));

    protected static async Task<string> Keys(Appliance appliance, byte[] keys)
    {
        var output = new MemoryStream();
        var terminal = new StreamTerminal(new MemoryStream(keys), output);
        await new CliSession(appliance, terminal).RunAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
