using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using AsaEmu.Shell.Loadgen;

namespace AsaEmu.Shell.Tests.Loadgen;

/// <summary>
/// The load generator's ports on real sockets: many clients' ports on loopback, one receive loop for them
/// all, each datagram handed over as its own client's with the sender; a closed port hears nothing more and
/// frees its port; the end closes the rest.
/// </summary>
public sealed class SocketClientPortsTests : IDisposable
{
    private const int Clients = 300;
    private static readonly IPAddress Local = IPAddress.Loopback;

    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>();
    private readonly SocketClientPorts _ports;
    private readonly Socket _headend = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public SocketClientPortsTests()
    {
        _ports = new SocketClientPorts(_inbox.Writer);
        _headend.Bind(new IPEndPoint(Local, 0));
    }

    public void Dispose()
    {
        _ports.Dispose();
        _headend.Dispose();
    }

    private async Task<LoadgenClient.Received> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return (LoadgenClient.Received)await _inbox.Reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Each_datagram_to_one_of_many_ports_reaches_its_own_client_with_the_sender_and_the_client_sends_from_its_port()
    {
        var clients = Enumerable.Range(1, Clients).Select(n => new LoadgenClient(n, DateTimeOffset.UnixEpoch)).ToList();
        foreach (var client in clients) client.Open(_ports, Local);
        Assert.Equal(Clients, clients.Select(c => c.Port!.Local.Port).Distinct().Count());

        // Two datagrams to each port (the second queued behind the first: a drain takes both), the client's number in them.
        foreach (var client in clients)
            for (var copy = 0; copy < 2; copy++)
                _headend.SendTo(BitConverter.GetBytes(client.Number * 10 + copy), client.Port!.Local);

        var seen = new HashSet<int>();
        for (var i = 0; i < 2 * Clients; i++)
        {
            var received = await NextAsync();
            var value = BitConverter.ToInt32(received.Data);
            Assert.Equal(received.Client.Number, value / 10);
            Assert.Equal(_headend.LocalEndPoint, received.From);
            Assert.True(seen.Add(value));
        }

        // An answer goes out from the client's own port, with the non-ESP marker when asked.
        clients[41].Send((IPEndPoint)_headend.LocalEndPoint!, [1, 2, 3], marker: true);
        var buffer = new byte[16];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        _headend.ReceiveTimeout = 30_000;
        var length = _headend.ReceiveFrom(buffer, ref from);
        Assert.Equal(clients[41].Port!.Local, from);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 2, 3 }, buffer[..length]);
    }

    [Fact]
    public async Task A_closed_port_hears_nothing_more_and_its_port_is_free_again_while_the_others_still_receive()
    {
        var first = new LoadgenClient(1, DateTimeOffset.UnixEpoch);
        var second = new LoadgenClient(2, DateTimeOffset.UnixEpoch);
        first.Open(_ports, Local);
        second.Open(_ports, Local);
        var closed = first.Port!.Local;

        first.Close();
        Assert.Equal(1, _ports.Count);
        using (var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            again.Bind(closed); // free again at once

        _headend.SendTo([7], closed);
        _headend.SendTo([8], second.Port!.Local);
        var received = await NextAsync();
        Assert.Same(second, received.Client);
        Assert.Equal(new byte[] { 8 }, received.Data);
    }

    [Fact]
    public void The_end_closes_every_port_still_open()
    {
        var client = new LoadgenClient(1, DateTimeOffset.UnixEpoch);
        client.Open(_ports, Local);
        var port = client.Port!.Local;

        _ports.Dispose();

        Assert.Equal(0, _ports.Count);
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(port);
    }

    [Fact]
    public void An_address_the_host_lacks_is_refused_as_bind_refuses_it_and_leaves_no_port()
    {
        var client = new LoadgenClient(1, DateTimeOffset.UnixEpoch);

        Assert.Throws<SocketException>(() => client.Open(_ports, IPAddress.Parse("192.0.2.77")));
        Assert.Equal(0, _ports.Count);
    }
}
