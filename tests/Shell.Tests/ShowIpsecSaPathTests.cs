using System.Collections.Immutable;
using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// <c>show crypto ipsec sa</c> prints the dataplane's fragmentation and PMTU counters, the outside
/// MTU, the ESP overhead and the configured DF policy; <c>clear crypto ipsec sa counters</c> zeroes them.
/// </summary>
public sealed class ShowIpsecSaPathTests : IAsyncDisposable
{
    private readonly NullTun _sink = new();
    private readonly EspDataplane _dataplane;
    private readonly AsaConfig _config;
    private readonly ChildSa _child;

    public ShowIpsecSaPathTests()
    {
        var load = ConfigLoader.Load("interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n" +
            "mtu outside 1400\ncrypto ipsec df-bit clear-df outside\n");
        Assert.Equal(0, load.Errors);
        _config = load.Config;
        var config = _config;
        _dataplane = new EspDataplane(_sink, DiscardEndpoint.Table("203.0.113.1").Endpoints, null, SystemRandom.Instance) { Config = () => config };
        var transform = new EspTransform(EspKeySizes.EspAes, 256, EspKeySizes.HmacSha1, "ESP-AES-256-SHA");
        _child = new AsaEmu.TestKit.Ike.SaBuilder
        {
            InboundSpi = 0x3F1E2D4C, OutboundSpi = 0x8A2B5C1D, Transform = transform, Local = "203.0.113.1", Peer = "198.51.100.7",
            Remote = "10.10.10.1", LifetimeKilobytes = null, CryptoMap = "DYN", Sequence = 10, Created = Now,
        }.Build();
        _dataplane.Install(_child);
    }

    public ValueTask DisposeAsync() => _dataplane.DisposeAsync();

    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private List<string> Show(bool detail = false, string? peer = null)
    {
        var view = new IkeSaView("198.51.100.7", 4500, "203.0.113.1", IkeSaState.AmActive, "EZ", "cisco", "aes-256", "SHA", "preshared",
            86400, 86400, Ipv4.Parse("10.10.10.1"), null, true, Now, [_child]);
        var status = new IkeStatus([view], new IkeStatistics());
        return ShowCryptoCommands.IpsecSa(status, _config, Now,
            spi => _dataplane.Sas.TryGetByInboundSpi(spi, out var sa) ? ShowCryptoCommands.LiveSa.Of(sa) : null,
            detail, peer is null ? null : Ipv4.Parse(peer)).ToList();
    }

    [Fact]
    public void Detail_adds_the_error_counters_from_the_dataplane()
    {
        // An ESP packet for the inbound SPI whose ICV does not verify, and one too short to be ESP.
        var forged = new byte[8 + 16 + 16 + 12];
        forged[0] = 0x3F; forged[1] = 0x1E; forged[2] = 0x2D; forged[3] = 0x4C; forged[7] = 1;
        _dataplane.ReceiveFromOutside(forged, 0, forged.Length);
        var runt = forged[..20];
        _dataplane.ReceiveFromOutside(runt, 0, runt.Length);

        Assert.DoesNotContain(Show(), l => l.Contains("#pkts verify failed", StringComparison.Ordinal));
        var lines = Show(detail: true);
        var errors = lines.IndexOf("      #send errors: 0, #recv errors: 2");
        Assert.True(errors > 0, string.Join("\n", lines));
        Assert.Equal("      #pkts no sa (send): 0, #pkts invalid sa (rcv): 0", lines[errors + 1]);
        Assert.Equal("      #pkts invalid prot (rcv): 0, #pkts verify failed: 1", lines[errors + 3]);
        Assert.Equal("      #pkts invalid identity (rcv): 0, #pkts invalid len (rcv): 1", lines[errors + 4]);
        Assert.Equal("      #pkts internal err (send): 0, #pkts internal err (rcv): 0", lines[errors + 10]);
        Assert.Equal("", lines[errors + 11]);
    }

    [Fact]
    public void Peer_shows_only_that_peers_sas()
    {
        Assert.Contains("      current_peer: 198.51.100.7, username: cisco", Show(peer: "198.51.100.7"));
        Assert.Equal(["", "There are no ipsec sas"], Show(peer: "198.51.100.8"));
    }

    private static byte[] Packet(int length, bool dontFragment)
    {
        var packet = new byte[length];
        packet[0] = 0x45;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        if (dontFragment) packet[6] = 0x40;
        packet[8] = 64;
        packet[9] = 17;
        Ipv4.Parse("192.168.1.2").ToBytes().CopyTo(packet, 12);
        Ipv4.Parse("10.10.10.1").ToBytes().CopyTo(packet, 16);
        return packet;
    }

    [Fact]
    public void The_fragmentation_counters_mtu_overhead_and_df_policy_are_the_dataplanes()
    {
        var output = new byte[4096];
        _dataplane.SendToOutside(Packet(3000, dontFragment: false), output);
        _dataplane.SendToOutside(Packet(1000, dontFragment: false), output);

        var lines = Show();
        Assert.Contains("      #pkts encaps: 4, #pkts encrypt: 4, #pkts digest: 4", lines);
        Assert.Contains("      #pre-frag successes: 1, #pre-frag failures: 0, #fragments created: 3", lines);
        Assert.Contains("      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0", lines);
        Assert.Contains("      path mtu 1400, ipsec overhead 82(52), media mtu 1400", lines); // [S] figures for AES-256/SHA-1 under NAT-T
        Assert.Contains("      PMTU time remaining (sec): 0, DF policy: clear-df", lines);
    }

    [Fact]
    public async Task Clear_crypto_ipsec_sa_counters_is_accepted_silently()
    {
        // The counters it zeroes are SaCounters.Reset's (Dataplane.Tests); the interop test runs it on live SAs.
        using var harness = new ShowHarness();
        var (monitor, terminal) = await harness.Open();
        Assert.Equal("", (await ShowHarness.Run(monitor, terminal, "clear crypto ipsec sa counters")).Trim());
    }
}
