using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// Turns the bytes a terminal sends (telnet, an SSH channel) into keys: UTF-8 characters
/// (invalid sequences become U+FFFD, never an exception), CR, LF, CR LF and CR NUL as one Enter,
/// DEL and BS as Backspace, the VT100/xterm escape sequences of the arrow, Home, End and Delete
/// keys, and the other control characters as <see cref="KeyKind.Control"/>. Unknown escape
/// sequences are dropped whole.
/// </summary>
public sealed class KeyDecoder
{
    private const int MaxSequence = 16;

    private enum State { Normal, Escape, Csi, Ss3 }

    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly StringBuilder _parameters = new();
    private char[] _chars = new char[256];
    private State _state;
    private bool _afterCr;

    /// <summary>Decodes <paramref name="bytes"/> and appends the keys they complete.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, ICollection<TerminalKey> keys)
    {
        var needed = _utf8.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length) _chars = new char[Math.Max(needed, _chars.Length * 2)];
        var count = _utf8.GetChars(bytes, _chars, flush: false);
        for (var i = 0; i < count; i++) Feed(_chars[i], keys);
    }

    /// <summary>Takes one already decoded character.</summary>
    public void Feed(char c, ICollection<TerminalKey> keys)
    {
        // A control character inside an escape sequence ends it and acts as itself (as on xterm).
        if (_state != State.Normal && c < ' ' && c != '\x1b') _state = State.Normal;
        switch (_state)
        {
            case State.Escape:
                _state = c switch { '[' => State.Csi, 'O' => State.Ss3, '\x1b' => State.Escape, _ => State.Normal };
                _parameters.Clear();
                return;
            case State.Ss3:
                _state = State.Normal;
                if (Final(c, "") is { } ss3) keys.Add(ss3);
                return;
            case State.Csi:
                if (c is >= '0' and <= '9' or ';' && _parameters.Length < MaxSequence)
                {
                    _parameters.Append(c);
                    return;
                }
                _state = State.Normal;
                if (c is >= '@' and <= '~' && Final(c, _parameters.ToString()) is { } csi) keys.Add(csi);
                return;
        }

        var afterCr = _afterCr;
        _afterCr = false;
        switch (c)
        {
            case '\r':
                _afterCr = true;
                keys.Add(TerminalKey.Enter);
                return;
            case '\n':
                if (!afterCr) keys.Add(TerminalKey.Enter);
                return;
            case '\0':
                return;
            case '\x1b':
                _state = State.Escape;
                return;
            case '\x7f' or '\b':
                keys.Add(new TerminalKey(KeyKind.Backspace));
                return;
            case '\t':
                keys.Add(new TerminalKey(KeyKind.Tab));
                return;
        }
        if (c < ' ') keys.Add(TerminalKey.Ctrl((char)(c + '@')));
        else if (!char.IsControl(c)) keys.Add(TerminalKey.Of(c));
    }

    private static TerminalKey? Final(char c, string parameters) => c switch
    {
        'A' => new TerminalKey(KeyKind.Up),
        'B' => new TerminalKey(KeyKind.Down),
        'C' => new TerminalKey(KeyKind.Right),
        'D' => new TerminalKey(KeyKind.Left),
        'H' => new TerminalKey(KeyKind.Home),
        'F' => new TerminalKey(KeyKind.End),
        '~' => parameters switch
        {
            "1" or "7" => new TerminalKey(KeyKind.Home),
            "4" or "8" => new TerminalKey(KeyKind.End),
            "3" => new TerminalKey(KeyKind.Delete),
            _ => null,
        },
        _ => null,
    };
}
