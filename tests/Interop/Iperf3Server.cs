using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// An iperf3 server for one test run (<c>-s -1</c>) in a namespace, handed back once it says it listens
/// (its "Server listening on" line, flushed by <c>--forceflush</c>): a client started before that is refused.
/// Disposing kills it if it is still there.
/// </summary>
public sealed class Iperf3Server : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Iperf3Server(Process process) => _process = process;

    /// <summary>What the server printed so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Iperf3Server Start(string ns, string bind)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new Iperf3Server(Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, "iperf3", "-s", "-1", "--forceflush", "-B", bind])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!);
        void Collect(string? line)
        {
            if (line is null) return;
            lock (server._output) server._output.AppendLine(line);
            if (line.StartsWith("Server listening on", StringComparison.Ordinal)) listening.TrySetResult();
        }
        server._process.OutputDataReceived += (_, e) => Collect(e.Data);
        server._process.ErrorDataReceived += (_, e) => Collect(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            server.Dispose();
            throw new InvalidOperationException($"iperf3 -s in netns {ns} did not listen on {bind}:\n{server.Output}");
        }
        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
