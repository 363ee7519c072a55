using System.Text;
using CsCheck;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>
/// Any keys on any width: the line editor returns the line a plain model of the keys gives, never
/// writes past the terminal's last column, and the screen shows the prompt and the whole line
/// whenever it fits, else a part of it (after a <c>$</c> when the part is not the start).
/// </summary>
public class LineEditorPropertyTests
{
    private const string Prompt = "ciscoasa(config)# ";

    private static readonly TerminalKey[] Editing =
    [
        new(KeyKind.Left), new(KeyKind.Right), new(KeyKind.Home), new(KeyKind.End), new(KeyKind.Backspace), new(KeyKind.Delete),
        TerminalKey.Ctrl('A'), TerminalKey.Ctrl('E'), TerminalKey.Ctrl('K'), TerminalKey.Ctrl('U'), TerminalKey.Ctrl('W'),
    ];

    private static readonly Gen<TerminalKey> Key = Gen.Frequency(
        (6, Gen.Char["abc -/.0"].Select(TerminalKey.Of)),
        (2, Gen.Int[0, Editing.Length - 1].Select(i => Editing[i])));

    [Fact]
    public void Keys_give_the_modelled_line_and_a_screen_in_step()
    {
        Gen.Select(Gen.Int[Prompt.Length + 2, 90], Key.Array[0, 200]).Sample((width, keys) =>
        {
            var terminal = new KeyTerminal([.. keys, TerminalKey.Enter]);
            var screen = new ScreenLine(Prompt);
            terminal.Written += screen.Apply;
            terminal.Write(Prompt);
            var model = new StringBuilder();
            var cursor = 0;
            terminal.AfterKey = key =>
            {
                Model(key, model, ref cursor);
                Assert.True(screen.MaxColumn < width, $"column {screen.MaxColumn} on a {width}-column terminal");
                var shown = screen.Text.TrimEnd(' ').PadRight(Prompt.Length);
                var text = model.ToString();
                if (Prompt.Length + text.Length < width) Assert.Equal((Prompt + text).TrimEnd(' ').PadRight(Prompt.Length), shown);
                else if (shown.StartsWith(Prompt + "$", StringComparison.Ordinal)) Assert.Contains(shown[(Prompt.Length + 1)..], text);
                else Assert.StartsWith(shown[Prompt.Length..], text);
            };
            var line = new LineEditor(terminal).ReadLineAsync(Prompt, secret: false, assist: null, CancellationToken.None, width).AsTask().Result;
            Assert.Equal(model.ToString(), line);
        }, iter: 1000);
    }

    /// <summary>What each key does to the text and the cursor, without any screen.</summary>
    private static void Model(TerminalKey key, StringBuilder text, ref int cursor)
    {
        switch (key.Kind)
        {
            case KeyKind.Character: text.Insert(cursor++, key.Char); break;
            case KeyKind.Left: cursor = Math.Max(0, cursor - 1); break;
            case KeyKind.Right: cursor = Math.Min(text.Length, cursor + 1); break;
            case KeyKind.Home: cursor = 0; break;
            case KeyKind.End: cursor = text.Length; break;
            case KeyKind.Backspace when cursor > 0: text.Remove(--cursor, 1); break;
            case KeyKind.Delete when cursor < text.Length: text.Remove(cursor, 1); break;
            case KeyKind.Control when key.Char == 'A': cursor = 0; break;
            case KeyKind.Control when key.Char == 'E': cursor = text.Length; break;
            case KeyKind.Control when key.Char == 'K': text.Remove(cursor, text.Length - cursor); break;
            case KeyKind.Control when key.Char == 'U': text.Remove(0, cursor); cursor = 0; break;
            case KeyKind.Control when key.Char == 'W':
                var start = cursor;
                while (start > 0 && text[start - 1] == ' ') start--;
                while (start > 0 && text[start - 1] != ' ') start--;
                text.Remove(start, cursor - start);
                cursor = start;
                break;
        }
    }

    /// <summary>One line of a terminal: characters overwrite, backspace moves left.</summary>
    private sealed class ScreenLine(string prompt)
    {
        private readonly StringBuilder _text = new();
        private int _column;

        public int MaxColumn { get; private set; }

        public string Text => _text.ToString();

        public void Apply(string output)
        {
            foreach (var c in output)
            {
                if (c == '\b') { _column = Math.Max(prompt.Length, _column - 1); continue; }
                if (c is '\r' or '\n') continue;
                MaxColumn = Math.Max(MaxColumn, _column);
                if (_column < _text.Length) _text[_column] = c; else _text.Append(c);
                _column++;
            }
        }
    }

    /// <summary>Hands out the keys one by one and reports what was written.</summary>
    private sealed class KeyTerminal(TerminalKey[] keys) : ITerminal
    {
        private int _next;

        public event Action<string>? Written;
        public Action<TerminalKey>? AfterKey { get; set; }

        public bool Interactive => true;

        public void Write(string text) => Written?.Invoke(text);

        public ValueTask FlushAsync(CancellationToken cancel = default) => ValueTask.CompletedTask;

        public ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel) => ValueTask.FromResult<string?>(null);

        public ValueTask<TerminalKey?> ReadKeyAsync(CancellationToken cancel)
        {
            // The key before this one has been handled and its output written.
            if (_next > 0 && keys[_next - 1].Kind != KeyKind.Enter) AfterKey?.Invoke(keys[_next - 1]);
            return ValueTask.FromResult<TerminalKey?>(_next < keys.Length ? keys[_next++] : null);
        }
    }
}
