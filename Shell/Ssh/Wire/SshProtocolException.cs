namespace AsaEmu.Shell.Ssh.Wire;

/// <summary>
/// The peer broke the protocol: the connection ends with SSH_MSG_DISCONNECT carrying
/// <see cref="Reason"/> and the message as its description.
/// </summary>
public sealed class SshProtocolException(DisconnectReason reason, string message) : Exception(message)
{
    public DisconnectReason Reason { get; } = reason;

    public static SshProtocolException Malformed(string what) =>
        new(DisconnectReason.ProtocolError, $"malformed {what}");
}
