using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>The group policy in force for one session: its tunnel-group, its user and what the AAA server said of the user.</summary>
public static class SessionPolicy
{
    public static EffectivePolicy For(AsaConfig config, IkeSa sa) =>
        EffectivePolicy.Resolve(config, sa.TunnelGroup, sa.Username, sa.NameIf, sa.Authorization);
}
