namespace AsaEmu.Shell.Ssh;

/// <summary>
/// What the appliance does with an authenticated session channel. The server calls one of these
/// per <c>shell</c> or <c>exec</c> request, each on its own task; several may run at once on one
/// connection. The token is cancelled when the channel or the connection closes.
/// </summary>
public interface ISshSessionHandler
{
    /// <summary>An interactive session. When this returns the channel is closed (exit-status 0).</summary>
    /// <param name="pty">The terminal from <c>pty-req</c>, or null when the client asked for none.</param>
    Task RunShellAsync(SshChannelStream channel, PtyInfo? pty, CancellationToken cancellationToken);

    /// <summary>One command (<c>ssh host 'show version'</c>); the result is sent as exit-status, then the channel closes.</summary>
    Task<int> RunExecAsync(SshChannelStream channel, string command, CancellationToken cancellationToken);
}

/// <summary>The client's terminal from <c>pty-req</c> or the latest <c>window-change</c>.</summary>
/// <param name="TerminalType">TERM, e.g. <c>xterm-256color</c>.</param>
/// <param name="Columns">Width in characters.</param>
/// <param name="Rows">Height in lines.</param>
public sealed record PtyInfo(string TerminalType, int Columns, int Rows, int WidthPixels, int HeightPixels);

/// <summary>A password login (password or keyboard-interactive) and the connection it came on.</summary>
/// <param name="Remote">The client's address and port.</param>
/// <param name="Local">The address and port it connected to (which interface, for the 605004/605005 syslogs).</param>
public sealed record SshLoginAttempt(string UserName, string Password, System.Net.IPEndPoint Remote, System.Net.IPEndPoint Local)
{
    /// <summary>Never the password: an attempt may end up in a log line.</summary>
    public override string ToString() => $"SshLoginAttempt {{ UserName = {UserName}, Remote = {Remote}, Local = {Local} }}";
}

/// <summary>Checks a password login; true lets the user in.</summary>
public delegate Task<bool> SshPasswordAuthenticator(SshLoginAttempt attempt);
