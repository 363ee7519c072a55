using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Tests;

/// <summary><c>show crypto ipsec sa</c> for an SA without integrity (<c>esp-none</c>): no replay detection, no bitmap.</summary>
public sealed class ShowIpsecSaNullIntegrityTests
{
    private static List<string> Show(ushort? authentication)
    {
        var now = new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
        var config = ConfigLoader.Load("interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n").Config;
        var transform = new EspTransform(EspKeySizes.EspAes, 256, authentication, "ESP-AES-256");
        var child = new AsaEmu.TestKit.Ike.SaBuilder
        {
            InboundSpi = 0x3F1E2D4C, OutboundSpi = 0x8A2B5C1D, Transform = transform, Local = "203.0.113.1", Peer = "198.51.100.7",
            Remote = "10.10.10.1", LifetimeKilobytes = null, CryptoMap = "DYN", Sequence = 10, Created = now,
        }.Build();
        var view = new IkeSaView("198.51.100.7", 4500, "203.0.113.1", IkeSaState.AmActive, "EZ", "cisco", "aes-256", "SHA", "preshared",
            86400, 86400, Ipv4.Parse("10.10.10.1"), null, true, now, [child]);
        return [.. ShowCryptoCommands.IpsecSa(new IkeStatus([view], new IkeStatistics()), config, now, _ => null, detail: false, peer: null)];
    }

    [Fact]
    public void Esp_none_shows_no_replay_detection_and_no_bitmap_in_either_direction()
    {
        var lines = Show(authentication: null);

        Assert.Contains("         transform: esp-aes-256 esp-none no compression", lines);
        Assert.Equal(2, lines.Count(l => l == "         replay detection support: N"));
        Assert.DoesNotContain(lines, l => l.Contains("replay detection support: Y") || l.Contains("Anti replay bitmap"));
    }

    [Fact]
    public void An_hmac_shows_replay_detection_and_the_bitmap()
    {
        var lines = Show(EspKeySizes.HmacSha1);

        Assert.Equal(2, lines.Count(l => l == "         replay detection support: Y"));
        Assert.Equal(2, lines.Count(l => l == "         Anti replay bitmap: "));
    }
}
