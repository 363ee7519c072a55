namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Both ends of a site rekey the same IPsec SA at once (each runs its P2 rekey timer): two Quick
/// Modes for the same proxies cross. Left alone they would make two SA pairs where one is wanted.
/// As RFC 7296 §2.8.1 settles IKEv2's simultaneous rekeys by the nonces, the exchange whose Ni is
/// the higher goes on and the other is dropped; each end reaches the same answer from the two nonces
/// alone, whatever order the messages arrive in [M: the ASA's own rule is not documented].
/// </summary>
public static class RekeyCollision
{
    /// <summary>
    /// A peer's QM1 (HASH checked) proposes <paramref name="proposed"/> (this end's side first) with
    /// <paramref name="peerNonce"/>: true when a rekey this end began for the same proxies wins, and
    /// the peer's exchange is to be dropped unanswered; false otherwise (this end's losing rekey, if
    /// any, is abandoned, and the peer's is answered).
    /// </summary>
    public static bool OwnRekeyWins(IkeContext ctx, IkeSa sa, ConfigModel.Model.ProxyPair proposed, ReadOnlySpan<byte> peerNonce, IkeLog log)
    {
        QuickModeInitiator? own = null;
        foreach (var task in sa.Tasks.QuickModes.Values)
            if (task is QuickModeInitiator { IsRekey: true } q && q.Proxies == proposed) own = q;
        if (own is null) return false;
        if (own.NonceI.SequenceCompareTo(peerNonce) > 0)
        {
            log.Main(IkeLog.Notice, LanToLanText.RekeyCollisionKept(own.MessageId));
            return true;
        }
        log.Main(IkeLog.Notice, LanToLanText.RekeyCollisionYielded(own.MessageId));
        sa.Tasks.Abandon(own);
        return false;
    }
}
