using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;
using CsCheck;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// Sub-mode lines render in the ASA's order whatever order they were entered in, and the rendering
/// loads back to itself.
/// </summary>
public class GroupPolicyAndTunnelGroupPropertyTests
{
    private static readonly string[] PolicyLines =
    [
        " banner value hello there", " wins-server value 10.0.0.4", " dns-server value 10.0.0.1 10.0.0.2", " vpn-simultaneous-logins 7",
        " vpn-idle-timeout 15", " vpn-session-timeout none", " vpn-filter value F", " vpn-tunnel-protocol ikev1 ssl-client",
        " password-storage enable", " group-lock value EZ", " pfs enable", " split-tunnel-policy excludespecified",
        " split-tunnel-network-list value S", " default-domain value d.example", " split-dns value a.example b.example",
        " backup-servers clear-client-config", " address-pools value P", " msie-proxy method no-proxy", " nem enable", " ip-comp enable",
        " re-xauth enable", " client-firewall none", " ipsec-udp enable", " ipv6-split-tunnel-policy tunnelall", " vpn-access-hours none",
    ];

    private static readonly string[] GeneralLines =
    [
        " dhcp-server 10.10.10.10", " authorization-required", " authorization-server-group aaa", " accounting-server-group aaa",
        " address-pool (vpn) vpn_pool", " authentication-server-group (outside) LOCAL", " default-group-policy GP", " ipv6-address-pool v6",
        " strip-group", " strip-realm", " password-management", " username-from-certificate C CN",
    ];

    private static readonly string[] IpsecLines =
    [
        " ikev1 pre-shared-key k", " chain", " ikev1 trust-point tp", " isakmp keepalive threshold 20 retry 3",
        " ikev1 user-authentication (outside) hybrid", " ikev2 remote-authentication certificate", " peer-id-validate nocheck", " radius-with-expiry",
    ];

    private static Gen<string[]> Subset(string[] lines) =>
        Gen.Select(Gen.Shuffle(lines.ToArray()), Gen.Int[0, lines.Length], (shuffled, count) => shuffled.Take(count).ToArray());

    private static IReadOnlyList<string> Render(string text) =>
        RunningConfigRenderer.Slice(ConfigLoader.Load(text).Config, ["group-policy"], unmasked: true)
            .Concat(RunningConfigRenderer.Slice(ConfigLoader.Load(text).Config, ["tunnel-group"], unmasked: true)).ToList();

    private static string Config(string[] policy, string[] general, string[] ipsec) =>
        "group-policy GP internal\ngroup-policy GP attributes\n" + string.Concat(policy.Select(l => l + "\n")) +
        "tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n" + string.Concat(general.Select(l => l + "\n")) +
        "tunnel-group EZ ipsec-attributes\n" + string.Concat(ipsec.Select(l => l + "\n"));

    [Fact]
    public void Rendering_depends_only_on_what_was_set_and_loads_back_to_itself()
    {
        Gen.Select(Subset(PolicyLines), Subset(GeneralLines), Subset(IpsecLines)).Sample((policy, general, ipsec) =>
        {
            var shuffled = Render(Config(policy, general, ipsec));
            var canonical = Render(Config(
                PolicyLines.Where(policy.Contains).ToArray(), GeneralLines.Where(general.Contains).ToArray(), IpsecLines.Where(ipsec.Contains).ToArray()));
            Assert.Equal(canonical, shuffled);
            Assert.Equal(shuffled, Render(string.Join("\n", shuffled) + "\n"));
            Assert.Equal(policy.Length + general.Length + ipsec.Length, shuffled.Count(l => l.StartsWith(' ')));
        }, iter: 300);
    }
}
