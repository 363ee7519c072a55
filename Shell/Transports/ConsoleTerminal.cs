using System.Text;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Transports;

/// <summary>
/// The console session on the process's stdin/stdout. When stdin is a terminal, input is read
/// key by key (the terminal in raw mode) and the session's line editor echoes it, with <c>?</c>,
/// Tab, history and the pager. When stdin is a pipe, input is read line by line and nothing is
/// echoed or paged (<c>printf 'enable\n\nshow run\n' | asaemu</c>), so scripts never hang.
/// </summary>
public sealed class ConsoleTerminal : ITerminal
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly StringBuilder _pending = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly bool _keys;
    private LineEditor? _lines;

    /// <param name="keys">Read single keys from <see cref="Console.ReadKey(bool)"/> (stdin is a terminal).</param>
    public ConsoleTerminal(TextReader input, TextWriter output, bool keys)
    {
        _input = input;
        _output = output;
        _keys = keys;
    }

    /// <summary>The process console: UTF-8 without BOM, stdout buffered and flushed before each read.</summary>
    public static ConsoleTerminal OpenStandard()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false, NewLine = "\r\n" };
        var input = new StreamReader(Console.OpenStandardInput(), utf8);
        var keys = !Console.IsInputRedirected;
        // Ctrl-C abandons the typed line, as on the ASA, instead of stopping the process.
        if (keys) Console.TreatControlCAsInput = true;
        return new ConsoleTerminal(input, output, keys);
    }

    public bool Interactive => _keys;

    public void Write(string text)
    {
        lock (_pending) _pending.Append(text);
    }

    /// <summary>Sends what was written to stdout; flushes from several tasks keep their order.</summary>
    public async ValueTask FlushAsync(CancellationToken cancel = default)
    {
        await _flushGate.WaitAsync(cancel);
        try
        {
            string text;
            lock (_pending)
            {
                text = _pending.ToString();
                _pending.Clear();
            }
            if (text.Length > 0) await _output.WriteAsync(text.AsMemory(), cancel);
            await _output.FlushAsync(cancel);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public async ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel)
    {
        await FlushAsync(cancel);
        if (_keys)
        {
            _lines ??= new LineEditor(this);
            return await _lines.ReadLineAsync("", secret, assist: null, cancel);
        }
        // A console read does not always observe cancellation: stop waiting for it instead.
        var read = _input.ReadLineAsync(cancel).AsTask();
        var finished = await Task.WhenAny(read, Task.Delay(Timeout.Infinite, cancel));
        var line = finished == read ? await read : null;
        // Echo what was read, as a terminal line editor would (a password as stars), so a piped
        // script's transcript reads like a session and matches the same script typed over SSH.
        if (line is not null)
        {
            Write((secret ? new string('*', line.Length) : line) + "\r\n");
            await FlushAsync(CancellationToken.None);
        }
        return line;
    }

    public async ValueTask<TerminalKey?> ReadKeyAsync(CancellationToken cancel)
    {
        await FlushAsync(cancel);
        if (!_keys) return null;
        while (true)
        {
            var read = Task.Run(() => Console.ReadKey(intercept: true), CancellationToken.None);
            var finished = await Task.WhenAny(read, Task.Delay(Timeout.Infinite, cancel));
            if (finished != read) return null;
            ConsoleKeyInfo info;
            try { info = await read; }
            catch (InvalidOperationException) { return null; }
            if (Map(info) is { } key) return key;
        }
    }

    /// <summary>A console key as the line editor sees it; null for keys it does not use.</summary>
    public static TerminalKey? Map(ConsoleKeyInfo info) => info.Key switch
    {
        ConsoleKey.Enter => TerminalKey.Enter,
        ConsoleKey.Backspace => new TerminalKey(KeyKind.Backspace),
        ConsoleKey.Delete => new TerminalKey(KeyKind.Delete),
        ConsoleKey.Tab => new TerminalKey(KeyKind.Tab),
        ConsoleKey.UpArrow => new TerminalKey(KeyKind.Up),
        ConsoleKey.DownArrow => new TerminalKey(KeyKind.Down),
        ConsoleKey.LeftArrow => new TerminalKey(KeyKind.Left),
        ConsoleKey.RightArrow => new TerminalKey(KeyKind.Right),
        ConsoleKey.Home => new TerminalKey(KeyKind.Home),
        ConsoleKey.End => new TerminalKey(KeyKind.End),
        _ when info.KeyChar == '\x7f' => new TerminalKey(KeyKind.Backspace),
        _ when info.KeyChar is > '\0' and < ' ' => TerminalKey.Ctrl((char)(info.KeyChar + '@')),
        _ when (info.Modifiers & ConsoleModifiers.Control) != 0 && char.IsAsciiLetter(info.KeyChar) => TerminalKey.Ctrl(info.KeyChar),
        _ when info.KeyChar != '\0' && !char.IsControl(info.KeyChar) => TerminalKey.Of(info.KeyChar),
        _ => null,
    };
}
