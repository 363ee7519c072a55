using System.Buffers.Binary;
using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Algorithms;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh;

/// <summary>The binary packet protocol (RFC 4253 §6): framing, padding, sequence numbers, keys in force.</summary>
internal sealed partial class SshServerSession
{
    /// <summary>
    /// Largest packet_length accepted: RFC 4253 §6.1 asks for 35000-byte packets; a little margin
    /// for padding and the MAC. Anything larger ends the connection with a protocol error.
    /// </summary>
    internal const int MaxPacketLength = 35000 + 1024;

    private const int MaxTagLength = 64;

    /// <summary>Room for the largest packet: length field, packet, MAC.</summary>
    private const int MaxReceiveBuffer = 4 + MaxPacketLength + MaxTagLength;

    /// <summary>
    /// What a connection starts with: the version exchange and key exchange fit in it. The buffer
    /// grows to <see cref="MaxReceiveBuffer"/> only for a packet that needs it, so a connection
    /// that sits idle costs a few kilobytes, not forty.
    /// </summary>
    private const int InitialReceiveBuffer = 4096;

    // Receive side: only the receive loop touches these.
    private byte[] _rx = new byte[InitialReceiveBuffer];
    private int _rxStart;
    private int _rxEnd;
    private uint _rxSequence;
    private uint _lastRxSequence;
    private IPacketDecryptor _decryptor = new NoneCipher();

    // Send side: guarded by _sendLock.
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _tx = new byte[4096];
    private uint _txSequence;
    private IPacketEncryptor _encryptor = new NoneCipher();

    /// <summary>Set while our side is inside a key exchange: other messages wait for NEWKEYS.</summary>
    private TaskCompletionSource? _kexGate;

    /// <summary>Reads at least one more byte into the receive buffer; false at end of stream.</summary>
    private async ValueTask<bool> ReadMoreAsync()
    {
        if (_rxEnd == _rx.Length)
        {
            if (_rxStart == 0)
                return false;
            Compact();
        }
        var read = await _stream.ReadAsync(_rx.AsMemory(_rxEnd), _token);
        _rxEnd += read;
        return read > 0;
    }

    private void Compact()
    {
        _rx.AsSpan(_rxStart, _rxEnd - _rxStart).CopyTo(_rx);
        _rxEnd -= _rxStart;
        _rxStart = 0;
    }

    private async ValueTask FillAsync(int count)
    {
        if (count > _rx.Length)
        {
            // Callers never ask for more than MaxReceiveBuffer (ReadPacketAsync checks the length first).
            var larger = new byte[MaxReceiveBuffer];
            _rx.AsSpan(_rxStart, _rxEnd - _rxStart).CopyTo(larger);
            _rxEnd -= _rxStart;
            _rxStart = 0;
            _rx = larger;
        }
        if (_rxStart + count > _rx.Length)
            Compact();
        while (_rxEnd - _rxStart < count)
        {
            if (!await ReadMoreAsync())
                throw new EndOfStreamException("peer closed the connection");
        }
    }

    /// <summary>
    /// Reads, checks and decrypts the next packet. The payload (message number first) stays valid
    /// until the next call.
    /// </summary>
    private async ValueTask<ReadOnlyMemory<byte>> ReadPacketAsync()
    {
        var decryptor = _decryptor;
        await FillAsync(decryptor.HeadLength);
        var length = decryptor.ReadLength(_rxSequence, _rx.AsSpan(_rxStart, decryptor.HeadLength));
        var aligned = decryptor.LengthInClear ? length : length + 4;
        if (length > MaxPacketLength || length < 5 || length + 4 < decryptor.HeadLength || aligned % (uint)decryptor.BlockSize != 0)
            throw new SshProtocolException(DisconnectReason.ProtocolError, $"bad packet length {length}");

        var total = 4 + (int)length + decryptor.TagLength;
        await FillAsync(total);
        var packet = _rx.AsSpan(_rxStart, 4 + (int)length);
        var tag = _rx.AsSpan(_rxStart + 4 + (int)length, decryptor.TagLength);
        if (!decryptor.Open(_rxSequence, packet, tag))
            throw new SshProtocolException(DisconnectReason.MacError, "message authentication failed");

        var padding = packet[4];
        var payloadLength = (int)length - padding - 1;
        if (padding < 4 || payloadLength < 1)
            throw new SshProtocolException(DisconnectReason.ProtocolError, "bad padding length");

        var payload = _rx.AsMemory(_rxStart + 5, payloadLength);
        _rxStart += total;
        _lastRxSequence = _rxSequence++;
        return payload;
    }

