using System.Net;
using System.Net.Sockets;
using System.Text;
using AsaEmu.Shell.Ssh.Algorithms;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// One client connection, from the version exchange to the last channel. A single receive loop
/// reads and dispatches every packet; handlers run on their own tasks and send through the
/// shared, locked packet writer. Split by concern: <c>.Transport</c> (packets),
/// <c>.KeyExchange</c>, <c>.Authentication</c>, <c>.Channels</c>.
/// </summary>
internal sealed partial class SshServerSession : IAsyncDisposable
{
    /// <summary>Most bytes accepted before the client's identification line.</summary>
    private const int MaxPreambleBytes = 8192;

    /// <summary>Longest identification line, CR LF included (RFC 4253 §4.2).</summary>
    private const int MaxVersionLine = 255;

    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly SshServerOptions _options;
    private readonly SshHostKeys _hostKeys;
    /// <summary>The login and key-exchange timeouts, on the options' clock.</summary>
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _lifetime;
    private readonly CancellationToken _token;

    /// <summary>This connection's place among those not logged in; given back at login or at the end.</summary>
    private readonly IDisposable? _startup;

    private string _clientVersion = "";

    /// <param name="startup">The place among unauthenticated connections this one holds (see <see cref="Listeners.StartupLimiter"/>).</param>
    public SshServerSession(Socket socket, IPEndPoint remote, SshServerOptions options, SshHostKeys hostKeys, IDisposable? startup, CancellationToken serverToken)
        : this(new NetworkStream(socket, ownsSocket: true), remote, options, hostKeys, startup, serverToken)
    {
        _socket = socket;
    }

