using System.Text;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// The Shell tests' one appliance harness: boots appliances from config text on a config store in a temp
/// directory (removed on dispose) with the fake clock, and runs sessions on them: commands at <c>#</c>
/// returning what each printed (<see cref="Show"/>, <see cref="Open"/> and <see cref="Run"/>), whole lines
/// as a pipe gives them (<see cref="Lines"/>), keys as telnet or SSH give them (<see cref="Keys(Appliance, string)"/>).
/// </summary>
public sealed class ShowHarness : IDisposable
{
    public const string Config =
        "hostname asa1\n" +
        "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0 \n" +
        "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 192.168.1.1 255.255.255.0 \n" +
        "interface GigabitEthernet0/2\n shutdown\n no nameif\n no security-level\n no ip address\n" +
        "access-list SPLIT standard permit 192.168.1.0 255.255.255.0 \n" +
        "access-list VPN extended permit ip 192.168.1.0 255.255.255.0 10.10.10.0 255.255.255.0 \n" +
        "logging enable\n" +
        "logging timestamp\n" +
        "logging buffered debugging\n" +
        "ip local pool POOL 10.10.10.1-10.10.10.5 mask 255.255.255.0\n" +
        "route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n" +
        "route inside 172.16.0.0 255.240.0.0 192.168.1.254 1\n";

    /// <summary>The built-in config (an EzVPN headend) with a default route.</summary>
    public static readonly string VpnConfig = DefaultConfig.DefaultStartupConfig.Text.Replace(": end\n", "") +
        "route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n";

    private readonly TempDirectory _dir = new();
    private readonly Appliance? _appliance;

    /// <param name="config">The startup config of <see cref="Appliance"/>; null boots none (<see cref="Boot"/> boots each).</param>
    public ShowHarness(string? config = Config)
    {
        Store = new FileConfigStore(_dir.Path);
        if (config is not null) _appliance = Boot(config);
    }

    public FakeClock Clock { get; } = new();

    /// <summary>The config store every appliance of the harness saves to (<c>write memory</c>) and reloads from.</summary>
    public FileConfigStore Store { get; }

    public Appliance Appliance => _appliance ?? throw new InvalidOperationException("the harness booted no appliance: Boot(startup) boots one");

    /// <summary>Boots an appliance from <paramref name="startup"/> on the harness's store and clock.</summary>
    public Appliance Boot(string startup = "") => Appliance.Boot(startup, Store, Clock).Appliance;

    /// <summary>Boots as the process does after a reload: from the startup-config <c>write memory</c> saved, else from <paramref name="startup"/>.</summary>
    public Appliance Reload(string startup = "") => Boot(Store.LoadStartup() ?? startup);

    /// <summary>Opens a privileged session (console or vty) without echo, ready for commands.</summary>
    public async Task<(SessionMonitor Monitor, FakeTerminal Terminal)> Open(bool console = true, string origin = "console")
    {
        var terminal = new FakeTerminal { Echo = false };
        var monitor = SessionMonitor.Open(Appliance, terminal, console, origin);
        terminal.Type("");
        await monitor.Session.ExecuteAsync("enable");
        return (monitor, terminal);
    }

    /// <summary>Runs <paramref name="command"/> on a session and returns only what it printed.</summary>
    public static async Task<string> Run(SessionMonitor monitor, FakeTerminal terminal, string command)
    {
        await monitor.WaitIdleAsync();
        var before = terminal.Output.Length;
        await monitor.Session.ExecuteAsync(command);
        var output = terminal.Output[before..];
        await monitor.WaitIdleAsync();
        return output;
    }

    /// <summary>Runs the commands in a fresh privileged console session and returns what the last one printed.</summary>
    public async Task<string> Show(params string[] commands)
    {
        var (monitor, terminal) = await Open();
        using (monitor)
        {
            var output = "";
            foreach (var command in commands) output = await Run(monitor, terminal, command);
            return output;
        }
    }

    /// <summary>A session fed whole lines, as a pipe does (the fake echoes them); what it printed.</summary>
    public static async Task<string> Lines(Appliance appliance, params string[] lines)
    {
        var terminal = new FakeTerminal(lines);
        await new CliSession(appliance, terminal).RunAsync(CancellationToken.None);
        return terminal.Output;
    }

    /// <summary>A session on an interactive terminal fed these keys (as bytes), as telnet or SSH does; what it printed.</summary>
    public static Task<string> Keys(Appliance appliance, string keys) => Keys(appliance, Encoding.UTF8.GetBytes(keys));

    public static async Task<string> Keys(Appliance appliance, byte[] keys)
    {
        var output = new MemoryStream();
        var terminal = new StreamTerminal(new MemoryStream(keys), output);
        await new CliSession(appliance, terminal).RunAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public void Dispose() => _dir.Dispose();
}
