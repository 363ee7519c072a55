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

    /// <summary>This run's hold on the kit's fixed namespace names, from before topo.sh up to after topo.sh down.</summary>
    private readonly NamespaceClaim? _claim;

    /// <summary>The telnet listener inside netns hub that <see cref="Show"/> logs in to.</summary>
    public const string TelnetAt = "127.0.0.1:2323";

    /// <param name="config">The headend's config text; null for the kit's asaemu-hub.cfg.</param>
    /// <param name="debug">A <c>debug crypto</c> level to start with (0: off); with <c>logging debug-trace</c> in the config the debug lines reach hub.log as 711001.</param>
    public HubSession(string? config = null, int debug = 0)
    {
        Directory.CreateDirectory(State);
        var asaemu = Path.Combine(AppContext.BaseDirectory, "asaemu.dll");
        var configFile = Path.Combine(Kit.Dir, "asaemu-hub.cfg");
        if (config is not null) File.WriteAllText(configFile = Path.Combine(State, "hub.cfg"), config);
        Variables = new Dictionary<string, string>
        {
            ["EZH_STATE"] = State,
            ["HUB"] = "custom",
            ["HUB_CMD"] = $"exec dotnet {asaemu} --config {configFile} --no-console --ssh none --telnet {TelnetAt} --debug {debug} --data-dir {Path.Combine(State, "data")}",
        };
        _claim = NamespaceClaim.TakeKit();
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

    /// <summary>Runs a kit script with extra knobs (e.g. <c>cli-strongswan/up.sh</c> with IKE_PROPOSALS).</summary>
    public (int Code, string Output) Run(string script, IReadOnlyDictionary<string, string> knobs)
    {
        var variables = new Dictionary<string, string>(Variables);
        foreach (var (k, v) in knobs) variables[k] = v;
        return Kit.Run(script, "", variables);
    }

    public string HubLog => File.Exists(Path.Combine(State, "hub-custom", "hub.log")) ? File.ReadAllText(Path.Combine(State, "hub-custom", "hub.log")) : "";

    private readonly System.Text.StringBuilder _vpncOutput = new();

    /// <summary>What vpnc printed (stdout and stderr) so far; complete once it has exited.</summary>
    public string VpncOutput { get { lock (_vpncOutput) return _vpncOutput.ToString(); } }

    /// <summary>Keeps one line of vpnc's output in <see cref="VpncOutput"/> and in the caller's collector.</summary>
    private void Collect(string? line, System.Text.StringBuilder? output)
    {
        if (line is null) return;
        lock (_vpncOutput) _vpncOutput.AppendLine(line);
        if (output is not null) lock (output) output.AppendLine(line);
    }

    /// <summary>Starts vpnc in netns cli with the kit's profile and knobs (DH, NATT, PFS); the caller stops it.</summary>
    /// <param name="output">Collects vpnc's stdout and stderr, when given.</param>
    public Process StartVpnc(IReadOnlyDictionary<string, string> knobs, System.Text.StringBuilder? output = null)
    {
        var start = new ProcessStartInfo("ip", ["netns", "exec", "cli", "bash", Path.Combine(Kit.Dir, "cli-vpnc", "cmd.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in Variables) start.Environment[k] = v;
        foreach (var (k, v) in knobs) start.Environment[k] = v;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data, output);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, output);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM (vpnc then sends its DELETEs), SIGKILL if it does not end within 10 s; its output is read to the end.</summary>
    public static void StopVpnc(Process vpnc) => StopVpnc(vpnc, TimeSpan.FromSeconds(10));

    /// <summary>
    /// As <see cref="StopVpnc(Process)"/>, with SIGKILL after <paramref name="grace"/>: a vpnc whose session the headend
    /// ended has nothing left to delete, and one that answered the headend's DELETE with a new Quick Mode retransmits it
    /// and takes no signal until it gives up.
    /// </summary>
    public static void StopVpnc(Process vpnc, TimeSpan grace)
    {
        if (!vpnc.HasExited)
            Process.Start("kill", ["-TERM", vpnc.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!vpnc.WaitForExit(grace)) vpnc.Kill(entireProcessTree: true);
        vpnc.WaitForExit(); // drains the asynchronous output readers
    }

    /// <summary>The kit's asaemu-hub.cfg, for tests that run the headend with a changed copy.</summary>
    public static string KitConfig => File.ReadAllText(Path.Combine(Kit.Dir, "asaemu-hub.cfg"));

    /// <summary>
    /// Runs show commands on the headend's CLI (telnet inside netns hub, password <c>cisco</c>,
    /// empty enable password) and returns the transcript.
    /// </summary>
    public string Show(params string[] commands) => ShowIn("hub", TelnetAt, commands);

    /// <summary>Runs show commands on an AsaEmu CLI reached by telnet at <paramref name="at"/> inside netns <paramref name="ns"/> (as <see cref="Show"/>).</summary>
    public static string ShowIn(string ns, string at, params string[] commands)
    {
        var start = new ProcessStartInfo("ip", ["netns", "exec", ns, Probe.Python, "-c", TelnetScript, .. at.Split(':'), .. commands])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000)) process.Kill(entireProcessTree: true);
        return output.Result + error.Result;
    }

    /// <summary>A minimal telnet client: ignores option negotiation, waits for each prompt, sends a line.</summary>
    private const string TelnetScript = """
        import socket, sys, time
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
        seen = b''
        def until(*marks):
            global seen
            end = time.time() + 10
            while time.time() < end:
                text = seen.replace(b'\xff', b'')
                for m in marks:
                    if text.rstrip().endswith(m):
                        out, seen = seen, b''
                        return out
                data = s.recv(4096)
                if not data: break
                seen += data
            raise SystemExit('no prompt %r in %r' % (marks, seen))
        def send(line): s.sendall(line.encode() + b'\r\n')
        until(b'Password:'); send('cisco')
        until(b'>'); send('enable')
        until(b'Password:'); send('')
        until(b'#'); send('terminal pager 0')
        until(b'#')
        for command in sys.argv[3:]:
            send(command)
            sys.stdout.write(until(b'#').decode('ascii', 'replace').replace('\r', ''))
        send('exit')
        """;

    /// <summary>What vpnc's script was given (the kit's wrapper logs it).</summary>
    public string ScriptEnvironment => File.Exists(Path.Combine(State, "cli-vpnc", "script-env.log")) ? File.ReadAllText(Path.Combine(State, "cli-vpnc", "script-env.log")) : "";

    public void Dispose()
    {
        Run("hub.sh", "down");
        Run("topo.sh", "down");
        try { Directory.Delete(State, recursive: true); } catch (IOException) { }
        _claim?.Dispose();
    }
}
