using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Shell.Loadgen;
using AsaEmu.TestKit.Ike;

namespace AsaEmu.Shell.Tests.Loadgen;

/// <summary>
/// The ESP flow of <c>loadgen --ping</c>, against the headend's side of the same SA pair: an echo request a
/// second from the client's Mode Config address, through its port to the headend's 4500; each reply counted
/// once, and nothing else (a replay, a forged ICV, another client's SPI); a tunnel without NAT-T sends
/// nothing and counts as unanswered; the sampled clients spread evenly.
/// </summary>
public sealed class LoadgenPingsTests : IDisposable
{
    private static readonly IPAddress Target = IPAddress.Parse("198.18.1.2");
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private readonly ChildSa _headendChild = new SaBuilder().Build();
    private readonly IpsecSa _headend;
    private readonly RecordingPorts _ports = new();
    private readonly LoadgenPings _pings = new(Target, 2, SystemRandom.Instance);

    public LoadgenPingsTests() => _headend = new IpsecSa(_headendChild);

    public void Dispose()
    {
        _pings.Dispose();
        _headend.Dispose();
    }

    /// <summary>The client's view of the headend's pair: keys swapped, its own inner address local, everything remote.</summary>
    private ChildSa ClientChild(bool natT = true) => SaBuilder.PeerView(_headendChild) with
    {
        Local = _headendChild.Peer,
        Peer = _headendChild.Local,
        UdpEncapsulated = natT,
        LocalAddress = _headendChild.RemoteAddress,
        LocalMask = Ipv4.HostMask,
        RemoteAddress = Ipv4.Any,
        RemoteMask = Ipv4.Any,
    };

    private LoadgenClient UpClient(int number)
    {
        var client = new LoadgenClient(number, T0) { State = ClientState.Up };
        client.Open(_ports, IPAddress.Parse("198.18.0.2"));
        return client;
    }

    /// <summary>What the headend decrypts of a datagram the client sent: the inner packet.</summary>
    private byte[] AtHeadend((IPEndPoint To, byte[] Data) sent)
    {
        Assert.Equal(_headendChild.Local, sent.To);
        Assert.Equal(EspResult.Ok, _headend.Decapsulate(sent.Data, 0, sent.Data.Length, out var payload));
        return sent.Data.AsSpan(payload.Offset, payload.Length).ToArray();
    }

    /// <summary>The target's answer to an echo request, through the headend's outbound SA.</summary>
    private byte[] Reply(byte[] request)
    {
        var reply = (byte[])request.Clone();
        reply.AsSpan(12, 4).CopyTo(reply.AsSpan(16, 4));
        request.AsSpan(16, 4).CopyTo(reply.AsSpan(12, 4));
        Ipv4Header.WriteChecksum(reply.AsSpan(0, Ipv4Header.MinLength));
        var icmp = reply.AsSpan(Ipv4Header.MinLength);
        icmp[0] = 0;
        icmp[2] = icmp[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Ipv4Header.Checksum(icmp));
        var esp = new byte[256];
        var length = _headend.Encapsulate(reply, SystemRandom.Instance, esp, 0, out _);
        return esp[..length];
    }

