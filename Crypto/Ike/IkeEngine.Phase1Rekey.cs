namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Phase 1 rekeys (IKEv1 has no rekey of an IKE SA in place: a new phase 1 replaces it). A site's end
/// that began the IKE SA starts main mode again at its P1 rekey timer; an EzVPN client (the Cisco VPN
/// client, a hardware client, the load generator) starts its phase 1 again before its IKE SA ends, and
/// its headend tells that from a new session (<see cref="RemoteAccessRekey"/>). Either way the new IKE SA
/// takes the session over once up (<see cref="TakeOver"/>), and the end that began it deletes the old one.
/// </summary>
public sealed partial class IkeEngine
{
    /// <summary>
    /// The P1 rekey timer of an IKE SA this end began ran out. A site's (while its traffic flows): a new
    /// main mode to the same peer. A quiet site tunnel is left to expire, and comes up again with its next
    /// traffic. Only the end that began the IKE SA does it, so the two ends do not collide (713092) [M].
    /// An EzVPN client's: its phase 1 again, without INITIAL-CONTACT, XAUTH or Mode Config.
    /// </summary>
    private void RekeyPhase1(IkeContext ctx, IkeSa old)
    {
        old.Phase1Rekeying = true;
        if (old.ClientProfile is { } profile)
        {
            StartClient(ctx, profile, rekeys: old);
            return;
        }
        if (old.Children.FirstOrDefault() is not { } child) return;
        StartMainMode(ctx, old.NameIf, old.Local.Address, old.Peer.Address, "Rekeying Phase 1", child.Proxies, child.CryptoMap);
    }

    /// <summary>
    /// A new IKE SA came up. The phase 1 rekey of a remote-access session (<see cref="IkeSa.Rekeys"/>)
    /// takes that session over. A site's, while an older one with the same peer still holds IPsec SAs (a
    /// phase 1 rekey, by either end), takes those over; after INITIAL-CONTACT the older ones are stale.
    /// </summary>
    private void Adopt(IkeContext ctx, IkeSa sa)
    {
        if (sa.Rekeys is { } cookie)
        {
            sa.Rekeys = null;
            if (_sas.TryGetValue(cookie, out var session) && session.Established && !session.Superseded) TakeOver(ctx, sa, session);
            return;
        }
        if (sa.RemoteAccessClient || !LanToLanText.IsSite(ctx.Config, sa)) return;
        if (sa.PeerInitialContact)
        {
            // The peer restarted and holds none of the older SAs: they go (no DELETE: it knows none of them).
            var stale = _sas.Values.Where(o => o != sa && o.Established && !o.Removed && o.Peer.Address.Equals(sa.Peer.Address)).ToList();
            if (stale.Count > 0) new IkeLog(sa, ctx.Outputs).Main(IkeLog.Notice, LanToLanText.InitialContactStale(sa.Peer.Address.ToString()));
            foreach (var old in stale) End(ctx, old, LanToLanText.PeerReconnected, notifyPeer: false);
            return;
        }
        foreach (var old in _sas.Values.Where(o => o != sa && o.Established && !o.Superseded && o.Children.Count > 0 && o.Peer.Address.Equals(sa.Peer.Address)).ToList())
            TakeOver(ctx, sa, old);
    }

    /// <summary>
    /// <paramref name="sa"/>, the new IKE SA of a phase 1 rekey, takes the session of <paramref name="old"/>
    /// over: its IPsec SAs and what they carried, its start, and a remote-access session's user, address
    /// and accounting; the old one is superseded. The end that began the new one deletes the old IKE SA (a
    /// DELETE, and no session teardown: the session goes on); the other end drops it quietly on that DELETE
    /// or at its lifetime's end. A rekey of an IPsec SA under way on the old IKE SA is not carried over: the
    /// new one starts its own when due (a Quick Mode that still completes on the old one hands its SA pair
    /// on, <see cref="Remove"/>).
    /// </summary>
    private void TakeOver(IkeContext ctx, IkeSa sa, IkeSa old)
    {
        sa.Children.AddRange(old.Children);
        old.Children.Clear();
        foreach (var (spi, usage) in old.Usage) sa.Usage[spi] = usage;
        sa.SessionStart = old.SessionStart;
        sa.LastTraffic = old.LastTraffic; // a rekey is not traffic: the idle timeout goes on counting
        (sa.Username, sa.Authorization, sa.Accounting) = (old.Username, old.Authorization, old.Accounting);
        (sa.AssignedAddress, sa.AddressPool, sa.IpsecUdpPort, sa.Configuration) = (old.AssignedAddress, old.AddressPool, old.IpsecUdpPort, old.Configuration);
        // The address is the session's now: the old IKE SA's end does not give it back to the pool.
        (old.AssignedAddress, old.AddressPool, old.Accounting) = (null, null, null);
        old.Successor = sa;
        new IkeLog(old, ctx.Outputs).Debug(LanToLanText.Phase1Replaced(old.Mode, old.CookieI));
        if (sa.Role == IkeRole.Initiator && old.Keys is { } keys)
        {
            new IkeLog(old, ctx.Outputs).Debug("sending delete/delete with reason message");
            Informational.SendIkeDelete(ctx, old, keys);
            Remove(old);
        }
    }
}
