using System.Collections.Concurrent;
using System.Text;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// The connection protocol (RFC 4254): session channels with pty-req, env, shell, exec and
/// window-change. Other channel types, port forwarding and global requests are refused.
/// </summary>
internal sealed partial class SshServerSession
{
    private const uint OpenAdministrativelyProhibited = 1;
    private const uint OpenUnknownChannelType = 3;
    private const uint OpenResourceShortage = 4;

    private readonly ConcurrentDictionary<uint, SshChannel> _channels = new();
    private uint _nextChannelId;

    internal CancellationToken Token => _token;

    private async Task HandleGlobalRequestAsync(ReadOnlyMemory<byte> payload)
    {
        bool wantReply;
        string name;
        {
            var reader = new SshReader(payload.Span[1..]);
            name = reader.ReadUtf8();
            wantReply = reader.ReadBoolean();
        }
        if (name is "tcpip-forward" or "cancel-tcpip-forward")
            Log($"refused global request {name}");
        if (wantReply)
            await SendAsync(new[] { MessageNumber.RequestFailure });
    }

    private async Task HandleChannelOpenAsync(ReadOnlyMemory<byte> payload)
    {
        string type;
        uint sender, window, maxPacket;
        {
            var reader = new SshReader(payload.Span[1..]);
            type = reader.ReadUtf8();
            sender = reader.ReadUInt32();
            window = reader.ReadUInt32();
            maxPacket = reader.ReadUInt32();
        }
        if (type != "session")
        {
            Log($"refused channel type {Printable(type)}");
            var reason = type is "direct-tcpip" or "forwarded-tcpip" or "x11" or "auth-agent@openssh.com"
                ? OpenAdministrativelyProhibited : OpenUnknownChannelType;
            await SendOpenFailureAsync(sender, reason, reason == OpenAdministrativelyProhibited ? "prohibited" : "unknown channel type");
            return;
        }
        if (_channels.Count >= _options.MaxChannelsPerConnection)
        {
            await SendOpenFailureAsync(sender, OpenResourceShortage, "too many channels");
            return;
        }
        var channel = new SshChannel(this, _nextChannelId++, sender, window, maxPacket, _token);
        _channels[channel.LocalId] = channel;
        await SendAsync(new SshWriter(MessageNumber.ChannelOpenConfirmation)
            .WriteUInt32(sender).WriteUInt32(channel.LocalId)
            .WriteUInt32(SshChannel.LocalWindowSize).WriteUInt32(SshChannel.LocalMaxPacket).Memory);
    }

    private ValueTask SendOpenFailureAsync(uint recipient, uint reason, string description) =>
        SendAsync(new SshWriter(MessageNumber.ChannelOpenFailure)
            .WriteUInt32(recipient).WriteUInt32(reason).WriteString(description).WriteString("").Memory);

    private SshChannel FindChannel(uint localId) =>
        _channels.TryGetValue(localId, out var channel)
            ? channel
            : throw new SshProtocolException(DisconnectReason.ProtocolError, $"no channel {localId}");

    private void HandleWindowAdjust(ReadOnlyMemory<byte> payload)
    {
        var reader = new SshReader(payload.Span[1..]);
        var channel = FindChannel(reader.ReadUInt32());
        channel.AdjustRemoteWindow(reader.ReadUInt32());
    }

    private Task HandleChannelDataAsync(ReadOnlyMemory<byte> payload)
    {
        var reader = new SshReader(payload.Span[1..]);
        var channel = FindChannel(reader.ReadUInt32());
        var extended = payload.Span[0] == MessageNumber.ChannelExtendedData;
        if (extended)
            reader.ReadUInt32();
        channel.Receive(reader.ReadString(), extended);
        return Task.CompletedTask;
    }

    private void HandleChannelEof(ReadOnlyMemory<byte> payload)
    {
        var reader = new SshReader(payload.Span[1..]);
        FindChannel(reader.ReadUInt32()).ReceiveEof();
    }

