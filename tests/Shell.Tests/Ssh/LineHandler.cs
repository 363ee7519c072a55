using System.Text;
using AsaEmu.Shell.Ssh;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>
/// A tiny stand-in for the CLI: exec runs one of a few commands; the shell prints a prompt and
/// answers each line until <c>exit</c>.
/// </summary>
internal sealed class LineHandler : ISshSessionHandler
{
    public const string Version = "Cisco Adaptive Security Appliance Software Version 9.8(4)10";
    public const string Prompt = "ciscoasa> ";

    public async Task<int> RunExecAsync(SshChannelStream channel, string command, CancellationToken cancellationToken)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words.FirstOrDefault())
        {
            case "show" when command == "show version":
                await WriteAsync(channel, $"{Version}\r\nuser {channel.UserName}\r\n", cancellationToken);
                return 0;
            case "exit":
                return int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture);
            case "bulk":
                // bulk N: N bytes of a known pattern, in uneven pieces.
                var total = int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture);
                var pattern = Pattern(total);
                for (var offset = 0; offset < total;)
                {
                    var count = Math.Min(total - offset, 1000 + offset % 7000);
                    await channel.WriteAsync(pattern.AsMemory(offset, count), cancellationToken);
                    offset += count;
                }
                return 0;
            case "count":
                // count: reads stdin to EOF and reports how many bytes came and their checksum.
                var buffer = new byte[8192];
                long received = 0, sum = 0;
                int read;
                while ((read = await channel.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    received += read;
                    for (var i = 0; i < read; i++)
                        sum = (sum * 31 + buffer[i]) % 1_000_000_007;
                }
                await WriteAsync(channel, $"{received} {sum}\n", cancellationToken);
                return 0;
            case "throw":
                throw new InvalidOperationException("a bug in the handler");
            case "stderr":
                await channel.WriteErrorAsync(Encoding.ASCII.GetBytes("to stderr\n"), cancellationToken);
                return 0;
            case "sleep":
                await Task.Delay(TimeSpan.FromMilliseconds(int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
                await WriteAsync(channel, $"slept {words[1]}\n", cancellationToken);
                return 0;
            default:
                await WriteAsync(channel, "ERROR: % Invalid input detected\r\n", cancellationToken);
                return 1;
        }
    }

    public async Task RunShellAsync(SshChannelStream channel, PtyInfo? pty, CancellationToken cancellationToken)
    {
        await WriteAsync(channel, $"Type help or '?' for a list of available commands.\r\n{Prompt}", cancellationToken);
        var line = new StringBuilder();
        var buffer = new byte[1024];
        var lastWasCr = false;
        int read;
        while ((read = await channel.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == '\n' && lastWasCr)
                {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                if (b is (byte)'\r' or (byte)'\n')
                {
                    var text = line.ToString().Trim();
                    line.Clear();
                    if (text == "exit")
                    {
                        await WriteAsync(channel, "\r\nLogoff\r\n", cancellationToken);
                        return;
                    }
                    var answer = text switch
                    {
                        "show version" => Version,
                        "terminal" => channel.Pty is { } p ? $"term {p.TerminalType} {p.Columns}x{p.Rows}" : "no pty",
                        "" => null,
                        _ => $"echo: {text}",
                    };
                    await WriteAsync(channel, (answer is null ? "\r\n" : $"\r\n{answer}\r\n") + Prompt, cancellationToken);
                }
                else
                {
                    line.Append((char)b);
                }
            }
        }
    }

    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)('a' + i % 26);
        for (var i = 99; i < length; i += 100)
            bytes[i] = (byte)'\n';
        return bytes;
    }

    private static ValueTask WriteAsync(SshChannelStream channel, string text, CancellationToken cancellationToken) =>
        channel.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
}
