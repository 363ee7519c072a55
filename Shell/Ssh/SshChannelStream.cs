using System.Net;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// A session channel as the appliance sees it: reading gives what the user types (0 at EOF or
/// when the channel closes), writing sends output to the user's terminal. Writes wait for the
/// client's window (asynchronously: there are no synchronous reads or writes, which would hold a
/// thread); after the channel closes they throw <see cref="IOException"/>.
/// </summary>
public sealed class SshChannelStream : Stream
{
    private readonly SshChannel _channel;

    internal SshChannelStream(SshChannel channel, string userName, IPEndPoint remoteEndPoint)
    {
        _channel = channel;
        UserName = userName;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>The authenticated user.</summary>
    public string UserName { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The terminal as last reported (pty-req, then window-change), or null without a pty.</summary>
    public PtyInfo? Pty => _channel.Pty;

    /// <summary>The ciphers and MACs the connection negotiated, for <c>show ssh sessions</c>.</summary>
    public Sessions.SshAlgorithms? Algorithms => _channel.Algorithms;

    /// <summary>Raised (on the connection's receive task) when the client's terminal is resized.</summary>
    public event EventHandler<PtyInfo>? WindowChanged;

    internal void OnWindowChanged(PtyInfo pty) => WindowChanged?.Invoke(this, pty);

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _channel.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a channel is read asynchronously");

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _channel.WriteAsync(buffer, null, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a channel is written asynchronously: a write waits for the client's window");

    /// <summary>Sends to the client's standard error (SSH_EXTENDED_DATA_STDERR).</summary>
    public ValueTask WriteErrorAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _channel.WriteAsync(buffer, 1, cancellationToken);

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
