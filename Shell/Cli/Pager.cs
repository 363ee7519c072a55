using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// The way a session's command output reaches its terminal: through the command's output filter
/// (<c>| include ...</c>), then the pager (reference §1.7). After a page of lines the pager shows
/// <c>&lt;--- More ---&gt;</c> and waits for a key: space shows the next page, Enter the next
/// line, <c>q</c>, Ctrl-C or any other key drops the rest of the output. The prompt is then
/// erased with <c>\r</c>, 14 blanks, <c>\r</c>. Outside a command, text goes straight through.
/// Commands write without waiting: once a page is full, what they write is held until
/// <see cref="DrainAsync"/> (the session calls it when the command ends, flushes or reads) has
/// waited for the keys that let it through.
/// </summary>
public sealed class Pager(ITerminal terminal)
{
    public const string MorePrompt = "<--- More --->";
    public static readonly string Erase = "\r" + new string(' ', MorePrompt.Length) + "\r";

    private readonly StringBuilder _line = new();
    /// <summary>Output past a full page (already through the filter), waiting for the More prompt's answer.</summary>
    private readonly StringBuilder _held = new();
    private OutputFilter? _filter;
    private long _pageLength;
    private long _shown;
    private bool _atLineStart = true;
    private bool _stopped;
    private bool _active;
    private CancellationToken _cancel;

    /// <summary>True after the user stopped the output of the current command.</summary>
    public bool Stopped => _stopped;

    /// <summary>Starts a command's output: <paramref name="pageLength"/> 0 means no paging.</summary>
    public void Begin(OutputFilter? filter, long pageLength, CancellationToken cancel)
    {
        _filter = filter;
        _pageLength = pageLength;
        _cancel = cancel;
        _shown = 0;
        _atLineStart = true;
        _stopped = false;
        _line.Clear();
        _held.Clear();
        _active = true;
    }

    /// <summary>
    /// Ends the command's output: a last line without a line end still goes through the filter, and
    /// what is held is paged out.
    /// </summary>
    public async ValueTask EndAsync()
    {
        if (_active && _filter is not null && _line.Length > 0 && !_stopped && _filter.Passes(_line.ToString()))
            Page(_line.ToString());
        _line.Clear();
        await DrainAsync().ConfigureAwait(false);
        _filter = null;
        _active = false;
        _held.Clear();
    }

    /// <summary>The command line was refused: its error is shown whole, whatever filter the line asked for.</summary>
    public void DropFilter()
    {
        _filter = null;
        _line.Clear();
    }

    public void Write(string text)
    {
        if (!_active)
        {
            terminal.Write(text);
            return;
        }
        if (_stopped) return;
        if (_filter is null)
        {
            Page(text);
            return;
        }
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                _line.Append(text, start, text.Length - start);
                return;
            }
            _line.Append(text, start, newline - start);
            var line = _line.ToString().TrimEnd('\r');
            _line.Clear();
            if (_filter.Passes(line)) Page(line + "\r\n");
            start = newline + 1;
        }
    }

    /// <summary>Shows held output a page at a time, waiting at each More prompt; returns when nothing is held.</summary>
    public async ValueTask DrainAsync()
    {
        while (_held.Length > 0 && !_stopped)
        {
            if (!await MoreAsync().ConfigureAwait(false))
            {
                _stopped = true;
                _held.Clear();
                return;
            }
            var text = _held.ToString();
            _held.Clear();
            Page(text);
        }
    }

    /// <summary>Writes lines until the page is full; the rest is held for <see cref="DrainAsync"/>.</summary>
    private void Page(string text)
    {
        if (_pageLength <= 0)
        {
            terminal.Write(text);
            return;
        }
        if (_held.Length > 0)
        {
            _held.Append(text);
            return;
        }
        var start = 0;
        while (start < text.Length)
        {
            if (_atLineStart && _shown >= _pageLength)
            {
                _held.Append(text, start, text.Length - start);
                return;
            }
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            terminal.Write(text[start..end]);
            _atLineStart = newline >= 0;
            if (_atLineStart) _shown++;
            start = end;
        }
    }

    /// <summary>Shows the More prompt and waits for a key; false when the output is to stop.</summary>
    private async ValueTask<bool> MoreAsync()
    {
        terminal.Write(MorePrompt);
        TerminalKey? key;
        try
        {
            key = await terminal.ReadKeyAsync(_cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            key = null;
        }
        terminal.Write(Erase);
        switch (key)
        {
            case { Kind: KeyKind.Character, Char: ' ' }:
                _shown = 0;
                return true;
            case { Kind: KeyKind.Enter }:
                _shown = _pageLength - 1;
                return true;
            default:
                return false;
        }
    }
}
