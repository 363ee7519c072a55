namespace AsaEmu.Shell.Sessions;

/// <summary>
/// The user's end of a CLI session: the console, an SSH channel or a telnet connection (and an
/// in-memory fake in tests). The session writes text with its own CRLF line ends and reads
/// whole lines; echoing what the user types, if anything must echo it, is the terminal's job.
/// An interactive terminal also hands out single keys: the session then edits lines itself
/// (<c>?</c>, Tab, history) and pages long output.
/// Writing only adds to the terminal's output buffer, which never waits; <see cref="FlushAsync"/>
/// sends it, waiting (without holding a thread) for the connection: an SSH client's window, a slow
/// telnet client, a full pipe.
/// </summary>
public interface ITerminal
{
    /// <summary>Adds text, exactly as given, to what is to be sent; never waits.</summary>
    void Write(string text);

    /// <summary>Sends what was written (before the session waits for input, or ends).</summary>
    ValueTask FlushAsync(CancellationToken cancel = default);

    /// <summary>Writes and sends.</summary>
    async ValueTask WriteAsync(string text, CancellationToken cancel = default)
    {
        Write(text);
        await FlushAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends what was written, then reads one line (without its line end), or null when the
    /// input ended. A <paramref name="secret"/> line (a password) must not be echoed in clear.
    /// </summary>
    ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel);

    /// <summary>
    /// True when a person types key by key (a TTY, telnet, an SSH pty): <see cref="ReadKeyAsync"/>
    /// works, the session edits lines itself and the pager is on. False for a pipe or a script.
    /// </summary>
    bool Interactive => false;

    /// <summary>Sends what was written, then reads one key, or null when the input ended.</summary>
    ValueTask<TerminalKey?> ReadKeyAsync(CancellationToken cancel) => ValueTask.FromResult<TerminalKey?>(null);
}
