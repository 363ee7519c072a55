namespace AsaEmu.Shell.Sessions;

/// <summary>What kind of key an interactive terminal delivered.</summary>
public enum KeyKind
{
    /// <summary>A printable character, in <see cref="TerminalKey.Char"/>.</summary>
    Character,
    Enter,
    Backspace,
    Delete,
    Tab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    /// <summary>A control character: <see cref="TerminalKey.Char"/> is its letter (<c>'C'</c> for Ctrl-C).</summary>
    Control,
}

/// <summary>One key from an interactive terminal.</summary>
public readonly record struct TerminalKey(KeyKind Kind, char Char = '\0')
{
    public static TerminalKey Of(char c) => new(KeyKind.Character, c);
    public static TerminalKey Ctrl(char letter) => new(KeyKind.Control, char.ToUpperInvariant(letter));
    public static readonly TerminalKey Enter = new(KeyKind.Enter);

    public bool IsCtrl(char letter) => Kind == KeyKind.Control && Char == char.ToUpperInvariant(letter);
}
