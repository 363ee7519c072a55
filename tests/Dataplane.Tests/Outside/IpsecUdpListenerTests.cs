using System.Collections.Concurrent;
using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Outside;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Outside;

/// <summary>
/// The ipsec-udp ports on the in-memory outside: the listener opens each port a group policy enables
/// on every IKE address, hands its ESP to the dataplane with the sender and drops keepalives (vpnc's
/// 0x00000000 0xFF, the one-byte 0xFF); the ports follow config changes at once.
/// </summary>
public sealed class IpsecUdpListenerTests : IAsyncDisposable
{
    private const string Base = """
        interface GigabitEthernet0/0
         nameif outside
         ip address 203.0.113.1 255.255.255.0
        crypto ikev1 enable outside
        group-policy EZ internal
        """;

    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.51.100.7"), 10000);
    private readonly MemoryNetwork _network = new();
    private readonly BlockingCollection<(byte[] Esp, UdpSource From)> _fromUdp = [];
    private readonly BlockingCollection<byte[]> _esp = [];
    private readonly OutsideListener _listener;
    private AsaConfig _config;

    public IpsecUdpListenerTests()
    {
        _config = Load("group-policy EZ attributes\n ipsec-udp enable\n ipsec-udp-port 10500");
        _listener = new OutsideListener(() => _config, _network, new OutsideEndpoints(),
            new OutsideReceivers((_, _, _) => { }, packets => { foreach (var p in packets) _esp.Add(p.Span.ToArray()); },
                IpsecUdp: (packets, sources) => { for (var i = 0; i < packets.Length; i++) _fromUdp.Add((packets[i].Span.ToArray(), sources[i])); }),
            ikePort: 500, natTPort: 4500);
        Assert.Empty(_listener.Reconcile());
    }

    public async ValueTask DisposeAsync() => await _listener.DisposeAsync();

    private static AsaConfig Load(string extra)
    {
        var result = ConfigLoader.Load(Base + "\n" + extra);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    private int[] IpsecUdpPortsOpen() => [.. _listener.Endpoints.All.Where(e => e.Port == OutsidePort.IpsecUdp).Select(e => e.Local.Port).Order()];

    [Fact]
    public void Esp_on_the_port_reaches_the_dataplane_with_its_sender_and_keepalives_do_not()
    {
        byte[] esp = [0, 0, 0x10, 1, 0, 0, 0, 1, 9, 9];
        var endpoint = _network.Find(OutsidePort.IpsecUdp, IPAddress.Parse("203.0.113.1"))!;
        Assert.Equal(10500, endpoint.Local.Port);

        endpoint.Inject(Client, [0, 0, 0, 0, 0xFF]);
        endpoint.Inject(Client, [0xFF]);
        endpoint.Inject(Client, esp);

        Assert.True(_fromUdp.TryTake(out var item, TimeSpan.FromSeconds(10)), "nothing came");
        Assert.Equal(esp, item.Esp);
        Assert.Equal(new UdpSource(0xC6336407, 10000), item.From);
        Assert.Empty(_fromUdp);
        Assert.Empty(_esp);
    }

    [Fact]
    public void The_ports_follow_the_group_policies_that_enable_ipsec_udp()
    {
        Assert.Equal([10500], IpsecUdpPortsOpen());

        // DfltGrpPolicy's enable is inherited, with the default port or the inheriting policy's own.
        _config = Load("group-policy DfltGrpPolicy attributes\n ipsec-udp enable\ngroup-policy EZ attributes\n ipsec-udp-port 12000");
        Assert.Empty(_listener.Reconcile());
        Assert.Equal([10000, 12000], IpsecUdpPortsOpen());

        _config = Load("group-policy EZ attributes\n ipsec-udp disable");
        Assert.Empty(_listener.Reconcile());
        Assert.Empty(IpsecUdpPortsOpen());
        Assert.Null(_network.Find(OutsidePort.IpsecUdp, IPAddress.Parse("203.0.113.1")));
        // IKE and NAT-T stay as they were.
        Assert.Single(_listener.Listening);
    }

    [Fact]
    public void A_port_in_use_is_said_and_the_rest_listens()
    {
        using var squatter = _network.Open(OutsidePort.Ike, new IPEndPoint(IPAddress.Parse("203.0.113.1"), 11000));
        _config = Load("group-policy EZ attributes\n ipsec-udp enable\n ipsec-udp-port 11000");

        var problems = _listener.Reconcile();

        Assert.StartsWith("IPsec over UDP: cannot listen on 203.0.113.1 UDP 11000 for outside: ", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Empty(IpsecUdpPortsOpen());
        Assert.Single(_listener.Listening);
    }
}
