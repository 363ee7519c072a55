using System.Net;
using System.Net.Sockets;
using System.Text;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>A raw TCP telnet client: separates the IAC commands from the text it receives.</summary>
internal sealed class TelnetClient : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _text = [];
    private readonly byte[] _buffer = new byte[65536];
    private int _iac;

    private TelnetClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <param name="from">The loopback address to connect from (127.0.0.2, ...): a source of its own for the server.</param>
    public static async Task<TelnetClient> ConnectAsync(IPEndPoint endPoint, IPAddress? from = null)
    {
        var tcp = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        try
        {
            await tcp.ConnectAsync(endPoint);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new TelnetClient(tcp);
    }

    public List<byte> Commands { get; } = [];

    public string Text => Encoding.UTF8.GetString(_text.ToArray());

    public Task SendAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends while reading whatever comes back, so a large send cannot block on a full window.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        var send = _stream.WriteAsync(bytes).AsTask();
        while (!send.IsCompleted)
        {
            using var poll = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            try { await ReadOnceAsync(poll.Token); }
            catch (OperationCanceledException) { }
        }
        await send;
    }

    /// <summary>Reads until <paramref name="text"/> arrives at or after character <paramref name="from"/> of <see cref="Text"/>.</summary>
    public async Task ReadUntilAsync(string text, int from = 0)
    {
        using var timeout = new CancellationTokenSource(Limit);
        while (Text.IndexOf(text, from, StringComparison.Ordinal) < 0)
        {
            if (await ReadOnceAsync(timeout.Token) == 0)
                throw new Xunit.Sdk.XunitException($"connection closed before '{text}'; got: {Text}");
        }
    }

    /// <summary>Reads until <paramref name="text"/> arrives or the connection closes.</summary>
    public async Task ReadToEndOrAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Limit);
        while (!Text.Contains(text, StringComparison.Ordinal) && await ReadOnceAsync(timeout.Token) > 0) { }
    }

    public async Task ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(Limit);
        while (await ReadOnceAsync(timeout.Token) > 0) { }
    }

    private async Task<int> ReadOnceAsync(CancellationToken cancel)
    {
        int read;
        try { read = await _stream.ReadAsync(_buffer, cancel); }
        catch (IOException) { return 0; }
        foreach (var b in _buffer.AsSpan(0, read))
        {
            if (_iac > 0 || b == TelnetStream.Iac)
            {
                Commands.Add(b);
                _iac = _iac == 0 ? 2 : _iac - 1;
            }
            else _text.Add(b);
        }
        return read;
    }

    public void Dispose() => _tcp.Dispose();
}