    /// <summary>
    /// Sends a message. Anything but a transport-layer message (RFC 4253 §7.1) first waits for a key
    /// exchange in progress to finish.
    /// </summary>
    internal async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        // Logged in from the moment we say so: the connection no longer counts against the startup limits.
        if (payload.Span[0] == MessageNumber.UserAuthSuccess)
            _startup?.Dispose();
        var allowedDuringKex = MessageNumber.IsKeyExchangeSafe(payload.Span[0]);
        while (true)
        {
            await _sendLock.WaitAsync(cancellationToken);
            var gate = _kexGate;
            if (gate is null || allowedDuringKex)
            {
                try
                {
                    await WritePacketLockedAsync(payload.Span);
                }
                finally
                {
                    _sendLock.Release();
                }
                return;
            }
            _sendLock.Release();
            await gate.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Frames, pads, seals and writes one packet; the caller holds <see cref="_sendLock"/>.</summary>
    private ValueTask WritePacketLockedAsync(ReadOnlySpan<byte> payload)
    {
        var total = FrameLocked(payload);
        return _stream.WriteAsync(_tx.AsMemory(0, total), _token);
    }

    /// <summary>Builds the sealed packet for <paramref name="payload"/> at the start of <see cref="_tx"/>; returns its size.</summary>
    private int FrameLocked(ReadOnlySpan<byte> payload)
    {
        var encryptor = _encryptor;
        var block = encryptor.BlockSize;
        var unpadded = (encryptor.LengthInClear ? 1 : 5) + payload.Length;
        var padding = block - unpadded % block;
        if (padding < 4)
            padding += block;
        var length = 1 + payload.Length + padding;
        var total = 4 + length + encryptor.TagLength;
        if (_tx.Length < total)
            _tx = new byte[Math.Max(total, _tx.Length * 2)];

        var packet = _tx.AsSpan(0, 4 + length);
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)length);
        packet[4] = (byte)padding;
        payload.CopyTo(packet[5..]);
        RandomNumberGenerator.Fill(packet[(5 + payload.Length)..]);
        encryptor.Seal(_txSequence, packet, _tx.AsSpan(4 + length, encryptor.TagLength));
        _txSequence++;
        return total;
    }

    /// <summary>Best effort SSH_MSG_DISCONNECT before closing; gives up quickly.</summary>
    private async Task TrySendDisconnectAsync(DisconnectReason reason, string description)
    {
        var payload = new SshWriter(MessageNumber.Disconnect)
            .WriteUInt32((uint)reason).WriteString(description).WriteString("");
        try
        {
            if (!await _sendLock.WaitAsync(TimeSpan.FromSeconds(1)))
                return;
            try
            {
                var total = FrameLocked(payload.Span);
                // A deadline of its own: the session token may already be cancelled.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _stream.WriteAsync(_tx.AsMemory(0, total), cts.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void DisposeCiphers()
    {
        _decryptor.Dispose();
        _pendingDecryptor?.Dispose();
        // The send lock is kept for good: nothing may be sent once the connection is torn down.
        if (_sendLock.Wait(TimeSpan.FromSeconds(1)))
        {
            _encryptor.Dispose();
            _encryptor = new NoneCipher();
        }
    }
}
