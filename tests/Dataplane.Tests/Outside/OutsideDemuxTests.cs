using System.Collections.Concurrent;
using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Sockets;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Outside;

/// <summary>
/// What the outside listener hands on, on the in-memory outside: IKE to the IKE service and ESP to the
/// dataplane, never one through the other (RFC 3948 on port 4500), raw ESP without its IPv4 header,
/// path MTU reports when a receive comes back empty, and the captures' taps on the way in.
/// </summary>
public sealed class OutsideDemuxTests : IAsyncDisposable
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.7"), 4500);
    private readonly MemoryNetwork _network = new();
    private readonly BlockingCollection<(IPEndPoint Local, IPEndPoint Remote, byte[] Data)> _ike = [];
    private readonly BlockingCollection<byte[]> _esp = [];
    private readonly BlockingCollection<PathMtuReport> _pathMtu = [];
    private readonly CaptureHub _captures = new(() => DateTimeOffset.UnixEpoch);
    private readonly OutsideListener _listener;

    public OutsideDemuxTests()
    {
        var config = ConfigLoader.Load("""
            interface GigabitEthernet0/0
             nameif outside
             ip address 203.0.113.1 255.255.255.0
            crypto ikev1 enable outside
            """).Config;
        _listener = new OutsideListener(() => config, _network, new OutsideEndpoints(_captures),
            new OutsideReceivers((local, remote, data) => _ike.Add((local, remote, data)),
                packets => { foreach (var p in packets) _esp.Add(p.Span.ToArray()); },
                _pathMtu.Add),
            _captures, rawEsp: true, ikePort: 500, natTPort: 4500);
        Assert.Empty(_listener.Reconcile());
    }

    public async ValueTask DisposeAsync() => await _listener.DisposeAsync();

    private MemoryEndpoint Endpoint(OutsidePort port) => _network.Find(port, IPAddress.Parse("203.0.113.1"))!;

    private static T Take<T>(BlockingCollection<T> from)
    {
        Assert.True(from.TryTake(out var item, TimeSpan.FromSeconds(10)), "nothing came");
        return item;
    }

    [Fact]
    public void On_port_4500_esp_goes_to_the_dataplane_ike_without_its_marker_to_ike_in_order_and_keepalives_nowhere()
    {
        byte[] esp1 = [0, 0, 0x10, 1, 0, 0, 0, 1, 9, 9], esp2 = [0, 0, 0x10, 1, 0, 0, 0, 2, 9, 9];
        byte[] ike = [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x10, 4];
        var natT = Endpoint(OutsidePort.NatT);

        natT.Inject(Peer, esp1);
        natT.Inject(Peer, [0xFF]);
        natT.Inject(Peer, NatTFraming.Frame(ike));
        natT.Inject(Peer, esp2);

        Assert.Equal(esp1, Take(_esp));
        var (local, remote, data) = Take(_ike);
        Assert.Equal((natT.Local, Peer), (local, remote));
        Assert.Equal(ike, data);
        Assert.Equal(esp2, Take(_esp));
        Assert.Empty(_ike);
    }

    [Fact]
    public void Port_500_carries_ike_alone_and_raw_esp_arrives_without_its_ip_header()
    {
        byte[] ike = [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] esp = [0, 0, 0x20, 2, 0, 0, 0, 1, 7, 7, 7];

        Endpoint(OutsidePort.Ike).Inject(new IPEndPoint(Peer.Address, 500), ike);
        Endpoint(OutsidePort.Esp).Inject(new IPEndPoint(Peer.Address, 0), esp);

        Assert.Equal(ike, Take(_ike).Data);
        Assert.Equal(esp, Take(_esp));
    }

    [Fact]
    public void A_path_mtu_report_queued_on_an_endpoint_reaches_the_dataplane()
    {
        var report = new PathMtuReport(Peer.Address, 1200, 0x2001);

        Endpoint(OutsidePort.Esp).ReportPathMtu(report);

        Assert.Equal(report, Take(_pathMtu));
    }

    [Fact]
    public void What_arrives_is_tapped_for_the_captures_on_the_outside()
    {
        var capture = _captures.Set("out", CaptureSettings.Default with { Interfaces = [("outside", new CapturePoint.Outside(0xCB007101))] });
        byte[] esp = [0, 0, 0x10, 1, 0, 0, 0, 1, 9, 9];

        Endpoint(OutsidePort.NatT).Inject(Peer, esp);

        Take(_esp);
        var packet = Assert.Single(capture.Packets).Data;
        Assert.Equal(20 + 8 + esp.Length, packet.Length);
        Assert.Equal(esp, packet[28..]);
    }

    [Fact]
    public async Task Closing_the_listener_closes_every_endpoint_and_empties_the_table()
    {
        var endpoints = _network.Endpoints;
        Assert.Equal(3, endpoints.Count);

        await _listener.DisposeAsync();

        Assert.All(endpoints, e => Assert.True(e.Closed));
        Assert.Empty(_listener.Endpoints.All);
    }
}
