using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Listeners;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Transports;

/// <summary>How the telnet server treats connections and logins.</summary>
public sealed record TelnetServerOptions
{
    /// <summary>Tries before the connection is closed.</summary>
    public int MaxLoginAttempts { get; init; } = 3;

    /// <summary>The wait after the n-th failed login is n times this, on the appliance's clock.</summary>
    public TimeSpan FailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A connection that has not logged in after this long is closed: 30 s, as for SSH (see
    /// <see cref="Ssh.SshServerOptions.LoginTimeout"/>), time enough to type a name and a password.
    /// </summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Logged-in telnet sessions at once, as on the ASA; a connection that arrives while they are all taken is closed at once.</summary>
    public int MaxSessions { get; init; } = 5;

    /// <summary>Connections still at the login prompt: limited apart from the sessions, so that idle ones cannot keep a real login out.</summary>
    public StartupLimits Startups { get; init; } = StartupLimits.Telnet;

    /// <summary>The idle time after which a session is closed; null follows <c>telnet timeout</c> (minutes, default 5).</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Receives a line per refused connection or failed accept; may be null.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The listener's accept (a seam: tests inject failures such as running out of descriptors).</summary>
    internal Func<TcpListener, CancellationToken, ValueTask<Socket>> Accept { get; init; } = (listener, cancel) => listener.AcceptSocketAsync(cancel);

    /// <summary>The pause after a failed accept (a seam: tests watch the back-off).</summary>
    internal Func<TimeSpan, CancellationToken, Task>? AcceptPause { get; init; }
}

/// <summary>
/// The telnet listener (reference §1.1): each connection negotiates its options, logs in as the
/// ASA does (with <c>aaa authentication telnet console LOCAL</c>: <c>Username:</c> and
/// <c>Password:</c> against the local users; otherwise <c>Password:</c> against <c>passwd</c>,
/// <c>cisco</c> by default), then runs a CLI session on the line editor. Failed logins are
/// answered more and more slowly, and the connection closes after the last try; they count toward
/// the local users' lockout and the per-source throttle, and each try is logged (605004/605005).
/// A <c>nopassword</c> user cannot log in over telnet. A session idle for <c>telnet timeout</c>
/// minutes is closed.
/// <para>
/// At accept, before a byte is read or written: a connection to an interface's address is let
/// in only from a source a <c>telnet ADDR MASK IF</c> line of that interface permits; one to an
/// address no interface has (the usual <c>--telnet 127.0.0.1:PORT</c>) is management access,
/// which the lines do not govern, as on the <c>--ssh</c> listener. Connections still at the login
/// prompt are limited on their own (<see cref="TelnetServerOptions.Startups"/>) and give up after
/// <see cref="TelnetServerOptions.LoginTimeout"/>; the <see cref="TelnetServerOptions.MaxSessions"/>
/// places count logged-in sessions only.
/// </para>
/// </summary>
public sealed class TelnetServer : IAsyncDisposable
{
    public const string Banner = "User Access Verification";

    private readonly Appliance _appliance;
    private readonly TelnetServerOptions _options;
    private readonly TcpListener _listener;
    private readonly StartupLimiter _startups;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];
    private readonly HashSet<Socket> _clients = [];
    private int _sessions;

    private TelnetServer(Appliance appliance, TcpListener listener, TelnetServerOptions options)
    {
        _appliance = appliance;
        _listener = listener;
        _options = options;
        _startups = new StartupLimiter(options.Startups);
        _accepting = AcceptLoop.RunAsync(cancel => options.Accept(listener, cancel), Admit, message => Log($"telnet {message}"), _stop.Token, options.AcceptPause);
    }

