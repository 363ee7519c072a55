namespace AsaEmu.Crypto;

/// <summary>
/// Marker for the Crypto library: the pure IKEv1 engine (ISAKMP codec, exchanges as state
/// machines, keying) that reads config snapshots from ConfigModel and touches no socket or clock.
/// </summary>
public static class CryptoAssembly
{
    /// <summary>The config model this engine reads.</summary>
    public static readonly Type ConfigModel = typeof(ConfigModel.Model.AsaConfig);
}
