namespace AsaEmu.Crypto.Ike;

/// <summary>
/// An EzVPN client's phase 1 rekey as its headend tells it from a new session. The Cisco VPN client and
/// the hardware client begin a new phase 1 before their IKE SA's lifetime ends, from the same address
/// and port, for the same group, and without INITIAL-CONTACT, which marks a peer's first SA with us
/// (RFC 2407 §4.6.3.3; vpnc and the Cisco client send it with every new connection). With
/// <c>re-xauth disable</c>, the default, the ASA asks for neither XAUTH nor Mode Config again: the new
/// IKE SA takes the session (user, address, IPsec SAs) over once up (IkeEngine.TakeOver).
/// [M: how the ASA tells a rekey from a new session is not documented; <c>re-xauth enable</c> is kept
/// in the configuration and not acted on.]
/// </summary>
public static class RemoteAccessRekey
{
    /// <summary>
    /// The session whose phase 1 rekey <paramref name="sa"/> is (its peer proven, at AM3 or MM5), which it
    /// notes in <see cref="IkeSa.Rekeys"/>; false for a new session.
    /// </summary>
    public static bool Note(IkeContext ctx, IkeSa sa)
    {
        if (sa.PeerInitialContact || ctx.Services.Sessions is not { } sessions) return false;
        foreach (var session in sessions.All)
        {
            if (session == sa || session.Role != IkeRole.Responder || !session.Established || session.Superseded || session.Ending is not null
                || !session.Peer.Equals(sa.Peer) || !string.Equals(session.TunnelGroup, sa.TunnelGroup, StringComparison.Ordinal)) continue;
            sa.Rekeys = session.CookieI;
            new IkeLog(sa, ctx.Outputs).Debug(RemoteAccessText.Phase1Rekey(session.Username));
            return true;
        }
        return false;
    }
}
