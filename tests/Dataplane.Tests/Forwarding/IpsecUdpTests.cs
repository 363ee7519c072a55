using System.Buffers.Binary;
using System.Net;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.Dataplane.Tun;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>
/// Cisco's IPsec over UDP on the ESP path (in memory): an SA whose client got <c>ipsec-udp-port</c> sends its
/// ESP from that port's endpoint, at first to the same port of the client, then to wherever the client's
/// authenticated ESP came from (vpnc's <c>--udp-port</c>, a NAT); forged ESP moves nothing; a rekey's SA
/// keeps the place; NAT-T and raw ESP SAs are not moved by a UDP source.
/// </summary>
public sealed class IpsecUdpTests : IAsyncDisposable
{
    private const ushort Port = 10500;
    private readonly DataplaneRig _rig = new();
    private readonly MemoryEndpoint _ipsecUdp, _otherPort;
    private readonly byte[] _output = new byte[4096];

    public IpsecUdpTests()
    {
        var local = IPAddress.Parse("198.18.0.1");
        _ipsecUdp = _rig.Outside.Network.Open(OutsidePort.IpsecUdp, new IPEndPoint(local, Port));
        _otherPort = _rig.Outside.Network.Open(OutsidePort.IpsecUdp, new IPEndPoint(local, 10000));
        _rig.Outside.Endpoints.Add(_otherPort);
        _rig.Outside.Endpoints.Add(_ipsecUdp);
    }

    public async ValueTask DisposeAsync()
    {
        await _rig.DisposeAsync();
        _ipsecUdp.Dispose();
        _otherPort.Dispose();
    }

    private static Crypto.Ike.ChildSa Child(int n = 1) => TestSas.Child(n, udp: false) with { IpsecUdpPort = Port };

    private static UdpSource Source(string address, ushort port) => new(ConfigModel.Model.Ipv4.Parse(address).Value, port);

    /// <summary>ESP from the client (the peer's view of <paramref name="child"/>) handed to the dataplane as from <paramref name="source"/>.</summary>
    private void FromClient(IpsecSa peer, UdpSource source, bool forged = false)
    {
        var buffer = new byte[200];
        var length = peer.Encapsulate(Packets.Ipv4("198.19.0.10", "198.18.1.2", 56), SystemRandom.Instance, buffer, 0, out _);
        if (forged) buffer[length - 1] ^= 1;
        _rig.Dataplane.ReceiveFromOutside([new PacketSlice(buffer, 0, length)], [source]);
    }

    private SentDatagram ToClient()
    {
        _rig.Dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10", 100), _output);
        Assert.Empty(_rig.Outside.NatT.Sent);
        Assert.Empty(_rig.Outside.Raw.Sent);
        Assert.Empty(_otherPort.Sent);
        Assert.True(_ipsecUdp.Sent.TryDequeue(out var sent));
        return sent;
    }

    [Fact]
    public void The_sa_sends_from_its_port_to_the_same_port_of_the_client_until_the_client_is_heard_then_where_it_was_heard()
    {
        var child = Child();
        _rig.Dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));

        var first = ToClient();
        Assert.Equal(("198.18.0.1", "198.18.0.2:10500"), (first.Local.ToString(), first.Peer.ToString()));
        // ESP as it is in UDP: no marker, the SPI first.
        Assert.Equal(child.OutboundSpi, BinaryPrimitives.ReadUInt32BigEndian(first.Data));
        Assert.Equal(EspResult.Ok, peer.Decapsulate(first.Data, 0, first.Data.Length, out _));

        FromClient(peer, Source("198.18.0.2", 10000));
        Assert.Single(_rig.Tun.Written);
        Assert.Equal("198.18.0.2:10000", ToClient().Peer.ToString());

        // A NAT's new mapping: the next authenticated packet moves it again.
        FromClient(peer, Source("203.0.113.9", 31000));
        Assert.Equal("203.0.113.9:31000", ToClient().Peer.ToString());
    }

    [Fact]
    public void Esp_that_fails_authentication_moves_nothing()
    {
        var child = Child();
        _rig.Dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        FromClient(peer, Source("198.18.0.2", 10000));

        FromClient(peer, Source("198.51.100.66", 666), forged: true);

        Assert.Single(_rig.Tun.Written);
        Assert.Equal(1, Assert.Single(_rig.Dataplane.Sas.All).Counters.Snapshot().VerifyFailed);
        Assert.Equal("198.18.0.2:10000", ToClient().Peer.ToString());
    }

    [Fact]
    public void A_rekeys_sa_sends_where_the_client_was_last_heard()
    {
        var child = Child();
        _rig.Dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        FromClient(peer, Source("198.18.0.2", 10000));

        _rig.Dataplane.Install(Child(n: 2));
        _rig.Dataplane.Remove(child);

        var sent = ToClient();
        Assert.Equal("198.18.0.2:10000", sent.Peer.ToString());
        Assert.Equal(Child(n: 2).OutboundSpi, BinaryPrimitives.ReadUInt32BigEndian(sent.Data));
    }

    [Fact]
    public void Esp_in_udp_needs_room_for_the_udp_header_as_nat_t_does()
    {
        using var ipsecUdp = new IpsecSa(Child());
        using var natT = new IpsecSa(TestSas.Child());
        using var raw = new IpsecSa(TestSas.Child(udp: false));

        Assert.Equal((OutsidePort.IpsecUdp, (ushort)Port, true), (ipsecUdp.Carrier, ipsecUdp.CarrierPort, ipsecUdp.InUdp));
        Assert.Equal((OutsidePort.NatT, true), (natT.Carrier, natT.InUdp));
        Assert.Equal((OutsidePort.Esp, false), (raw.Carrier, raw.InUdp));
        Assert.Equal(_rig.Dataplane.MaxInnerLength(natT), _rig.Dataplane.MaxInnerLength(ipsecUdp));
        Assert.True(_rig.Dataplane.MaxInnerLength(raw) > _rig.Dataplane.MaxInnerLength(ipsecUdp));
    }

    [Fact]
    public void A_udp_source_does_not_move_a_nat_t_or_raw_esp_sa()
    {
        using var natT = new IpsecSa(TestSas.Child());
        using var raw = new IpsecSa(TestSas.Child(udp: false));
        var (natTPeer, rawPeer) = (natT.PeerAddress, raw.PeerAddress);

        natT.LearnUdpPeer(Source("198.51.100.66", 666).Address, 666);
        raw.LearnUdpPeer(Source("198.51.100.66", 666).Address, 666);

        Assert.Same(natTPeer, natT.PeerAddress);
        Assert.Same(rawPeer, raw.PeerAddress);
    }
}
