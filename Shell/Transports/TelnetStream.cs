namespace AsaEmu.Shell.Transports;

/// <summary>
/// The data of a telnet connection (RFC 854) as a plain stream: reading removes the IAC command
/// sequences and answers option requests; writing sends the bytes with IAC doubled. The server
/// offers to echo and to suppress go-ahead (RFC 857, 858: the client then sends each key as it is
/// typed) and asks for the window size (NAWS, RFC 1073); any other option is refused once.
/// CR NUL and CR LF are left to the key decoder, which reads either as one Enter.
/// Asynchronous only: the session never blocks a thread on a slow client.
/// </summary>
public sealed class TelnetStream : Stream
{
    public const byte Iac = 255, Dont = 254, Do = 253, Wont = 252, Will = 251, Sb = 250, Se = 240;
    public const byte InterruptProcess = 244;
    public const byte OptionEcho = 1, OptionSuppressGoAhead = 3, OptionNaws = 31;
    private const int MaxSubnegotiation = 64;

    private enum State { Data, Iac, Option, Sub, SubIac }

    private readonly Stream _inner;
    /// <summary>Keeps writes (the session's, and the answers to option requests) whole and in order.</summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<byte> _answers = [];
    private readonly byte[] _raw = new byte[4096];
    private readonly List<byte> _sub = [];
    private readonly HashSet<(byte, byte)> _answered = [];
    private State _state;
    private byte _verb;
    private bool _subTooLong;

    public TelnetStream(Stream inner) => _inner = inner;

    /// <summary>
    /// How long a read may wait for the client (<c>telnet timeout</c>), asked before each read;
    /// when it passes the stream reads as ended. Null waits for ever.
    /// </summary>
    public Func<TimeSpan?>? IdleTimeout { get; init; }

    /// <summary>The client's window width from NAWS, or null until it sends one.</summary>
    public int? Columns { get; private set; }

    public int? Rows { get; private set; }

    /// <summary>Raised when the client reports its window size.</summary>
    public event EventHandler? WindowChanged;

    /// <summary>The server's opening requests: WILL ECHO, WILL SUPPRESS-GO-AHEAD, DO NAWS.</summary>
    public async ValueTask NegotiateAsync(CancellationToken cancel = default)
    {
        _answered.Add((Will, OptionEcho));
        _answered.Add((Will, OptionSuppressGoAhead));
        _answered.Add((Do, OptionNaws));
        await WriteRawAsync(new byte[] { Iac, Will, OptionEcho, Iac, Will, OptionSuppressGoAhead, Iac, Do, OptionNaws }, cancel);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            var read = await ReadIdleAsync(_raw.AsMemory(0, Math.Min(_raw.Length, buffer.Length)), cancellationToken);
            if (read == 0) return 0;
            var count = Filter(_raw.AsSpan(0, read), buffer.Span);
            if (_answers.Count > 0)
            {
                var answers = _answers.ToArray();
                _answers.Clear();
                await WriteRawAsync(answers, cancellationToken);
            }
            if (count > 0) return count;
        }
    }

    private async ValueTask<int> ReadIdleAsync(Memory<byte> buffer, CancellationToken cancel)
    {
        if (IdleTimeout?.Invoke() is not { } idle) return await _inner.ReadAsync(buffer, cancel);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(idle);
        try
        {
            return await _inner.ReadAsync(buffer, timer.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("telnet is read asynchronously");

    /// <summary>Copies the data bytes of <paramref name="input"/> to <paramref name="output"/> (never longer) and handles the commands.</summary>
    private int Filter(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var count = 0;
        foreach (var b in input)
        {
            switch (_state)
            {
                case State.Data:
                    if (b == Iac) _state = State.Iac;
                    else output[count++] = b;
                    break;
                case State.Iac:
                    _state = State.Data;
                    if (b == Iac) output[count++] = Iac;
                    else if (b is Will or Wont or Do or Dont) { _verb = b; _state = State.Option; }
                    else if (b == Sb) { _sub.Clear(); _subTooLong = false; _state = State.Sub; }
                    else if (b == InterruptProcess) output[count++] = 0x03;
                    break;
                case State.Option:
                    _state = State.Data;
                    Answer(_verb, b);
                    break;
                case State.Sub:
                    if (b == Iac) _state = State.SubIac;
                    else AddSub(b);
                    break;
                case State.SubIac:
                    if (b == Se) { _state = State.Data; Subnegotiation(); }
                    else { _state = State.Sub; AddSub(b); }
                    break;
            }
        }
        return count;
    }

    private void AddSub(byte b)
    {
        if (_sub.Count < MaxSubnegotiation) _sub.Add(b);
        else _subTooLong = true;
    }

    private void Subnegotiation()
    {
        if (_subTooLong || _sub.Count != 5 || _sub[0] != OptionNaws) return;
        Columns = (_sub[1] << 8) | _sub[2];
        Rows = (_sub[3] << 8) | _sub[4];
        WindowChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Agrees to what was offered, refuses the rest, and answers each request only once (no loops).</summary>
    private void Answer(byte verb, byte option)
    {
        (byte Verb, byte Option)? reply = verb switch
        {
            Do when option is OptionEcho or OptionSuppressGoAhead => (Will, option),
            Do => (Wont, option),
            Will when option is OptionNaws or OptionSuppressGoAhead => (Do, option),
            Will => (Dont, option),
            _ => null,
        };
        if (reply is not { } r || !_answered.Add(r)) return;
        _answers.AddRange([Iac, r.Verb, r.Option]);
    }

    /// <summary>Option bytes, as they are (no IAC doubling); a connection that went away loses them.</summary>
    private async ValueTask WriteRawAsync(byte[] bytes, CancellationToken cancel)
    {
        await _writeGate.WaitAsync(cancel);
        try
        {
            await _inner.WriteAsync(bytes, cancel);
            await _inner.FlushAsync(cancel);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        finally { _writeGate.Release(); }
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("telnet is written asynchronously");

    /// <summary>Data bytes, with IAC doubled (RFC 854).</summary>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var escaped = buffer;
        if (buffer.Span.Contains(Iac))
        {
            var doubled = new List<byte>(buffer.Length + 8);
            foreach (var b in buffer.Span)
            {
                doubled.Add(b);
                if (b == Iac) doubled.Add(Iac);
            }
            escaped = doubled.ToArray();
        }
        await _writeGate.WaitAsync(cancellationToken);
        try { await _inner.WriteAsync(escaped, cancellationToken); }
        finally { _writeGate.Release(); }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try { await _inner.FlushAsync(cancellationToken); }
        finally { _writeGate.Release(); }
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
