using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli;

/// <summary>What Tab did: the completed line, or the candidates to list when several fit.</summary>
public sealed record TabResult(string? Completed, IReadOnlyList<string> Candidates)
{
    public static readonly TabResult None = new(null, []);
}

/// <summary>The session's side of line editing: <c>?</c> help, Tab completion and Ctrl-Z.</summary>
public interface ILineAssist
{
    /// <summary>The lines <c>?</c> prints for the typed text (without line ends).</summary>
    IReadOnlyList<string> Help(string text);

    /// <summary>Tab on the typed text.</summary>
    TabResult Complete(string text);

    /// <summary>The line Ctrl-Z stands for (<c>end</c> in config mode), or null when it does nothing.</summary>
    string? SuspendLine { get; }
}

/// <summary>
/// The line editor of an interactive terminal (reference §1.4, §1.5): echoes each typed
/// character exactly as received (Netmiko compares the echo), or <c>*</c> for a password;
/// Backspace, Delete, the arrows, Home/End and the Emacs keys (Ctrl-A/B/D/E/F/K/N/P/U/W);
/// Ctrl-C abandons the line; Ctrl-Z stands for <see cref="ILineAssist.SuspendLine"/>; <c>?</c>
/// prints help and redraws the prompt and the line (Ctrl-V before it types a literal <c>?</c>,
/// for a regex); Tab completes a unique keyword or lists the candidates. Input beyond
/// <see cref="MaxLength"/> characters is dropped without echo. While the prompt and the line fit
/// the terminal's width, each key is echoed exactly as typed (Netmiko compares the echo); a longer
/// line scrolls sideways, ten columns at a time, with a <c>$</c> in the first column for the text
/// hidden on the left (reference §1.4; the step of ten is [M]).
/// </summary>
public sealed class LineEditor(ITerminal terminal)
{
    public const int MaxLength = 4096;
    public const int HistorySize = 20;

    private readonly List<string> _history = [];

    public IReadOnlyList<string> History => _history;

