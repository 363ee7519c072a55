using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// show vpn-sessiondb's Tunnels Summary counts the IPsec SA pairs by how their ESP travels, one row per
/// <see cref="ChildSa.IpsecProtocol"/> name: raw ESP, NAT-T and Cisco's IPsec over UDP each in its own.
/// </summary>
public class VpnTallyTests
{
    private static IkeSaView Session(ulong cookie, ChildSa child) =>
        new("198.51.100.7", child.Peer.Port, "203.0.113.1", IkeSaState.AmActive, "EZ", "cisco", "aes", "SHA", "preshared",
            86400, 86214, child.RemoteAddress, "POOL", child.UdpEncapsulated, child.Created, [child]) { CookieI = cookie };

    [Fact]
    public void Ipsec_over_udp_has_its_own_tunnels_row_beside_ipsec_and_nat_t()
    {
        var overUdp = PersonaShowTests.Child(natT: false) with { IpsecUdpPort = 10000 };
        var status = new IkeStatus([Session(1, overUdp), Session(2, PersonaShowTests.Child(natT: false)), Session(3, PersonaShowTests.Child())], new IkeStatistics());
        var config = AsaEmu.ConfigModel.Model.AsaConfig.Empty;

        var counts = new VpnTally().Read(status, config);
        var lines = ShowVpnSessionCommands.Summary(counts).ToList();

        Assert.Equal([("IPsec", 1), ("IPsecOverNatT", 1), ("IPsecOverUDP", 1)], counts.Tunnels);
        var summary = lines.IndexOf("Tunnels Summary");
        Assert.Equal(
        [
            "IKEv1                        :      3 :          3 :               3",
            "IPsec                        :      1 :          1 :               1",
            "IPsecOverNatT                :      1 :          1 :               1",
            "IPsecOverUDP                 :      1 :          1 :               1",
            "---------------------------------------------------------------------------",
            "Totals                       :      6 :          6",
        ], lines[(summary + 4)..(summary + 10)]);
    }
}
