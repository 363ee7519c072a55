using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Ssh;

namespace AsaEmu.Shell.Transports;

/// <summary>
/// The CLI behind the SSH server: who may log in (the ASA's rules), an interactive session per
/// shell channel, one command per exec channel.
/// </summary>
public sealed class SshCli(Appliance appliance, bool managementListener) : ISshSessionHandler
{
    /// <summary>
    /// Checks an SSH login as the ASA has since 8.4(2): only with <c>aaa authentication ssh console
    /// LOCAL</c>, against the local users through the local user database (lockout, source throttle;
    /// a <c>nopassword</c> user is refused). Without that line every login is refused: the old
    /// <c>pix</c>/<c>asa</c> login with the <c>passwd</c> password is gone [C: ASA 9.4 general
    /// configuration guide, "Configure SSH Access"]. On an interface address the source must also
    /// match an <c>ssh ADDR MASK IF</c> line of that interface (checked at accept already; again
    /// here with the same check); the management listener given by <c>--ssh</c> skips it. Every
    /// attempt is logged, 605005 or 605004 (after the database's 113012/113015).
    /// </summary>
    public Task<bool> AuthenticateAsync(SshLoginAttempt attempt)
    {
        var config = appliance.Config;
        var ok = (managementListener || ManagementAccessCheck.Permits(config, "ssh", attempt.Local.Address, attempt.Remote.Address))
            && config.Get<AaaAuthentication>("ssh") is { IsLocal: true }
            && appliance.Authenticate(new LoginAttempt(attempt.UserName, attempt.Password, ManagementLogin.Plain(attempt.Remote.Address), LoginService.Ssh)).Accepted;
        ManagementLogin.Publish(appliance, attempt.Remote, attempt.Local, "ssh", attempt.UserName, ok);
        return Task.FromResult(ok);
    }

    public async Task RunShellAsync(SshChannelStream channel, PtyInfo? pty, CancellationToken cancel)
    {
        var origin = channel.RemoteEndPoint.Address.ToString();
        using var monitor = SessionMonitor.Open(appliance, new StreamTerminal(channel, channel), console: false, origin,
            transport: SessionTransport.Ssh, ssh: () => channel.Algorithms);
        var session = monitor.Session;
        Login(session, channel.UserName);
        if (pty is { Columns: > 0 } p) session.Width = (int)Math.Clamp(p.Columns, 24, 511);
        await session.RunAsync(cancel);
    }

    /// <summary><c>ssh host 'show version'</c>: the command runs at the user's privilege, then the channel closes.</summary>
    public async Task<int> RunExecAsync(SshChannelStream channel, string command, CancellationToken cancel)
    {
        var session = new CliSession(appliance, new OutputTerminal(channel));
        Login(session, channel.UserName);
        await session.ExecuteAsync(command, cancel);
        await session.FlushAsync(cancel);
        return 0;
    }

    /// <summary>
    /// An SSH login lands in user EXEC (<c>&gt;</c>), as on the ASA; with
    /// <c>aaa authorization exec LOCAL auto-enable</c> a local user lands at its own privilege.
    /// </summary>
    private void Login(CliSession session, string user)
    {
        var config = appliance.Config;
        var account = config.Get<Username>(user);
        session.Username = account?.Name;
        var autoEnable = config.All<VerbatimBlock>().Any(b => b.Head.StartsWith("aaa authorization exec", StringComparison.Ordinal) && b.Head.Contains("auto-enable"));
        if (autoEnable && account is { Privilege: >= 2 }) session.Privilege = account.Privilege;
    }
}

/// <summary>A terminal that only writes: an exec channel runs one command and has no one typing.</summary>
internal sealed class OutputTerminal(Stream output) : ITerminal
{
    private readonly System.Text.StringBuilder _pending = new();

    public void Write(string text)
    {
        lock (_pending) _pending.Append(text);
    }

    public async ValueTask FlushAsync(CancellationToken cancel = default)
    {
        string text;
        lock (_pending)
        {
            text = _pending.ToString();
            _pending.Clear();
        }
        if (text.Length == 0) return;
        await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancel);
        await output.FlushAsync(cancel);
    }

    public ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel) => ValueTask.FromResult<string?>(null);
}
