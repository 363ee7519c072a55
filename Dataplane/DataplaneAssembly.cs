namespace AsaEmu.Dataplane;

/// <summary>
/// Marker for the Dataplane library: the I/O edge (IKE sockets, ESP, TUN device) that drives the
/// Crypto engine.
/// </summary>
public static class DataplaneAssembly
{
    /// <summary>The engine this edge drives.</summary>
    public static readonly Type Crypto = typeof(Crypto.CryptoAssembly);
}
