using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// <c>vpn-tunnel-protocol</c> enforcement: an IKEv1 remote-access session needs <c>ikev1</c> (8.3's
/// <c>IPSec</c> is read as it) in the effective policy of its user (username attributes, then the
/// group-policy an AAA server's Class names, the tunnel-group's group-policy, then DfltGrpPolicy). The ASA decides it once it knows the user,
/// so after XAUTH (or after phase 1 when the tunnel-group asks for no XAUTH).
/// </summary>
public static class TunnelProtocolCheck
{
    /// <summary>True when the session may go on; otherwise says why (the caller refuses it).</summary>
    public static bool Allows(IkeContext ctx, IkeSa sa, string? username)
    {
        var policy = SessionPolicy.For(ctx.Config, sa);
        if (policy.AllowsIkev1) return true;
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        // The user and the group-policies consulted decided it: debug crypto explain names their lines.
        var decidedBy = policy.PolicyChain.Select(name => ctx.Config.Get<GroupPolicy>(name)).OfType<GroupPolicy>()
            .SelectMany(p => p.Sources)
            .Concat(username is null ? [] : ctx.Config.Get<Username>(username)?.Sources ?? []);
        // Wording [M].
        log.Main(IkeLog.Milestone, $"Tunnel Rejected: User ({username ?? sa.TunnelGroup}) not authorized for IPsec (IKEv1) by vpn-tunnel-protocol", decidedBy);
        return false;
    }
}
