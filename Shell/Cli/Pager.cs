using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// The way a session's command output reaches its terminal: through the command's output filter
/// (<c>| include ...</c>), then the pager (reference §1.7). After a page of lines the pager shows
/// <c>&lt;--- More ---&gt;</c> and waits for a key: space shows the next page, Enter the next
/// line, <c>q</c>, Ctrl-C or any other key drops the rest of the output. The prompt is then
/// erased with <c>\r</c>, 14 blanks, <c>\r</c>. Outside a command, text goes straight through.
/// </summary>
public sealed class Pager(ITerminal terminal)
{
    public const string MorePrompt = "<--- More --->";
    public static readonly string Erase = "\r" + new string(' ', MorePrompt.Length) + "\r";

    private readonly StringBuilder _line = new();
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
        _active = true;
    }

    /// <summary>Ends the command's output: a last line without a line end still goes through the filter.</summary>
    public void End()
    {
        if (_active && _filter is not null && _line.Length > 0 && !_stopped && _filter.Passes(_line.ToString()))
            Page(_line.ToString());
        _line.Clear();
        _filter = null;
        _active = false;
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
            if (_stopped) return;
            start = newline + 1;
        }
    }

    private void Page(string text)
    {
        if (_pageLength <= 0)
        {
            terminal.Write(text);
            return;
        }
        var start = 0;
        while (start < text.Length)
        {
            if (_atLineStart && _shown >= _pageLength && !More())
            {
                _stopped = true;
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
    private bool More()
    {
        terminal.Write(MorePrompt);
        TerminalKey? key;
        try
        {
            // Commands write synchronously; the pager is the one place that waits inside a write.
            key = terminal.ReadKeyAsync(_cancel).AsTask().GetAwaiter().GetResult();
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
