using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// The kit's topology with AsaEmu as the headend in netns hub (started by the kit's hub.sh with
/// the kit's asaemu-hub.cfg, or another config file). Disposing stops the headend and deletes the namespaces, also when
/// a test failed.
/// </summary>
public sealed class HubSession : IDisposable
{
    public string State { get; } = Path.Combine(Path.GetTempPath(), $"asaemu-interop-{System.Environment.ProcessId}");
    public Dictionary<string, string> Variables { get; }

    /// <param name="config">The headend's config file (default: the kit's asaemu-hub.cfg).</param>
    public HubSession(string? config = null)
    {
        Directory.CreateDirectory(State);
        var asaemu = Path.Combine(AppContext.BaseDirectory, "asaemu.dll");
        Variables = new Dictionary<string, string>
        {
            ["EZH_STATE"] = State,
            ["HUB"] = "custom",
            ["HUB_CMD"] = $"exec dotnet {asaemu} --config {config ?? Path.Combine(Kit.Dir, "asaemu-hub.cfg")} --no-console --ssh none --data-dir {Path.Combine(State, "data")}",
        };
        foreach (var (script, argument) in new[] { ("topo.sh", "up"), ("hub.sh", "up") })
        {
            var (code, output) = Run(script, argument);
            if (code == 0) continue;
            var log = HubLog;
            Dispose();
            throw new InvalidOperationException($"{script} {argument} failed: {output}\n{log}");
        }
    }

    public (int Code, string Output) Run(string script, string argument) => Kit.Run(script, argument, Variables);

    public string HubLog => File.Exists(Path.Combine(State, "hub-custom", "hub.log")) ? File.ReadAllText(Path.Combine(State, "hub-custom", "hub.log")) : "";

    private readonly System.Text.StringBuilder _vpncOutput = new();

    /// <summary>What vpnc printed (stdout and stderr) so far; complete once it has exited.</summary>
    public string VpncOutput { get { lock (_vpncOutput) return _vpncOutput.ToString(); } }

    /// <summary>Starts vpnc in netns cli with the kit's profile and knobs (DH, NATT, PFS); the caller stops it.</summary>
    public Process StartVpnc(IReadOnlyDictionary<string, string> knobs)
    {
        var start = new ProcessStartInfo("ip", ["netns", "exec", "cli", "bash", Path.Combine(Kit.Dir, "cli-vpnc", "cmd.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in Variables) start.Environment[k] = v;
        foreach (var (k, v) in knobs) start.Environment[k] = v;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_vpncOutput) _vpncOutput.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_vpncOutput) _vpncOutput.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>What vpnc's script was given (the kit's wrapper logs it).</summary>
    public string ScriptEnvironment => File.Exists(Path.Combine(State, "cli-vpnc", "script-env.log")) ? File.ReadAllText(Path.Combine(State, "cli-vpnc", "script-env.log")) : "";

    public void Dispose()
    {
        Run("hub.sh", "down");
        Run("topo.sh", "down");
        try { Directory.Delete(State, recursive: true); } catch (IOException) { }
    }
}
