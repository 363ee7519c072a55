using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>EffectivePolicy: user attributes → user's vpn-group-policy → tunnel-group default-group-policy → DfltGrpPolicy.</summary>
public class GroupPolicyInheritanceTests
{
    private const string Config =
        "group-policy DfltGrpPolicy attributes\n dns-server value 10.0.0.1\n wins-server value 10.0.0.2\n banner value default banner\n vpn-idle-timeout 60\n" +
        "group-policy EZ internal\ngroup-policy EZ attributes\n dns-server value 192.168.1.99\n split-tunnel-policy tunnelspecified\n" +
        " split-tunnel-network-list value split\n default-domain value ez.example\n vpn-tunnel-protocol ikev1\n password-storage enable\n" +
        " split-dns value a.example b.example\n address-pools value GPPOOL\n backup-servers 198.51.100.2\n pfs enable\n" +
        "group-policy VIP internal\ngroup-policy VIP attributes\n dns-server value 172.16.0.53\n banner none\n vpn-session-timeout 120\n" +
        "username cisco password cisco\nusername cisco attributes\n vpn-framed-ip-address 192.168.1.100 255.255.255.0\n" +
        "username boss password cisco\nusername boss attributes\n vpn-group-policy VIP\n group-lock value EZ\n vpn-idle-timeout none\n vpn-tunnel-protocol IPSec\n" +
        "tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n address-pool POOL\n address-pool (inside) INPOOL\n default-group-policy EZ\n";

    private static readonly AsaConfig Loaded = ConfigLoader.Load(Config).Config;

    [Fact]
    public void A_plain_user_gets_the_tunnel_group_policy_then_dflt_grp_policy_then_factory_defaults()
    {
        var p = EffectivePolicy.Resolve(Loaded, "EZ", "cisco");

        Assert.Equal(["EZ", "DfltGrpPolicy"], p.PolicyChain);
        Assert.Equal([Ipv4.Parse("192.168.1.99")], p.DnsServers);
        Assert.Equal([Ipv4.Parse("10.0.0.2")], p.WinsServers);
        Assert.Equal(["default banner"], p.Banner);
        Assert.Equal("ez.example", p.DefaultDomain);
        Assert.Equal("tunnelspecified", p.SplitTunnelPolicy);
        Assert.Equal("split", p.SplitTunnelNetworkList);
        Assert.Equal(["a.example", "b.example"], p.SplitDns);
        Assert.True(p.PasswordStorage);
        Assert.True(p.Pfs);
        Assert.Equal(60, p.IdleTimeoutMinutes);
        Assert.Null(p.SessionTimeoutMinutes);
        Assert.Equal(3, p.SimultaneousLogins);
        Assert.Equal(["ikev1"], p.TunnelProtocols);
        Assert.True(p.AllowsIkev1);
        Assert.Equal(["198.51.100.2"], p.BackupServers);
        Assert.Null(p.GroupLock);
        Assert.Equal(["GPPOOL"], p.AddressPools);
        Assert.Equal(["POOL"], p.TunnelGroupAddressPools);
        Assert.Equal(Ipv4.Parse("192.168.1.100"), p.FramedIp);
        Assert.Equal(Ipv4.Parse("255.255.255.0"), p.FramedMask);
    }

    [Fact]
    public void The_users_own_policy_and_attributes_win_and_none_stops_inheritance()
    {
        var p = EffectivePolicy.Resolve(Loaded, "EZ", "boss");

        Assert.Equal(["VIP", "EZ", "DfltGrpPolicy"], p.PolicyChain);
        Assert.Equal([Ipv4.Parse("172.16.0.53")], p.DnsServers);
        Assert.Empty(p.Banner);
        Assert.Equal(120, p.SessionTimeoutMinutes);
        Assert.Null(p.IdleTimeoutMinutes);
        Assert.Equal(["ikev1"], p.TunnelProtocols);
        Assert.True(p.AllowsIkev1);
        Assert.Equal("ez.example", p.DefaultDomain);
        Assert.Null(p.FramedIp);
        Assert.Equal("EZ", p.GroupLock);
    }

    [Fact]
    public void Without_a_known_group_or_user_dflt_grp_policy_and_the_factory_defaults_apply()
    {
        var p = EffectivePolicy.Resolve(ConfigLoader.Load("").Config, "NOPE", null);

        Assert.Null(p.TunnelGroup);
        Assert.Equal(["DfltGrpPolicy"], p.PolicyChain);
        Assert.Empty(p.DnsServers);
        Assert.Null(p.DefaultDomain);
        Assert.Equal("tunnelall", p.SplitTunnelPolicy);
        Assert.Null(p.SplitTunnelNetworkList);
        Assert.False(p.PasswordStorage);
        Assert.False(p.Pfs);
        Assert.Equal(30, p.IdleTimeoutMinutes);
        Assert.Null(p.SessionTimeoutMinutes);
        Assert.Equal(3, p.SimultaneousLogins);
        Assert.Equal(["ikev1", "ikev2", "l2tp-ipsec", "ssl-client", "ssl-clientless"], p.TunnelProtocols);
        Assert.Equal(["keep-client-config"], p.BackupServers);
        Assert.Empty(p.AddressPools);
    }

    [Fact]
    public void A_tunnel_group_pool_for_the_arrival_interface_wins_over_the_one_for_every_interface()
    {
        var config = ConfigLoader.Load("tunnel-group T type remote-access\ntunnel-group T general-attributes\n address-pool POOL\n address-pool (inside) INPOOL\n").Config;

        Assert.Equal(["INPOOL"], EffectivePolicy.Resolve(config, "T", null, "inside").AddressPools);
        Assert.Equal(["POOL"], EffectivePolicy.Resolve(config, "T", null, "outside").AddressPools);
    }

    [Fact]
    public void A_default_group_policy_that_does_not_exist_falls_back_to_dflt_grp_policy()
    {
        var config = ConfigLoader.Load("tunnel-group T type remote-access\ntunnel-group T general-attributes\n default-group-policy GONE\n").Config;

        Assert.Equal(["DfltGrpPolicy"], EffectivePolicy.Resolve(config, "T", null).PolicyChain);
    }
}
