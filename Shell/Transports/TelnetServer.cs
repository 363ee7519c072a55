using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Transports;

/// <summary>How the telnet server treats logins.</summary>
public sealed record TelnetServerOptions
{
    /// <summary>Tries before the connection is closed.</summary>
    public int MaxLoginAttempts { get; init; } = 3;

    /// <summary>The wait after the n-th failed login is n times this.</summary>
    public TimeSpan FailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A connection that has not logged in after this long is closed.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Telnet sessions at once, as on the ASA; a connection beyond them is closed at once.</summary>
    public int MaxSessions { get; init; } = 5;

    /// <summary>The idle time after which a session is closed; null follows <c>telnet timeout</c> (minutes, default 5).</summary>
    public TimeSpan? IdleTimeout { get; init; }
}

/// <summary>
/// The telnet listener (reference §1.1): each connection negotiates its options, logs in as the
/// ASA does (with <c>aaa authentication telnet console LOCAL</c>: <c>Username:</c> and
/// <c>Password:</c> against the local users; otherwise <c>Password:</c> against <c>passwd</c>,
/// <c>cisco</c> by default), then runs a CLI session on the line editor. Failed logins are
/// answered more and more slowly, and the connection closes after the last try. A session idle
/// for <c>telnet timeout</c> minutes is closed. The <c>telnet ADDR MASK IF</c> access lines are
/// not checked: every client that reaches the listener may try to log in.
/// </summary>
public sealed class TelnetServer : IAsyncDisposable
{
    public const string Banner = "User Access Verification";

    private readonly Appliance _appliance;
    private readonly TelnetServerOptions _options;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];
    private readonly HashSet<TcpClient> _clients = [];
    private int _sessions;

    private TelnetServer(Appliance appliance, TcpListener listener, TelnetServerOptions options)
    {
        _appliance = appliance;
        _listener = listener;
        _options = options;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Listens on <paramref name="endPoint"/> (port 0 picks a free port) and serves connections until disposed.</summary>
    public static TelnetServer Start(Appliance appliance, IPEndPoint endPoint, TelnetServerOptions? options = null)
    {
        var listener = new TcpListener(endPoint);
        listener.Start();
        return new TelnetServer(appliance, listener, options ?? new TelnetServerOptions());
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException) { continue; }
            if (Interlocked.Increment(ref _sessions) > _options.MaxSessions)
            {
                Interlocked.Decrement(ref _sessions);
                client.Dispose();
                continue;
            }
            lock (_gate) _clients.Add(client);
            var task = ServeAsync(client);
            lock (_gate) _connections.Add(task);
            _ = task.ContinueWith(t =>
            {
                lock (_gate)
                {
                    _connections.Remove(t);
                    _clients.Remove(client);
                }
            }, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        await Task.Yield();
        using var _ = client;
        client.NoDelay = true;
        try
        {
            await using var telnet = new TelnetStream(client.GetStream()) { IdleTimeout = IdleTimeout };
            telnet.Negotiate();
            var terminal = new StreamTerminal(telnet, telnet);
            var login = await LoginAsync(terminal);
            if (login is null)
            {
                terminal.Flush();
                return;
            }
            // Debug output reaches the session after terminal monitor (the event bus's subscription).
            var origin = (client.Client.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "telnet";
            using var monitor = SessionMonitor.Open(_appliance, terminal, console: false, origin);
            var session = monitor.Session;
            session.Username = login.Username;
            if (telnet.Columns is { } columns) session.Width = Math.Clamp(columns, 24, 511);
            await session.RunAsync(_stop.Token);
            terminal.Flush();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or the server stopped: nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _sessions);
        }
    }

    private TimeSpan? IdleTimeout()
    {
        if (_options.IdleTimeout is { } fixedTimeout) return fixedTimeout;
        var minutes = _appliance.Config.Get<ManagementSetting>("telnet timeout")?.Value;
        return TimeSpan.FromMinutes(int.TryParse(minutes, out var m) && m > 0 ? m : 5);
    }

    /// <summary>Who logged in (a null name for the <c>passwd</c> login).</summary>
    private sealed record LoginResult(string? Username);

    private async Task<LoginResult?> LoginAsync(StreamTerminal terminal)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_options.LoginTimeout);
        var cancel = timeout.Token;
        terminal.Write("\r\n" + Banner + "\r\n\r\n");
        try
        {
            for (var attempt = 1; attempt <= _options.MaxLoginAttempts; attempt++)
            {
                var config = _appliance.Config;
                var local = config.Get<AaaAuthentication>("telnet") is { IsLocal: true };
                string? name = null;
                if (local)
                {
                    terminal.Write(LoginCommands.UsernamePrompt);
                    name = await terminal.ReadLineAsync(secret: false, cancel);
                    if (name is null) return null;
                }
                terminal.Write(LoginCommands.PasswordPrompt);
                var password = await terminal.ReadLineAsync(secret: true, cancel);
                if (password is null) return null;
                if (local && LoginCommands.Authenticate(config, name!.Trim(), password) is { } user) return new LoginResult(user.Name);
                if (!local && PasswdMatches(config, password)) return new LoginResult(null);
                terminal.Flush();
                await Task.Delay(_options.FailureDelay * attempt, cancel);
                terminal.Write((attempt < _options.MaxLoginAttempts ? LoginCommands.InvalidPassword : LoginCommands.LoginFailed) + "\r\n");
            }
        }
        catch (OperationCanceledException) { }
        return null;
    }

    /// <summary>The telnet password of a login without AAA: <c>passwd</c>, <c>cisco</c> when none is configured.</summary>
    public static bool PasswdMatches(AsaConfig config, string password)
    {
        var stored = config.Get<Passwd>()?.Password;
        if (stored is null) return AsaPasswordHash.Verify(null, password, DefaultLines.DefaultPasswdHash);
        return stored.Format == "encrypted" && AsaPasswordHash.Verify(null, password, stored.Hash);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        Task[] running;
        lock (_gate)
        {
            running = [.. _connections];
            // A session blocked writing to a client that does not read is freed by closing its socket.
            foreach (var client in _clients) client.Dispose();
        }
        await Task.WhenAll(running);
        _stop.Dispose();
    }
}
