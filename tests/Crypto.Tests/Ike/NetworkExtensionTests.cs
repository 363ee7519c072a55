using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// Hardware clients in network extension mode, a client engine that brings its LAN against the
/// headend: with <c>nem enable</c> it gets an SA for that network and no address; without, its
/// Quick Mode is refused; a software client still may speak only for the address it was given.
/// </summary>
public class NetworkExtensionTests
{
    private static readonly (Ipv4, Ipv4) Lan = (Ipv4.Parse("198.18.7.0"), Ipv4.Parse("255.255.255.0"));

    private static RemoteAccessProfile Hardware => new(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "cisco") { NetworkExtension = Lan };

    [Fact]
    public void With_nem_enable_the_client_gets_an_sa_for_its_network_and_no_address()
    {
        var pair = new EnginePair("group-policy EZ attributes\n nem enable\n", Hardware).Connect();

        var child = Assert.Single(pair.Headend.Installed);
        Assert.Equal((Lan.Item1, Lan.Item2), (child.RemoteAddress, child.RemoteMask));
        Assert.Equal((Ipv4.Any, Ipv4.Any), (child.LocalAddress, child.LocalMask));
        Assert.Single(pair.Client.Installed);
        Assert.Null(pair.Headend.Sa.AssignedAddress);
        Assert.Null(pair.Headend.Sa.AddressPool);
        Assert.Empty(pair.Headend.Engine.Pools.InUse("POOL"));
        Assert.Contains(pair.Headend.Events, e => e.Text == "Network Extension Mode: remote network 198.18.7.0/255.255.255.0 reached through this tunnel");
        Assert.Contains(pair.Headend.Events, e => e.Text == "Received remote IP Proxy Subnet data in ID Payload:   Address 198.18.7.0, Mask 255.255.255.0, Protocol 0, Port 0");
    }

    [Fact]
    public void Without_nem_enable_the_same_proposal_is_refused()
    {
        var pair = new EnginePair("", Hardware).Connect();

        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Client.Installed);
        Assert.Contains(pair.Headend.Events, e => e.Text == "Hardware Client connection rejected!  Network Extension Mode is not allowed for this group!");
        Assert.Contains(pair.Headend.Sent, d => IsakmpHeader.TryRead(d.Data.Span, out var h) && h.Exchange == ExchangeType.Informational);
    }

    [Fact]
    public void A_hardware_client_that_skips_mode_config_gets_its_sa_with_nem_enable_and_is_refused_without()
    {
        var silent = Hardware with { ModeConfig = false };

        var pair = new EnginePair("group-policy EZ attributes\n nem enable\n", silent).Connect();

        var child = Assert.Single(pair.Headend.Installed);
        Assert.Equal((Lan.Item1, Lan.Item2), (child.RemoteAddress, child.RemoteMask));
        Assert.True(pair.Headend.Sa.Established);
        Assert.Contains(pair.Headend.Events, e => e.Text == "Quick Mode before any MODE_CFG request: the client skips Mode Config");
        Assert.DoesNotContain(pair.Headend.Events, e => e.Text == "Sending MODE_CFG Set attributes (no request from the client)");
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713119);

        var refused = new EnginePair("", silent).Connect();

        Assert.Empty(refused.Headend.Installed);
        Assert.Contains(refused.Headend.Events, e => e.Text == "Hardware Client connection rejected!  Network Extension Mode is not allowed for this group!");
    }

    [Fact]
    public void With_nem_enable_a_network_of_everything_is_refused()
    {
        var everything = Hardware with { NetworkExtension = (Ipv4.Any, Ipv4.Any) };

        var pair = new EnginePair("group-policy EZ attributes\n nem enable\n", everything).Connect();

        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Client.Installed);
        Assert.Contains(pair.Headend.Events, e => e.Text.StartsWith("Rejecting IPSec tunnel: no matching crypto map entry for remote proxy 0.0.0.0/0.0.0.0/0/0", StringComparison.Ordinal));
        Assert.DoesNotContain(pair.Headend.Events, e => e.Text.StartsWith("Network Extension Mode:", StringComparison.Ordinal));
    }

    [Fact]
    public void With_nem_enable_a_software_client_still_gets_its_address_and_speaks_only_for_it()
    {
        var pair = new EnginePair("group-policy EZ attributes\n nem enable\n").Connect();

        Assert.Equal(Ipv4.Parse("198.19.0.10"), pair.Client.Sa.AssignedAddress);
        Assert.Equal(Ipv4.HostMask, Assert.Single(pair.Headend.Installed).RemoteMask);
    }
}
