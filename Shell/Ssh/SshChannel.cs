using System.Threading.Channels;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// One session channel (RFC 4254 §5–6): flow control both ways, the EOF/CLOSE handshake, and the
/// task that runs the shell or exec handler.
/// </summary>
internal sealed class SshChannel
{
    /// <summary>Our receive window and the largest data packet we accept.</summary>
    public const uint LocalWindowSize = 1024 * 1024;
    public const uint LocalMaxPacket = 32768;

    private readonly SshServerSession _session;
    private readonly object _gate = new();
    private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _windowGrown = new(0);
    private readonly CancellationTokenSource _cts;

    private long _remoteWindow;
    private uint _localWindow = LocalWindowSize;
    private uint _consumed;
    private byte[]? _current;
    private int _currentOffset;
    private bool _eofSent;
    private bool _closeSent;
    private bool _closeReceived;

    /// <summary>The algorithms of the connection this channel belongs to.</summary>
    public Sessions.SshAlgorithms? Algorithms => _session.Algorithms;

    public SshChannel(SshServerSession session, uint localId, uint remoteId, uint remoteWindow, uint remoteMaxPacket, CancellationToken connection)
    {
        _session = session;
        LocalId = localId;
        RemoteId = remoteId;
        _remoteWindow = remoteWindow;
        RemoteMaxPacket = Math.Clamp(remoteMaxPacket, 1, LocalMaxPacket);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(connection);
    }

    public uint LocalId { get; }
    public uint RemoteId { get; }
    public uint RemoteMaxPacket { get; }
    public PtyInfo? Pty { get; set; }
    public bool Started { get; set; }
    public Task? Runner { get; set; }
    public SshChannelStream? Stream { get; set; }
    public CancellationToken Token => _cts.Token;

    // ---- data from the client ----

    /// <summary>Queues data received from the client (receive loop only).</summary>
    public void Receive(ReadOnlySpan<byte> data, bool extended)
    {
        lock (_gate)
        {
            if (data.Length > _localWindow)
                throw new SshProtocolException(DisconnectReason.ProtocolError, "channel window exceeded");
            if (data.Length > LocalMaxPacket)
                throw new SshProtocolException(DisconnectReason.ProtocolError, "channel packet too large");
            _localWindow -= (uint)data.Length;
        }
        if (data.IsEmpty)
            return;
        if (extended || !_inbound.Writer.TryWrite(data.ToArray()))
            _ = GiveBackAsync(data.Length);
    }

    /// <summary>Nobody will read this data (stderr from the client, data after EOF): open the window again.</summary>
    private async Task GiveBackAsync(int count)
    {
        try
        {
            await ConsumedAsync(count);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
    }

    public void ReceiveEof() => _inbound.Writer.TryComplete();

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_current is null || _currentOffset == _current.Length)
        {
            _current = null;
            try
            {
                if (!await _inbound.Reader.WaitToReadAsync(cancellationToken) || !_inbound.Reader.TryRead(out _current))
                    return 0;
            }
            catch (ChannelClosedException)
            {
                return 0;
            }
            _currentOffset = 0;
        }
        var count = Math.Min(buffer.Length, _current.Length - _currentOffset);
        _current.AsMemory(_currentOffset, count).CopyTo(buffer);
        _currentOffset += count;
        await ConsumedAsync(count);
        return count;
    }

    /// <summary>Opens the window again once half of it has been read.</summary>
    private async Task ConsumedAsync(int count)
    {
        uint adjust;
        lock (_gate)
        {
            _consumed += (uint)count;
            if (_consumed < LocalWindowSize / 2 || _closeSent || _closeReceived)
                return;
            adjust = _consumed;
            _consumed = 0;
            _localWindow += adjust;
        }
        try
        {
            await _session.SendAsync(new SshWriter(MessageNumber.ChannelWindowAdjust).WriteUInt32(RemoteId).WriteUInt32(adjust).Memory, _cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // ---- data to the client ----

    public void AdjustRemoteWindow(uint bytes)
    {
        lock (_gate)
            _remoteWindow = Math.Min(_remoteWindow + bytes, uint.MaxValue);
        _windowGrown.Release();
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, uint? extendedType, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        var token = linked.Token;
        try
        {
            await _writeLock.WaitAsync(token);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("SSH channel closed");
        }
        try
        {
            while (!data.IsEmpty)
            {
                int chunk;
                while (true)
                {
                    lock (_gate)
                    {
                        if (_closeReceived || _closeSent || _eofSent)
                            throw new IOException("SSH channel closed");
                        if (_remoteWindow > 0)
                        {
                            chunk = (int)Math.Min(Math.Min(data.Length, _remoteWindow), RemoteMaxPacket);
                            _remoteWindow -= chunk;
                            break;
                        }
                    }
                    await _windowGrown.WaitAsync(token);
                }
                var message = extendedType is { } type
                    ? new SshWriter(MessageNumber.ChannelExtendedData, chunk + 16).WriteUInt32(RemoteId).WriteUInt32(type)
                    : new SshWriter(MessageNumber.ChannelData, chunk + 16).WriteUInt32(RemoteId);
                message.WriteString(data.Span[..chunk]);
                await _session.SendAsync(message.Memory, token);
                data = data[chunk..];
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("SSH channel closed");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // ---- closing ----

    /// <summary>The handler finished: exit-status (if any), EOF and CLOSE, each at most once.</summary>
    public async Task FinishAsync(int? exitStatus)
    {
        await _writeLock.WaitAsync();
        try
        {
            bool sendStatus, sendEof, sendClose;
            lock (_gate)
            {
                sendStatus = exitStatus.HasValue && !_closeReceived && !_closeSent;
                sendEof = !_eofSent && !_closeReceived && !_closeSent;
                sendClose = !_closeSent;
                _eofSent = true;
                _closeSent = true;
            }
            if (sendStatus)
            {
                await _session.SendAsync(new SshWriter(MessageNumber.ChannelRequest).WriteUInt32(RemoteId)
                    .WriteString("exit-status").WriteBoolean(false).WriteUInt32((uint)exitStatus!.Value).Memory, _session.Token);
            }
            if (sendEof)
                await _session.SendAsync(new SshWriter(MessageNumber.ChannelEof).WriteUInt32(RemoteId).Memory, _session.Token);
            if (sendClose)
                await _session.SendAsync(new SshWriter(MessageNumber.ChannelClose).WriteUInt32(RemoteId).Memory, _session.Token);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The client sent CLOSE. True when we must still answer with our own CLOSE now (no handler will).</summary>
    public bool ReceiveClose()
    {
        bool answer;
        lock (_gate)
        {
            _closeReceived = true;
            answer = Runner is null && !_closeSent;
            if (answer)
                _closeSent = true;
        }
        _inbound.Writer.TryComplete();
        _cts.Cancel();
        _windowGrown.Release();
        return answer;
    }

    public bool FullyClosed
    {
        get
        {
            lock (_gate)
                return _closeSent && _closeReceived;
        }
    }

    /// <summary>The connection is ending: wake everything up.</summary>
    public void Abort()
    {
        _inbound.Writer.TryComplete();
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