    /// <summary>Listens on <paramref name="endPoint"/> (port 0 picks a free port) and serves connections until disposed.</summary>
    public static TelnetServer Start(Appliance appliance, IPEndPoint endPoint, TelnetServerOptions? options = null)
    {
        var listener = new TcpListener(endPoint);
        listener.Start();
        options ??= new TelnetServerOptions();
        // Refused connections and failed accepts go to the log with the rest.
        if (options.Log is null) options = options with { Log = HostLog.Diagnostics(appliance.Events) };
        options.Log?.Invoke($"telnet server listening on {listener.LocalEndpoint}");
        return new TelnetServer(appliance, listener, options);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Logged-in sessions now.</summary>
    public int SessionCount => Volatile.Read(ref _sessions);

    /// <summary>Connections at the login prompt now.</summary>
    public int UnauthenticatedCount => _startups.Count;

    /// <summary>Serves an accepted connection, or closes it at once: a source the <c>telnet</c> lines refuse, no session place left, too many at the login prompt.</summary>
    private void Admit(Socket socket)
    {
        if (AcceptLoop.EndPointsOf(socket) is not var (remote, local))
        {
            socket.Dispose();
            return;
        }
        string? refusal = null;
        StartupLimiter.Startup? startup = null;
        if (!ManagementAccessCheck.Permits(_appliance.Config, "telnet", local.Address, remote.Address))
            refusal = $"not permitted to {local}";
        else if (SessionCount >= _options.MaxSessions)
            refusal = $"all {_options.MaxSessions} sessions in use";
        else if ((startup = _startups.TryAdmit(remote.Address, out var why)) is null)
            refusal = $"{why} (limits {_startups.Limits})";
        if (startup is null)
        {
            Log($"telnet {remote}: refused, {refusal}");
            socket.Dispose();
            return;
        }
        lock (_gate) _clients.Add(socket);
        var task = ServeAsync(socket, remote, startup);
        lock (_gate) _connections.Add(task);
        _ = task.ContinueWith(t =>
        {
            lock (_gate)
            {
                _connections.Remove(t);
                _clients.Remove(socket);
            }
        }, TaskScheduler.Default);
    }

    private async Task ServeAsync(Socket socket, IPEndPoint remote, StartupLimiter.Startup startup)
    {
        await Task.Yield();
        try
        {
            socket.NoDelay = true;
            await using var telnet = new TelnetStream(new NetworkStream(socket, ownsSocket: true)) { IdleTimeout = IdleTimeout };
            await telnet.NegotiateAsync();
            var terminal = new StreamTerminal(telnet, telnet);
            LoginResult? login;
            using (startup)
                login = await LoginAsync(terminal, remote, (IPEndPoint)socket.LocalEndPoint!);
            if (login is null)
            {
                await terminal.FlushAsync();
                return;
            }
            // The places are checked at accept too; this catches logins that finish together.
            if (Interlocked.Increment(ref _sessions) > _options.MaxSessions)
            {
                Interlocked.Decrement(ref _sessions);
                Log($"telnet {remote}: closed after login, all {_options.MaxSessions} sessions in use");
                return;
            }
            try
            {
                // Debug output reaches the session after terminal monitor (the event bus's subscription).
                using var monitor = SessionMonitor.Open(_appliance, terminal, console: false, remote.Address.ToString());
                var session = monitor.Session;
                session.Username = login.Username;
                if (telnet.Columns is { } columns) session.Width = Math.Clamp(columns, 24, 511);
                await session.RunAsync(_stop.Token);
                await terminal.FlushAsync();
            }
            finally
            {
                // Before the socket closes: a client that sees the end may count on the place being free.
                Interlocked.Decrement(ref _sessions);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or the server stopped: nothing to answer.
        }
        finally
        {
            startup.Dispose();
            socket.Dispose();
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    private TimeSpan? IdleTimeout()
    {
        if (_options.IdleTimeout is { } fixedTimeout) return fixedTimeout;
        var minutes = _appliance.Config.Get<ManagementSetting>("telnet timeout")?.Value;
        return TimeSpan.FromMinutes(int.TryParse(minutes, out var m) && m > 0 ? m : 5);
    }

    /// <summary>Who logged in (a null name for the <c>passwd</c> login).</summary>
    private sealed record LoginResult(string? Username);

    /// <summary>The user 605004/605005 name for the <c>passwd</c> login, as 111008 names its session [M].</summary>
    private const string PasswdUser = "enable_1";

    /// <summary>
    /// The login dialogue. With AAA the check is the local user database's (lockout, source
    /// throttle, <c>nopassword</c> users refused); without it the <c>passwd</c> check is throttled per
    /// source the same way. Each try is logged, 605005 or 605004.
    /// </summary>
    private async Task<LoginResult?> LoginAsync(StreamTerminal terminal, IPEndPoint remote, IPEndPoint local)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_options.LoginTimeout);
        var cancel = timeout.Token;
        var source = ManagementLogin.Plain(remote.Address);
        terminal.Write("\r\n" + Banner + "\r\n\r\n");
        try
        {
            for (var attempt = 1; attempt <= _options.MaxLoginAttempts; attempt++)
            {
                var aaa = _appliance.Config.Get<AaaAuthentication>("telnet") is { IsLocal: true };
                string? name = null;
                if (aaa)
                {
                    terminal.Write(LoginCommands.UsernamePrompt);
                    name = await terminal.ReadLineAsync(secret: false, cancel);
                    if (name is null) return null;
                    name = name.Trim();
                }
                terminal.Write(LoginCommands.PasswordPrompt);
                var password = await terminal.ReadLineAsync(secret: true, cancel);
                if (password is null) return null;
                var result = aaa
                    ? _appliance.Authenticate(new LoginAttempt(name!, password, source, LoginService.Telnet)).User is { } user ? new LoginResult(user.Name) : null
                    : PasswdLogin(source, password);
                ManagementLogin.Publish(_appliance, remote, local, "telnet", name ?? PasswdUser, result is not null);
                if (result is not null) return result;
                await terminal.FlushAsync(cancel);
                await _appliance.Clock.Delay(_options.FailureDelay * attempt, cancel); // the appliance's one clock
                terminal.Write((attempt < _options.MaxLoginAttempts ? LoginCommands.InvalidPassword : LoginCommands.LoginFailed) + "\r\n");
            }
        }
        catch (OperationCanceledException) { }
        return null;
    }

    /// <summary>The <c>passwd</c> login, refused unchecked while the source is throttled; a failure counts toward its throttle.</summary>
    private LoginResult? PasswdLogin(IPAddress source, string password)
    {
        var sources = _appliance.LocalUsers.Sources;
        var now = _appliance.Clock.Now;
        if (sources.IsBlocked(source, now)) return null;
        if (PasswdMatches(_appliance.Config, password)) return new LoginResult(null);
        sources.Failed(source, now);
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
            foreach (var socket in _clients) socket.Dispose();
        }
        await Task.WhenAll(running);
        _stop.Dispose();
    }
}