    [Fact]
    public void Echo_requests_go_one_a_second_from_the_clients_address_and_each_reply_counts_once()
    {
        var client = UpClient(7);
        _pings.Installed(client, ClientChild(), T0);

        _pings.SendDue(T0);
        _pings.SendDue(T0 + TimeSpan.FromMilliseconds(500)); // not yet
        Assert.Equal(T0 + LoadgenPings.Interval, _pings.NextDue);
        _pings.SendDue(T0 + LoadgenPings.Interval);
        _pings.SendDue(T0 + TimeSpan.FromSeconds(5)); // both sent already
        Assert.Null(_pings.NextDue);

        Assert.Equal(2, _ports.Sent.Count);
        var first = AtHeadend(_ports.Sent[0]);
        Assert.True(Ipv4Header.IsValid(first));
        Assert.Equal(0, Ipv4Header.Checksum(first.AsSpan(0, Ipv4Header.MinLength)));
        Assert.Equal(0, Ipv4Header.Checksum(first.AsSpan(Ipv4Header.MinLength)));
        Assert.Equal((_headendChild.RemoteAddress.Value, 0xC6120102u), (Ipv4Header.Source(first), Ipv4Header.Destination(first)));
        Assert.Equal((byte)8, first[Ipv4Header.MinLength]); // echo request, identifier the client's number, sequence 1
        Assert.Equal((7, 1), (BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(24)), BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(26))));

        var reply = Reply(first);
        _pings.Receive(client, (byte[])reply.Clone());
        _pings.Receive(client, reply); // the same again: a replay
        var forged = Reply(AtHeadend(_ports.Sent[1]));
        forged[^1] ^= 1;
        _pings.Receive(client, forged);

        var report = _pings.Report;
        Assert.Equal(new LoadgenPingReport("198.18.1.2", 1, 2, 1, 1) { AnsweredBySequence = report.AnsweredBySequence }, report);
        Assert.Equal([1, 0], report.AnsweredBySequence);
    }

    [Fact]
    public void A_reply_on_another_clients_port_is_not_counted()
    {
        var client = UpClient(1);
        var other = UpClient(2);
        _pings.Installed(client, ClientChild(), T0);
        _pings.SendDue(T0);

        _pings.Receive(other, Reply(AtHeadend(_ports.Sent[0])));

        Assert.Equal(0, _pings.Report.Answered);
    }

    [Fact]
    public void A_tunnel_without_nat_t_sends_nothing_and_counts_as_unanswered()
    {
        var client = UpClient(1);
        _pings.Installed(client, ClientChild(natT: false), T0);

        _pings.SendDue(T0);

        Assert.Empty(_ports.Sent);
        var pings = _pings.Report;
        Assert.Equal(new LoadgenPingReport("198.18.1.2", 1, 0, 0, 0) { AnsweredBySequence = pings.AnsweredBySequence }, pings);
        Assert.Equal([0, 0], pings.AnsweredBySequence);
        var report = new LoadgenReport(1, 1, 1, 0, new Dictionary<string, int>(), [10.0], TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1)) { Pings = pings };
        Assert.False(report.AllWell);
        Assert.Contains("traffic:      0 of 0 echo requests to 198.18.1.2 answered; 0 of 1 tunnels answered; by echo 0/0", report.Summary());
        Assert.Equal(1, JsonDocument.Parse(report.Json()).RootElement.GetProperty("ping").GetProperty("tunnels").GetInt32());
    }

    [Theory]
    [InlineData(10000, 100, 100, 101)]
    [InlineData(5, 100, 5, 2)]
    [InlineData(250, 100, 100, 3)]
    public void The_sampled_clients_spread_evenly_over_the_run(int tunnels, int sample, int expected, int second)
    {
        var options = new LoadgenOptions(new IPEndPoint(Target, 500), IPAddress.Loopback, tunnels, "EZ", "cisco", "cisco", "cisco") { Ping = Target, PingTunnels = sample };

        var pinging = Enumerable.Range(1, tunnels).Where(options.Pinging).ToList();

        Assert.Equal(expected, pinging.Count);
        Assert.Equal((1, second), (pinging[0], pinging[1]));
        Assert.DoesNotContain(Enumerable.Range(1, tunnels), (options with { Ping = null }).Pinging);
    }

    private sealed class RecordingPorts : IClientPorts
    {
        public List<(IPEndPoint To, byte[] Data)> Sent { get; } = [];
        private int _port = 40000;

        public IClientPort Open(LoadgenClient client, IPAddress local) => new Port(this, new IPEndPoint(local, ++_port));

        public void Dispose() { }

        private sealed class Port(RecordingPorts owner, IPEndPoint local) : IClientPort
        {
            public IPEndPoint Local { get; } = local;
            public void Send(IPEndPoint to, byte[] datagram) => owner.Sent.Add((to, datagram));
            public void Dispose() { }
        }
    }
}
