using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Tests.Fakes;

/// <summary>
/// A terminal that types the given lines and records everything the session writes. Like the
/// line editor of a real terminal it echoes each typed line and its line end (passwords: only
/// the line end), so the transcript reads as on screen.
/// </summary>
public sealed class FakeTerminal(params string[] input) : ITerminal
{
    private readonly Queue<string> _input = new(input);
    private readonly StringBuilder _output = new();

    public bool Echo { get; init; } = true;

    public string Output => _output.ToString();

    public void Type(params string[] lines)
    {
        foreach (var line in lines) _input.Enqueue(line);
    }

    public void Write(string text) => _output.Append(text);

    public ValueTask FlushAsync(CancellationToken cancel = default) => ValueTask.CompletedTask;

    public ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel)
    {
        if (!_input.TryDequeue(out var line)) return ValueTask.FromResult<string?>(null);
        if (Echo) _output.Append(secret ? "" : line).Append("\r\n");
        return ValueTask.FromResult<string?>(line);
    }
}
