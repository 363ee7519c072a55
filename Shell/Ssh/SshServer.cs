using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

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
    private CancellationTokenSource? _stop;
    private Socket? _listener;
    private Task _completion = Task.CompletedTask;

    /// <summary>Loads the host keys from the store, generating and saving them the first time.</summary>
    public SshServer(SshServerOptions options)
    {
        _options = options;
        _hostKeys = SshHostKeys.LoadOrCreate(options.HostKeyStore);
    }

    /// <summary>The bound endpoint once started.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount => _sessions.Count;

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
        _options.Log?.Invoke($"ssh server listening on {LocalEndPoint}");
        _completion = AcceptLoopAsync(listener, _stop.Token);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stop)
    {
        // Closing the listener is what interrupts a pending accept.
        using var registration = stop.Register(listener.Dispose);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptAsync(stop);
                }
                catch (SocketException ex) when (!stop.IsCancellationRequested)
                {
                    // Out of descriptors, a connection reset before accept: keep serving.
                    _options.Log?.Invoke($"ssh accept failed: {ex.SocketErrorCode}");
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
                    continue;
                }
                socket.NoDelay = true;
                var session = new SshServerSession(socket, _options, _hostKeys, stop);
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
                        ended.SetResult();
                    }
                });
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            listener.Dispose();
            await Task.WhenAll(_sessions.Values);
            _options.Log?.Invoke("ssh server stopped");
        }
    }

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
