using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>The group policy in force for one session: its tunnel-group, its user and what the AAA server said of the user.</summary>
public static class SessionPolicy
{
    public static EffectivePolicy For(AsaConfig config, IkeSa sa) =>
        EffectivePolicy.Resolve(config, sa.TunnelGroup, sa.Username, sa.NameIf, sa.Authorization);

    /// <summary>
    /// The <c>vpn-filter</c> the session's IPsec SAs carry to the dataplane: a headend's client's, and a
    /// site's in either IKE role and whichever end began the Quick Mode (on the ASA an L2L tunnel-group's
    /// default-group-policy filters the site's traffic too); none on an EzVPN client, which has no group policy.
    /// </summary>
    public static string? VpnFilter(AsaConfig config, IkeSa sa) => sa.RemoteAccessClient ? null : For(config, sa).VpnFilter;
}