    private async Task HandleChannelCloseAsync(ReadOnlyMemory<byte> payload)
    {
        var reader = new SshReader(payload.Span[1..]);
        var channel = FindChannel(reader.ReadUInt32());
        if (channel.ReceiveClose())
            await SendAsync(new SshWriter(MessageNumber.ChannelClose).WriteUInt32(channel.RemoteId).Memory);
        if (channel.FullyClosed)
            _channels.TryRemove(channel.LocalId, out _);
    }

    private async Task HandleChannelRequestAsync(ReadOnlyMemory<byte> payload)
    {
        SshChannel channel;
        string request;
        bool wantReply;
        bool ok;
        string? command = null;
        {
            var reader = new SshReader(payload.Span[1..]);
            channel = FindChannel(reader.ReadUInt32());
            request = reader.ReadUtf8();
            wantReply = reader.ReadBoolean();
            switch (request)
            {
                case "pty-req":
                    var term = reader.ReadUtf8();
                    channel.Pty = new PtyInfo(term, (int)reader.ReadUInt32(), (int)reader.ReadUInt32(), (int)reader.ReadUInt32(), (int)reader.ReadUInt32());
                    reader.ReadString(); // terminal modes: the CLI does its own echo and line editing
                    ok = !channel.Started;
                    break;
                case "window-change":
                    if (channel.Pty is { } pty)
                    {
                        channel.Pty = pty with
                        {
                            Columns = (int)reader.ReadUInt32(),
                            Rows = (int)reader.ReadUInt32(),
                            WidthPixels = (int)reader.ReadUInt32(),
                            HeightPixels = (int)reader.ReadUInt32(),
                        };
                        channel.Stream?.OnWindowChanged(channel.Pty);
                    }
                    ok = true;
                    break;
                case "shell":
                    ok = !channel.Started;
                    break;
                case "exec":
                    command = Encoding.UTF8.GetString(reader.ReadString());
                    ok = !channel.Started;
                    break;
                default:
                    // env, subsystem, x11-req, auth-agent-req, signal, break, keepalive@openssh.com...
                    ok = false;
                    break;
            }
        }

        if (wantReply)
        {
            await SendAsync(new SshWriter(ok ? MessageNumber.ChannelSuccess : MessageNumber.ChannelFailure)
                .WriteUInt32(channel.RemoteId).Memory);
        }
        if (ok && request is "shell" or "exec")
            Start(channel, command);
    }

    private void Start(SshChannel channel, string? command)
    {
        channel.Started = true;
        var stream = new SshChannelStream(channel, _userName, RemoteEndPoint);
        channel.Stream = stream;
        Log(command is null ? $"shell on channel {channel.LocalId}" : $"exec on channel {channel.LocalId}: {Printable(command)}");
        channel.Runner = Task.Run(async () =>
        {
            int? exitStatus = null;
            try
            {
                exitStatus = command is null
                    ? await RunShellAsync(stream, channel)
                    : await _options.Handler.RunExecAsync(stream, command, channel.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException && channel.Token.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Log($"handler failed on channel {channel.LocalId}: {ex}");
                exitStatus = 255;
            }
            try
            {
                await channel.FinishAsync(exitStatus);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
            }
            if (channel.FullyClosed)
                _channels.TryRemove(channel.LocalId, out _);
        });
    }

    private async Task<int?> RunShellAsync(SshChannelStream stream, SshChannel channel)
    {
        await _options.Handler.RunShellAsync(stream, channel.Pty, channel.Token);
        return 0;
    }

    /// <summary>The connection ended: stop every handler and wait (briefly) for them to return.</summary>
    private async Task CloseChannelsAsync()
    {
        var runners = new List<Task>();
        foreach (var channel in _channels.Values)
        {
            channel.Abort();
            if (channel.Runner is { } runner)
                runners.Add(runner);
        }
        if (runners.Count > 0)
            await Task.WhenAny(Task.WhenAll(runners), Task.Delay(TimeSpan.FromSeconds(5)));
        _channels.Clear();
    }
}
