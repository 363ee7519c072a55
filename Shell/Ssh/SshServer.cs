using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AsaEmu.Shell.Listeners;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// The appliance's SSH server: listens on one endpoint and runs every accepted connection on its
/// own task, so that one bad client never holds up another.
/// <code>
/// await using var server = new SshServer(new SshServerOptions { HostKeyStore = ..., Authenticator = ..., Handler = ... });
/// server.Start(new IPEndPoint(IPAddress.Any, 22), stoppingToken);
/// // server.LocalEndPoint has the bound port (when 0 was asked); await server.Completion to run until stopped.
/// </code>
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private readonly SshServerOptions _options;
    private readonly SshHostKeys _hostKeys;
    private readonly ConcurrentDictionary<SshServerSession, Task> _sessions = new();
    private readonly StartupLimiter _startups;
    private CancellationTokenSource? _stop;
    private Socket? _listener;
    private Task _completion = Task.CompletedTask;

    /// <summary>Loads the host keys from the store, generating and saving them the first time.</summary>
    public SshServer(SshServerOptions options)
    {
        _options = options;
        _hostKeys = SshHostKeys.LoadOrCreate(options.HostKeyStore);
        _startups = new StartupLimiter(options.Startups);
    }

    /// <summary>The bound endpoint once started.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount => _sessions.Count;

    /// <summary>Connections open that have not logged in yet (never more than <see cref="SshServerOptions.Startups"/> allows).</summary>
    public int UnauthenticatedCount => _startups.Count;

    /// <summary>Completes when the server has stopped and every connection has ended.</summary>
    public Task Completion => _completion;

    /// <summary>Binds and starts accepting; the server stops when <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Start(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        if (_listener is not null)
            throw new InvalidOperationException("the server is already started");
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Log($"ssh server listening on {LocalEndPoint}");
        _completion = AcceptLoopAsync(listener, _stop.Token);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stop)
    {
        // Closing the listener is what interrupts a pending accept.
        using var registration = stop.Register(listener.Dispose);
        try
        {
            await AcceptLoop.RunAsync(listener.AcceptAsync, socket => Admit(socket, stop), message => Log($"ssh {message}"), stop);
        }
        finally
        {
            listener.Dispose();
            await Task.WhenAll(_sessions.Values);
            Log("ssh server stopped");
        }
    }

    /// <summary>
    /// Starts a session for an accepted connection, or closes it at once, before a byte is read or
    /// written: a source the accept filter refuses, or one past the startup limits.
    /// </summary>
    private void Admit(Socket socket, CancellationToken stop)
    {
        if (AcceptLoop.EndPointsOf(socket) is not var (remote, local))
        {
            socket.Dispose();
            return;
        }
        if (!Permitted(remote, local))
        {
            Log($"ssh {remote}: refused, not permitted to {local}");
            socket.Dispose();
            return;
        }
        if (_startups.TryAdmit(remote.Address, out var refusal) is not { } startup)
        {
            Log($"ssh {remote}: refused, {refusal} (limits {_startups.Limits})");
            socket.Dispose();
            return;
        }
        SshServerSession session;
        try
        {
            socket.NoDelay = true;
            session = new SshServerSession(socket, remote, _options, _hostKeys, startup, stop);
        }
        catch
        {
            startup.Dispose();
            throw; // the accept loop closes the socket
        }
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessions[session] = ended.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await session.RunAsync();
            }
            finally
            {
                _sessions.TryRemove(session, out _);
                Log($"ssh {remote}: ended");
                ended.SetResult();
            }
        });
    }

    private bool Permitted(IPEndPoint remote, IPEndPoint local)
    {
        try
        {
            return _options.AcceptFilter?.Invoke(remote, local) ?? true;
        }
        catch (Exception ex)
        {
            // A filter that cannot answer lets nobody in.
            Log($"ssh {remote}: accept filter failed: {ex.Message}");
            return false;
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    /// <summary>Stops accepting, closes every connection and waits for them.</summary>
    public async Task StopAsync()
    {
        if (_stop is { } stop)
            await stop.CancelAsync();
        await _completion;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop?.Dispose();
    }
}