    /// <summary>
    /// Reads one line after <paramref name="prompt"/> (which the caller has written; it is used
    /// to redraw the line) on a terminal <paramref name="width"/> columns wide (0: no limit).
    /// Returns null when the input ended.
    /// </summary>
    public async ValueTask<string?> ReadLineAsync(string prompt, bool secret, ILineAssist? assist, CancellationToken cancel, int width = 0)
    {
        var line = new Line(terminal, secret, width > 0 ? width - prompt.Length : 0);
        var historyIndex = _history.Count;
        var draft = "";
        var quoteNext = false;

        void Back()
        {
            if (historyIndex == 0) return;
            if (historyIndex == _history.Count) draft = line.Text;
            line.Replace(_history[--historyIndex]);
        }

        void Forward()
        {
            if (historyIndex >= _history.Count) return;
            historyIndex++;
            line.Replace(historyIndex == _history.Count ? draft : _history[historyIndex]);
        }

        while (true)
        {
            var read = await terminal.ReadKeyAsync(cancel);
            if (read is not { } key) return null;
            var quoted = quoteNext;
            quoteNext = false;
            switch (key.Kind)
            {
                case KeyKind.Character when key.Char == '?' && !secret && assist is not null && !quoted:
                    terminal.Write("?\r\n");
                    foreach (var helpLine in assist.Help(line.Text)) terminal.Write(helpLine + "\r\n");
                    terminal.Write(prompt);
                    line.Redisplay();
                    break;
                case KeyKind.Character:
                    line.Insert(key.Char);
                    break;
                case KeyKind.Enter:
                    terminal.Write("\r\n");
                    var text = line.Text;
                    if (!secret && text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text))
                    {
                        _history.Add(text);
                        if (_history.Count > HistorySize) _history.RemoveAt(0);
                    }
                    return text;
                case KeyKind.Tab when !secret && assist is not null:
                    var tab = assist.Complete(line.Text);
                    if (tab.Completed is { } completed) line.Replace(completed);
                    else if (tab.Candidates.Count > 0)
                    {
                        terminal.Write("\r\n" + string.Join("  ", tab.Candidates) + "\r\n" + prompt);
                        line.Redisplay();
                    }
                    break;
                case KeyKind.Backspace:
                    line.Backspace();
                    break;
                case KeyKind.Delete:
                    line.Delete();
                    break;
                case KeyKind.Left:
                    line.Left();
                    break;
                case KeyKind.Right:
                    line.Right();
                    break;
                case KeyKind.Home:
                    line.Home();
                    break;
                case KeyKind.End:
                    line.End();
                    break;
                case KeyKind.Up when !secret:
                    Back();
                    break;
                case KeyKind.Down when !secret:
                    Forward();
                    break;
                case KeyKind.Control:
                    switch (key.Char)
                    {
                        case 'A': line.Home(); break;
                        case 'E': line.End(); break;
                        case 'B': line.Left(); break;
                        case 'F': line.Right(); break;
                        case 'D': line.Delete(); break;
                        case 'K': line.DeleteToEnd(); break;
                        case 'U' or 'X': line.DeleteToStart(); break;
                        case 'W': line.DeleteWord(); break;
                        case 'V': quoteNext = true; break;
                        case 'P' when !secret: Back(); break;
                        case 'N' when !secret: Forward(); break;
                        case 'C':
                            terminal.Write("^C\r\n");
                            return "";
                        case 'Z' when assist?.SuspendLine is { } suspend:
                            terminal.Write("^Z\r\n");
                            return suspend;
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// The text being edited, its cursor, and the bytes that keep the screen in step. While the line
    /// fits its window (the columns after the prompt) the screen shows all of it and each edit sends
    /// only what changed; otherwise the window shows the part around the cursor and is redrawn.
    /// </summary>
    private sealed class Line(ITerminal terminal, bool secret, int window)
    {
        /// <summary>Columns the window moves by when the cursor leaves it [M].</summary>
        private const int ScrollStep = 10;

        private readonly StringBuilder _text = new();
        private int _cursor;

        // What the window shows now: how many columns, where the cursor is, the first text index
        // shown, and whether it shows only part of the line.
        private int _shownLength, _shownCursor, _offset;
        private bool _partial;

        public string Text => _text.ToString();

        private string Shown(int start, int length) => secret ? new string('*', length) : _text.ToString(start, length);

        /// <summary>Whether the edit just made can be echoed in place: the whole line was on screen and still fits.</summary>
        private bool InPlace => !_partial && (window <= 1 || _text.Length < window);

        /// <summary>Records that the screen shows the whole line with the cursor where it is.</summary>
        private void Synced()
        {
            _shownLength = _text.Length;
            _shownCursor = _cursor;
            _offset = 0;
        }

        /// <summary>Shows the line again after the prompt was written anew (after <c>?</c> help or a Tab list).</summary>
        public void Redisplay()
        {
            _shownLength = _shownCursor = 0;
            _partial = false;
            _cursor = _text.Length;
            if (InPlace)
            {
                terminal.Write(Shown(0, _text.Length));
                Synced();
            }
            else Redraw();
        }

        /// <summary>
        /// Draws the window around the cursor over what it showed: back to its first column, the
        /// visible part (a <c>$</c> first when text is hidden on the left), blanks over what is left
        /// of the old one, and back to the cursor.
        /// </summary>
        private void Redraw()
        {
            // The cursor stays between the $ and the last column; a step smaller than the window keeps
            // a move in one direction from overshooting into the other.
            var step = Math.Clamp(window - 2, 1, ScrollStep);
            if (_text.Length < window) _offset = 0;
            while (_cursor - _offset > window - 1) _offset += step;
            while (_offset > 0 && _cursor - _offset < 1) _offset = Math.Max(0, _offset - step);
            var length = Math.Min(_text.Length - _offset, window - 1);
            var visible = (_offset > 0 ? "$" + Shown(_offset + 1, length - 1) : Shown(0, length));
            var blank = Math.Max(0, _shownLength - visible.Length);
            var cursor = _cursor - _offset;
            terminal.Write(new string('\b', _shownCursor) + visible + new string(' ', blank) + new string('\b', visible.Length + blank - cursor));
            (_shownLength, _shownCursor) = (visible.Length, cursor);
            _partial = _offset > 0 || _text.Length >= window;
        }

        public void Insert(char c)
        {
            if (_text.Length >= MaxLength) return;
            _text.Insert(_cursor, c);
            _cursor++;
            if (_partial && _cursor == _text.Length && _cursor - _offset < window)
            {
                // Typing at the end of a scrolled line: echoed as typed until the window has to move.
                terminal.Write(secret ? "*" : c.ToString());
                (_shownLength, _shownCursor) = (_shownLength + 1, _shownCursor + 1);
                return;
            }
            if (!InPlace) { Redraw(); return; }
            var tail = _text.Length - _cursor;
            terminal.Write((secret ? "*" : c.ToString()) + Shown(_cursor, tail) + new string('\b', tail));
            Synced();
        }

        public void Backspace()
        {
            if (_cursor == 0) return;
            _cursor--;
            if (_partial) { _text.Remove(_cursor, 1); Redraw(); return; }
            terminal.Write("\b");
            Remove(_cursor, 1);
        }

        public void Delete()
        {
            if (_cursor < _text.Length) Remove(_cursor, 1);
        }

        public void DeleteToEnd()
        {
            if (_cursor < _text.Length) Remove(_cursor, _text.Length - _cursor);
        }

        public void DeleteToStart()
        {
            if (_cursor == 0) return;
            var count = _cursor;
            _cursor = 0;
            if (_partial) { _text.Remove(0, count); Redraw(); return; }
            terminal.Write(new string('\b', count));
            Remove(0, count);
        }

        public void DeleteWord()
        {
            var start = _cursor;
            while (start > 0 && _text[start - 1] == ' ') start--;
            while (start > 0 && _text[start - 1] != ' ') start--;
            if (start == _cursor) return;
            var count = _cursor - start;
            _cursor = start;
            if (_partial) { _text.Remove(start, count); Redraw(); return; }
            terminal.Write(new string('\b', count));
            Remove(start, count);
        }

        /// <summary>Removes text at the cursor (already moved there on screen) and redraws the tail over it.</summary>
        private void Remove(int at, int count)
        {
            _text.Remove(at, count);
            if (_partial) { Redraw(); return; }
            var tail = _text.Length - at;
            terminal.Write(Shown(at, tail) + new string(' ', count) + new string('\b', tail + count));
            Synced();
        }

        public void Left()
        {
            if (_cursor == 0) return;
            _cursor--;
            if (_partial) { Redraw(); return; }
            terminal.Write("\b");
            Synced();
        }

        public void Right()
        {
            if (_cursor >= _text.Length) return;
            _cursor++;
            if (_partial) { Redraw(); return; }
            terminal.Write(Shown(_cursor - 1, 1));
            Synced();
        }

        public void Home()
        {
            if (_partial) { _cursor = 0; Redraw(); return; }
            terminal.Write(new string('\b', _cursor));
            _cursor = 0;
            Synced();
        }

        public void End()
        {
            if (_partial) { _cursor = _text.Length; Redraw(); return; }
            terminal.Write(Shown(_cursor, _text.Length - _cursor));
            _cursor = _text.Length;
            Synced();
        }

        /// <summary>Replaces the whole line (history, Tab), leaving the cursor at its end.</summary>
        public void Replace(string text)
        {
            if (text.Length > MaxLength) text = text[..MaxLength];
            var old = _text.Length;
            var back = new string('\b', _cursor);
            _text.Clear().Append(text);
            _cursor = _text.Length;
            if (!InPlace) { Redraw(); return; }
            var pad = Math.Max(0, old - text.Length);
            terminal.Write(back + Shown(0, text.Length) + new string(' ', pad) + new string('\b', pad));
            Synced();
        }
    }
}
