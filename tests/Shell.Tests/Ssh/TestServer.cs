using System.Collections.Concurrent;
using System.Net;
using AsaEmu.Shell.Ssh;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>An <see cref="SshServer"/> on 127.0.0.1 and a free port, with user admin / cisco123, stopped on dispose.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "cisco123";

    /// <summary>Host keys generated once for the whole test run (RSA 3072 takes a moment).</summary>
    private static readonly MemoryHostKeyStore SharedKeys = new();

    private readonly SshServer _server;
    private readonly CancellationTokenSource _stop = new();

    public TestServer(Func<SshServerOptions, SshServerOptions>? configure = null)
    {
        var options = new SshServerOptions
        {
            HostKeyStore = SharedKeys,
            Handler = new LineHandler(),
            Authenticator = a =>
                Task.FromResult(a.UserName == User && a.Password == Password && IPAddress.IsLoopback(a.Remote.Address)),
            AuthFailureDelay = _ => TimeSpan.FromMilliseconds(50),
            LoginTimeout = TimeSpan.FromSeconds(20),
            Log = OnLog,
        };
        lock (SharedKeys)
            _server = new SshServer(configure?.Invoke(options) ?? options);
        _server.Start(new IPEndPoint(IPAddress.Loopback, 0), _stop.Token);
    }

    public SshServer Server => _server;
    public int Port => _server.LocalEndPoint!.Port;
    public ConcurrentQueue<string> Logs { get; } = new();

    public string LogText => string.Join("\n", Logs);

    private readonly List<(string Text, int Count, TaskCompletionSource Seen)> _logWaiters = [];

    private void OnLog(string line)
    {
        lock (_logWaiters)
        {
            Logs.Enqueue(line);
            _logWaiters.RemoveAll(w => Occurrences(w.Text) >= w.Count && w.Seen.TrySetResult());
        }
    }

    private int Occurrences(string text) => Logs.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until the server has logged <paramref name="count"/> lines containing <paramref name="text"/> (a readiness signal; at most 20 s).</summary>
    public Task WaitForLogAsync(string text, int count = 1)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_logWaiters)
        {
            if (Occurrences(text) >= count) return Task.CompletedTask;
            _logWaiters.Add((text, count, seen));
        }
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Waits until the server has no connection left (at most 20 s for each next one to end): a session
    /// leaves the count before its end is logged (<c>ssh ADDR: ended</c>).
    /// </summary>
    public async Task WaitForNoConnectionsAsync()
    {
        while (true)
        {
            int ended;
            lock (_logWaiters) ended = Occurrences(": ended");
            if (_server.ConnectionCount == 0) return;
            await WaitForLogAsync(": ended", ended + 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        _stop.Dispose();
    }
}
