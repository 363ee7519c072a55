using System.Buffers.Binary;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>
/// The session's vpn-filter in the dataplane (client in the source position, both directions), and
/// the route and SA lookup of a hardware client's network (network extension mode).
/// </summary>
public sealed class VpnFilterTests : IAsyncDisposable
{
    private readonly DataplaneRig _rig;
    private FakeTun _tun => _rig.Tun;
    private MemoryEndpoint _udp => _rig.Outside.NatT;
    private MemoryEndpoint _raw => _rig.Outside.Raw;
    private FakeRoutes _routes => _rig.Routes;
    private EspDataplane _dataplane => _rig.Dataplane;
    private readonly byte[] _output = new byte[4096];
    private AsaConfig _config;

    private const string Acl = """
        access-list VF extended permit tcp 198.19.0.0 255.255.255.0 host 198.18.1.2 eq www
        access-list VF extended permit tcp 198.19.0.0 255.255.255.0 eq telnet 198.18.1.0 255.255.255.0
        access-list VF extended deny tcp any any eq ssh
        access-list VF extended permit icmp any any

        """;

    public VpnFilterTests()
    {
        _config = ConfigLoader.Load(Acl).Config;
        _rig = new DataplaneRig(() => _config);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>A TCP SYN from <paramref name="source"/>:<paramref name="sourcePort"/> to <paramref name="destination"/>:<paramref name="destinationPort"/>.</summary>
    private static byte[] Tcp(string source, int sourcePort, string destination, int destinationPort)
    {
        var packet = Packets.Ipv4(source, destination, 20);
        packet[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)destinationPort);
        return packet;
    }

    private void FromClient(IpsecSa peer, byte[] inner)
    {
        var buffer = new byte[inner.Length + 100];
        var length = peer.Encapsulate(inner, SystemRandom.Instance, buffer, 0, out _);
        _dataplane.ReceiveFromOutside(buffer, 0, length);
    }

    [Fact]
    public void The_filter_admits_what_it_permits_from_the_client_and_the_return_traffic_and_counts_what_it_drops()
    {
        var child = TestSas.Child() with { VpnFilter = "VF" };
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));

        FromClient(peer, Tcp("198.19.0.10", 40000, "198.18.1.2", 80)); // permitted
        FromClient(peer, Tcp("198.19.0.10", 40000, "198.18.1.2", 22)); // denied
        FromClient(peer, Tcp("198.19.0.10", 40000, "198.18.1.3", 80)); // no entry: implicit deny
        Assert.Single(_tun.Written);

        _dataplane.SendToOutside(Tcp("198.18.1.2", 80, "198.19.0.10", 40000), _output); // the reply of the permitted flow
        _dataplane.SendToOutside(Tcp("198.18.1.9", 50000, "198.19.0.10", 23), _output); // the inside reaches the client's telnet
        _dataplane.SendToOutside(Tcp("198.18.1.2", 22, "198.19.0.10", 40000), _output); // denied
        Assert.Equal(2, _udp.Sent.Count);

        Assert.Equal(3, _dataplane.Filter.Denied);
        Assert.Equal(3, DataplaneTotals.Of(_dataplane).VpnFilterDenied); // show asp drop's acl-drop
        Assert.Equal(0, _dataplane.Counters.NoSaSendCount);
        Assert.Equal(0, Assert.Single(_dataplane.Sas.All).Counters.Snapshot().RecvErrors);
    }

    [Fact]
    public void An_edited_list_applies_at_once_and_a_missing_list_or_no_filter_drops_nothing()
    {
        var child = TestSas.Child() with { VpnFilter = "VF" };
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        FromClient(peer, Tcp("198.19.0.10", 40000, "198.18.1.2", 443));
        Assert.Empty(_tun.Written);

        _config = ConfigLoader.Load("access-list VF extended permit tcp any any eq https\n", start: _config).Config;
        FromClient(peer, Tcp("198.19.0.10", 40001, "198.18.1.2", 443));
        Assert.Single(_tun.Written);

        _config = ConfigLoader.Load("").Config; // VF gone
        FromClient(peer, Tcp("198.19.0.10", 40000, "198.18.1.2", 22));
        Assert.Equal(2, _tun.Written.Count);

        var unfiltered = TestSas.Child(2, remote: "198.19.0.11");
        _dataplane.Install(unfiltered);
        using var other = new IpsecSa(TestSas.PeerView(unfiltered));
        _config = ConfigLoader.Load(Acl).Config;
        FromClient(other, Tcp("198.19.0.11", 40000, "198.18.1.2", 22));
        Assert.Equal(3, _tun.Written.Count);
        Assert.Equal(1, _dataplane.Filter.Denied);
    }

    [Fact]
    public void A_hardware_clients_network_gets_a_route_and_its_hosts_reach_it_through_its_sa()
    {
        var network = TestSas.Child() with { RemoteAddress = Ipv4.Parse("198.18.7.0"), RemoteMask = Ipv4.Parse("255.255.255.0") };
        _dataplane.Install(network);
        Assert.Equal(["198.18.7.0/24 dev asaemu0"], _routes.Routes);
        using var peer = new IpsecSa(TestSas.PeerView(network));

        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.18.7.25"), _output);
        var (_, _, esp, _) = Assert.Single(_udp.Sent);
        Assert.Equal(EspResult.Ok, peer.Decapsulate(esp, 0, esp.Length, out _));
        FromClient(peer, Packets.Ipv4("198.18.7.25", "198.18.1.2"));
        Assert.Single(_tun.Written);
        FromClient(peer, Packets.Ipv4("198.18.8.25", "198.18.1.2")); // not from its network
        Assert.Single(_tun.Written);

        // A client's own address wins over a network that holds it.
        var host = TestSas.Child(2, remote: "198.18.7.99", peer: "198.18.0.3");
        _dataplane.Install(host);
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.18.7.99"), _output);
        Assert.Equal(host.Peer, _udp.Sent.Last().Peer);

        _dataplane.Remove(network);
        Assert.Equal(["198.18.7.99/32 dev asaemu0"], _routes.Routes);
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.18.7.25"), _output);
        Assert.Equal(1, _dataplane.Counters.NoSaSendCount);
    }
}