    /// <summary>A connection over any stream: the fuzz tests drive the session from memory.</summary>
    internal SshServerSession(Stream stream, IPEndPoint remote, SshServerOptions options, SshHostKeys hostKeys, IDisposable? startup, CancellationToken serverToken)
    {
        _stream = stream;
        _options = options;
        _hostKeys = hostKeys;
        _startup = startup;
        RemoteEndPoint = remote;
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, options.Clock);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(serverToken, _timeout.Token);
        _token = _lifetime.Token;
    }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>
    /// For the fuzz tests: a session that starts where the version and key exchange have just
    /// ended, with the given ciphers in force, so that fuzzed packets reach the decryption and
    /// the messages behind the key exchange without the cost of one per input.
    /// </summary>
    internal static SshServerSession AfterKeyExchange(Stream stream, SshServerOptions options, SshHostKeys hostKeys,
        IPacketDecryptor decryptor, IPacketEncryptor encryptor)
    {
        var session = new SshServerSession(stream, new IPEndPoint(IPAddress.Loopback, 22222), options, hostKeys, null, CancellationToken.None)
        {
            _clientVersion = "SSH-2.0-Fuzz",
            _decryptor = decryptor,
            _encryptor = encryptor,
            _sessionId = new byte[32],
            _initialKexDone = true,
        };
        return session;
    }

    /// <summary>Runs the connection to its end; never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            _timeout.CancelAfter(_options.LoginTimeout);
            if (!_initialKexDone)
            {
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(_options.ServerVersion + "\r\n"), _token);
                if (!await ReadClientVersionAsync())
                {
                    Log("no SSH identification from the client; closing");
                    await TryWriteRawAsync("Protocol mismatch.\r\n");
                    return;
                }
                await SendKexInitAsync();
            }
            await ReceiveLoopAsync();
        }
        catch (SshProtocolException ex)
        {
            Log($"protocol error ({ex.Reason}): {ex.Message}");
            await TrySendDisconnectAsync(ex.Reason, ex.Message);
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested)
        {
            Log(_authenticated ? "key exchange timed out" : "login timed out");
            await TrySendDisconnectAsync(DisconnectReason.ByApplication, "Timeout");
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            await TrySendDisconnectAsync(DisconnectReason.ByApplication, "Server shutting down");
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or ObjectDisposedException)
        {
            Log($"connection closed ({ex.GetType().Name})");
        }
        catch (Exception ex)
        {
            Log($"unexpected error: {ex}");
            await TrySendDisconnectAsync(DisconnectReason.ByApplication, "Internal error");
        }
        finally
        {
            try
            {
                await _lifetime.CancelAsync();
            }
            catch (AggregateException ex)
            {
                // A handler's cancellation callback threw; the connection ends all the same.
                Log($"cancellation callback failed: {ex.InnerException?.Message}");
            }
            await CloseChannelsAsync();
            await DisposeAsync();
        }
    }

    /// <summary>
    /// Reads lines until one starts with <c>SSH-</c> (other lines may come first, RFC 4253 §4.2).
    /// False when the client sends no usable version within <see cref="MaxPreambleBytes"/>.
    /// </summary>
    private async Task<bool> ReadClientVersionAsync()
    {
        var consumed = 0;
        while (true)
        {
            var available = _rx.AsSpan(_rxStart, _rxEnd - _rxStart);
            var newline = available.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (available.Length >= MaxVersionLine || consumed + available.Length >= MaxPreambleBytes)
                    return false;
                if (!await ReadMoreAsync())
                    return false;
                continue;
            }
            var line = available[..newline];
            _rxStart += newline + 1;
            consumed += newline + 1;
            if (newline + 1 > MaxVersionLine || consumed > MaxPreambleBytes || line.IndexOf((byte)0) >= 0)
                return false;
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            if (!line.StartsWith("SSH-"u8))
                continue;
            if (!line.StartsWith("SSH-2.0-"u8) && !line.StartsWith("SSH-1.99-"u8))
                return false;
            _clientVersion = Encoding.ASCII.GetString(line);
            Log($"client version {Printable(_clientVersion)}");
            return true;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        while (true)
        {
            var payload = await ReadPacketAsync();
            var number = payload.Span[0];
            CheckAllowedNow(number);
            switch (number)
            {
                case MessageNumber.Disconnect:
                    Log("client disconnected");
                    return;
                case MessageNumber.Ignore or MessageNumber.Debug or MessageNumber.Unimplemented:
                    break;
                case MessageNumber.KexInit:
                    await HandleKexInitAsync(payload);
                    break;
                case MessageNumber.KexDhInit:
                    await HandleKexDhInitAsync(payload);
                    break;
                case MessageNumber.NewKeys:
                    HandleNewKeys();
                    break;
                case MessageNumber.ServiceRequest:
                    await HandleServiceRequestAsync(payload);
                    break;
                case MessageNumber.UserAuthRequest:
                    await HandleUserAuthRequestAsync(payload);
                    break;
                case MessageNumber.UserAuthInfoResponse:
                    await HandleInfoResponseAsync(payload);
                    break;
                case MessageNumber.GlobalRequest:
                    await HandleGlobalRequestAsync(payload);
                    break;
                case MessageNumber.ChannelOpen:
                    await HandleChannelOpenAsync(payload);
                    break;
                case MessageNumber.ChannelWindowAdjust:
                    HandleWindowAdjust(payload);
                    break;
                case MessageNumber.ChannelData or MessageNumber.ChannelExtendedData:
                    await HandleChannelDataAsync(payload);
                    break;
                case MessageNumber.ChannelEof:
                    HandleChannelEof(payload);
                    break;
                case MessageNumber.ChannelClose:
                    await HandleChannelCloseAsync(payload);
                    break;
                case MessageNumber.ChannelRequest:
                    await HandleChannelRequestAsync(payload);
                    break;
                case MessageNumber.ChannelSuccess or MessageNumber.ChannelFailure:
                    break;
                default:
                    await SendAsync(new SshWriter(MessageNumber.Unimplemented).WriteUInt32(_lastRxSequence).Memory);
                    break;
            }
        }
    }

    /// <summary>Refuses messages that have no place in the current state of the connection.</summary>
    private void CheckAllowedNow(byte number)
    {
        if (number == MessageNumber.Disconnect)
            return;
        if (!_initialKexDone && _strictKex && number is not (MessageNumber.KexDhInit or MessageNumber.NewKeys))
            throw new SshProtocolException(DisconnectReason.ProtocolError, $"message {number} during strict key exchange");
        if ((_clientKexInit is not null || !_initialKexDone) && !MessageNumber.IsKeyExchangeSafe(number))
            throw new SshProtocolException(DisconnectReason.ProtocolError, $"message {number} during key exchange");
        if (!_authenticated && number >= MessageNumber.GlobalRequest)
            throw new SshProtocolException(DisconnectReason.ProtocolError, $"message {number} before authentication");
    }

    /// <summary>Text from the client made safe for a log line.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c : '?'));

    private void Log(string message) => _options.Log?.Invoke($"ssh {RemoteEndPoint}: {message}");

    private async Task TryWriteRawAsync(string text)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), cts.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _startup?.Dispose();
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        await _stream.DisposeAsync();
        DisposeCiphers();
        _lifetime.Dispose();
        _timeout.Dispose();
    }
}
