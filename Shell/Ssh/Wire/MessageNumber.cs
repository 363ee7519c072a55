namespace AsaEmu.Shell.Ssh.Wire;

/// <summary>SSH message numbers (RFC 4250 §4.1) that this server sends or understands.</summary>
internal static class MessageNumber
{
    public const byte Disconnect = 1;
    public const byte Ignore = 2;
    public const byte Unimplemented = 3;
    public const byte Debug = 4;
    public const byte ServiceRequest = 5;
    public const byte ServiceAccept = 6;
    public const byte KexInit = 20;
    public const byte NewKeys = 21;
    public const byte KexDhInit = 30;   // also SSH_MSG_KEX_ECDH_INIT
    public const byte KexDhReply = 31;  // also SSH_MSG_KEX_ECDH_REPLY
    public const byte UserAuthRequest = 50;
    public const byte UserAuthFailure = 51;
    public const byte UserAuthSuccess = 52;
    public const byte UserAuthBanner = 53;
    public const byte UserAuthInfoRequest = 60;
    public const byte UserAuthInfoResponse = 61;
    public const byte GlobalRequest = 80;
    public const byte RequestSuccess = 81;
    public const byte RequestFailure = 82;
    public const byte ChannelOpen = 90;
    public const byte ChannelOpenConfirmation = 91;
    public const byte ChannelOpenFailure = 92;
    public const byte ChannelWindowAdjust = 93;
    public const byte ChannelData = 94;
    public const byte ChannelExtendedData = 95;
    public const byte ChannelEof = 96;
    public const byte ChannelClose = 97;
    public const byte ChannelRequest = 98;
    public const byte ChannelSuccess = 99;
    public const byte ChannelFailure = 100;

    /// <summary>Messages allowed while a key exchange is running (RFC 4253 §7.1): 1–49 except the service ones.</summary>
    public static bool IsKeyExchangeSafe(byte number) =>
        number is >= 1 and <= 49 and not ServiceRequest and not ServiceAccept;
}

/// <summary>SSH_MSG_DISCONNECT reason codes (RFC 4250 §4.2.2).</summary>
public enum DisconnectReason : uint
{
    HostNotAllowedToConnect = 1,
    ProtocolError = 2,
    KeyExchangeFailed = 3,
    Reserved = 4,
    MacError = 5,
    CompressionError = 6,
    ServiceNotAvailable = 7,
    ProtocolVersionNotSupported = 8,
    HostKeyNotVerifiable = 9,
    ConnectionLost = 10,
    ByApplication = 11,
    TooManyConnections = 12,
    AuthCancelledByUser = 13,
    NoMoreAuthMethodsAvailable = 14,
    IllegalUserName = 15,
}
