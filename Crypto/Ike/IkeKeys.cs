using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What an IKE SA has once its Diffie-Hellman exchange is done (RFC 2409 §5): the phase-1 proposal
/// both ends agreed, SKEYID and its descendants, and the IV chain of its encrypted messages. An SA
/// gets one with its keys (message 2 or 3 of aggressive mode, 3 or 4 of main mode); every exchange
/// after phase 1 is made with it in hand, so none of them asks whether keys exist.
/// </summary>
public sealed class IkeKeys(Phase1Selection selection, KeyMaterial material, IvChain iv) : IDisposable
{
    public Phase1Selection Selection { get; private set; } = selection;
    public KeyMaterial Material => material;
    public IvChain Iv => iv;
    public int HashLength => material.HashLength;

    /// <summary>
    /// The responder granted a shorter lifetime than this end asked for and said so with RESPONDER-LIFETIME
    /// (RFC 2407 §4.6.3.1): the SA lives, and is rekeyed, by that one. A longer one is ignored.
    /// </summary>
    public void LowerLifetime(long seconds)
    {
        if (seconds > 0 && seconds < Selection.LifetimeSeconds) Selection = Selection with { LifetimeSeconds = seconds, LifetimeLowered = true };
    }

    public void Dispose()
    {
        iv.Dispose();
        material.Dispose();
    }
}
