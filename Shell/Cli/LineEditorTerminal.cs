using System.Buffers;
using System.Text;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// An interactive terminal over a byte stream: a telnet connection (after its option bytes are
/// taken out) or an SSH session channel. Output is UTF-8, buffered until the next read or
/// <see cref="FlushAsync"/>, which waits for the connection (the SSH window) without holding a thread or
/// a lock that writers need; input is decoded into keys by <see cref="KeyDecoder"/>, and lines that
/// the session asks for (passwords, confirmations) are read with a <see cref="LineEditor"/>.
/// A read that fails because the connection went away counts as the end of input.
/// </summary>
public sealed class StreamTerminal : ITerminal
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly Lock _gate = new();
    /// <summary>Keeps flushes from several tasks (the session's, the event lines') in order.</summary>
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly Queue<TerminalKey> _keys = new();
    private readonly List<TerminalKey> _decoded = [];
    private readonly KeyDecoder _decoder = new();
    private readonly byte[] _buffer = new byte[4096];
    private readonly LineEditor _lines;
    private bool _ended;

    public StreamTerminal(Stream input, Stream output)
    {
        _input = input;
        _output = output;
        _lines = new LineEditor(this);
    }

    public bool Interactive => true;

    /// <summary>True once the peer closed its side or the connection failed.</summary>
    public bool Ended => _ended;

    public void Write(string text)
    {
        lock (_gate)
        {
            var span = _pending.GetSpan(_encoder.GetByteCount(text, flush: false));
            var count = _encoder.GetBytes(text, span, flush: false);
            _pending.Advance(count);
        }
    }

    /// <summary>Sends what was written; flushes from several tasks keep their order.</summary>
    public async ValueTask FlushAsync(CancellationToken cancel = default)
    {
        await _flushGate.WaitAsync(cancel);
        try
        {
            byte[] bytes;
            lock (_gate)
            {
                if (_pending.WrittenCount == 0) return;
                bytes = _pending.WrittenSpan.ToArray();
                _pending.Clear();
            }
            await _output.WriteAsync(bytes, cancel);
            await _output.FlushAsync(cancel);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _ended = true;
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public async ValueTask<TerminalKey?> ReadKeyAsync(CancellationToken cancel)
    {
        while (_keys.Count == 0)
        {
            await FlushAsync(cancel);
            if (_ended) return null;
            int read;
            try
            {
                read = await _input.ReadAsync(_buffer, cancel);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                read = 0;
            }
            if (read == 0)
            {
                _ended = true;
                return null;
            }
            _decoded.Clear();
            _decoder.Feed(_buffer.AsSpan(0, read), _decoded);
            foreach (var key in _decoded) _keys.Enqueue(key);
        }
        return _keys.Dequeue();
    }

    public ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel) =>
        _lines.ReadLineAsync("", secret, assist: null, cancel);
}
