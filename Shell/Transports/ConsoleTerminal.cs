using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Transports;

/// <summary>
/// The console session on the process's stdin/stdout. Input is read line by line, so a pipe
/// works (<c>printf 'enable\n\nshow run\n' | asaemu</c>); nothing is echoed, since a terminal
/// echoes what is typed itself and a pipe has nothing to echo. Passwords typed on a terminal
/// are read key by key and shown as <c>*</c>.
/// </summary>
public sealed class ConsoleTerminal : ITerminal
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly bool _interactive;

    public ConsoleTerminal(TextReader input, TextWriter output, bool interactive)
    {
        _input = input;
        _output = output;
        _interactive = interactive;
    }

    /// <summary>The process console: UTF-8 without BOM, stdout buffered and flushed before each read.</summary>
    public static ConsoleTerminal OpenStandard()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false, NewLine = "\r\n" };
        var input = new StreamReader(Console.OpenStandardInput(), utf8);
        return new ConsoleTerminal(input, output, interactive: !Console.IsInputRedirected && !Console.IsOutputRedirected);
    }

    public void Write(string text) => _output.Write(text);

    public void Flush() => _output.Flush();

    public async ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel)
    {
        _output.Flush();
        if (secret && _interactive) return ReadMasked();
        // A console read does not always observe cancellation: stop waiting for it instead.
        var read = _input.ReadLineAsync(cancel).AsTask();
        var finished = await Task.WhenAny(read, Task.Delay(Timeout.Infinite, cancel));
        return finished == read ? await read : null;
    }

    private string ReadMasked()
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) { text.Length--; _output.Write("\b \b"); _output.Flush(); }
                continue;
            }
            if (char.IsControl(key.KeyChar)) continue;
            text.Append(key.KeyChar);
            _output.Write('*');
            _output.Flush();
        }
        _output.Write("\r\n");
        return text.ToString();
    }
}
