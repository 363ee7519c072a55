namespace AsaEmu.ConfigModel.Passwords;

/// <summary>
/// Fills a password salt. ConfigModel draws no randomness of its own: the appliance passes a
/// cryptographic source to the config sessions it opens (<see cref="Commands.ConfigSession.Salt"/>).
/// </summary>
public delegate void SaltSource(Span<byte> salt);

/// <summary>Salt sources that need no randomness.</summary>
public static class SaltSources
{
    /// <summary>
    /// Where no source was passed (tests, <c>check-config</c>): a fixed salt, so that the same lines
    /// always load to the same config. The running appliance never uses it.
    /// </summary>
    public static readonly SaltSource Fixed = salt =>
    {
        for (var i = 0; i < salt.Length; i++) salt[i] = (byte)(0xA5 ^ i);
    };
}
