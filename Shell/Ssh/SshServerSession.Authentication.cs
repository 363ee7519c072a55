using System.Net;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// User authentication (RFC 4252, RFC 4256): <c>password</c> and <c>keyboard-interactive</c> with
/// one <c>Password: </c> prompt, both checked by the injected authenticator. Each failure is
/// answered after a growing delay; the connection ends after <see cref="SshServerOptions.MaxAuthFailures"/>.
/// </summary>
internal sealed partial class SshServerSession
{
    private static readonly string[] AuthMethods = ["password", "keyboard-interactive"];

    private bool _userAuthService;
    private bool _authenticated;
    private string _userName = "";
    private string? _keyboardInteractiveUser;
    private int _authFailures;

    /// <summary>The address and port the client connected to.</summary>
    private IPEndPoint LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);

    private async Task HandleServiceRequestAsync(ReadOnlyMemory<byte> payload)
    {
        var reader = new SshReader(payload.Span[1..]);
        var service = reader.ReadUtf8();
        if (service != "ssh-userauth" || _userAuthService)
            throw new SshProtocolException(DisconnectReason.ServiceNotAvailable, $"service '{service}' not available");
        _userAuthService = true;
        await SendAsync(new SshWriter(MessageNumber.ServiceAccept).WriteString(service).Memory);
    }

    private async Task HandleUserAuthRequestAsync(ReadOnlyMemory<byte> payload)
    {
        if (!_userAuthService)
            throw new SshProtocolException(DisconnectReason.ProtocolError, "authentication before ssh-userauth service request");
        if (_authenticated)
            return; // RFC 4252 §5.1: requests after success are ignored.

        string user, service, method, password = "";
        {
            var reader = new SshReader(payload.Span[1..]);
            user = reader.ReadUtf8();
            service = reader.ReadUtf8();
            method = reader.ReadUtf8();
            if (method == "password")
            {
                reader.ReadBoolean();
                password = reader.ReadUtf8();
            }
        }
        if (service != "ssh-connection")
            throw new SshProtocolException(DisconnectReason.ServiceNotAvailable, $"service '{service}' not available");

        _keyboardInteractiveUser = null;
        switch (method)
        {
            case "password":
                await CheckPasswordAsync(user, password, method);
                break;
            case "keyboard-interactive":
                _keyboardInteractiveUser = user;
                await SendAsync(new SshWriter(MessageNumber.UserAuthInfoRequest)
                    .WriteString("").WriteString("").WriteString("")
                    .WriteUInt32(1).WriteString("Password: ").WriteBoolean(false).Memory);
                break;
            default:
                // "none" asks for the method list; publickey and the rest are simply not offered.
                await SendFailureAsync();
                break;
        }
    }

    private async Task HandleInfoResponseAsync(ReadOnlyMemory<byte> payload)
    {
        var user = _keyboardInteractiveUser
            ?? throw new SshProtocolException(DisconnectReason.ProtocolError, "INFO_RESPONSE without INFO_REQUEST");
        _keyboardInteractiveUser = null;
        string? password;
        {
            var reader = new SshReader(payload.Span[1..]);
            var count = reader.ReadUInt32();
            password = count == 1 ? reader.ReadUtf8() : null;
        }
        if (password is null)
            await FailAsync(user, "keyboard-interactive");
        else
            await CheckPasswordAsync(user, password, "keyboard-interactive");
    }

    private async Task CheckPasswordAsync(string user, string password, string method)
    {
        bool accepted;
        try
        {
            accepted = await _options.Authenticator(new SshLoginAttempt(user, password, RemoteEndPoint, LocalEndPoint)).WaitAsync(_token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"authenticator failed: {ex.Message}");
            accepted = false;
        }
        if (!accepted)
        {
            await FailAsync(user, method);
            return;
        }
        _authenticated = true;
        _userName = user;
        if (_clientKexInit is null)
            _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        Log($"user '{Printable(user)}' authenticated ({method})");
        await SendAsync(new[] { MessageNumber.UserAuthSuccess });
    }

    private async Task FailAsync(string user, string method)
    {
        _authFailures++;
        Log($"authentication failed for '{Printable(user)}' ({method}), attempt {_authFailures}");
        await Task.Delay(_options.AuthFailureDelay(_authFailures), _options.Clock, _token);
        if (_authFailures >= _options.MaxAuthFailures)
            throw new SshProtocolException(DisconnectReason.NoMoreAuthMethodsAvailable, "Too many authentication failures");
        await SendFailureAsync();
    }

    private ValueTask SendFailureAsync() =>
        SendAsync(new SshWriter(MessageNumber.UserAuthFailure).WriteNameList(AuthMethods).WriteBoolean(false).Memory);
}
