using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Keying;
using AsaEmu.Crypto.Tests.Radius;
using AsaEmu.Dataplane.Aaa;
using AsaEmu.Dataplane.Tests.Fakes;

namespace AsaEmu.Dataplane.Tests.Aaa;

/// <summary>The AAA service over real UDP sockets on loopback: sent from the interface's address, answered, checked.</summary>
public class UdpRadiusTransportTests
{
    [Fact]
    public async Task A_request_goes_out_from_the_interface_address_and_the_answer_comes_back_through_the_socket()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.LocalEndPoint!).Port;
        var config = ConfigLoader.Load("interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 127.0.0.2 255.0.0.0\n"
            + $"aaa-server RAD protocol radius\naaa-server RAD (inside) host 127.0.0.1\n key radsecret\n authentication-port {port}\n").Config;
        var radius = new TestRadiusServer("radsecret") { Users = { ["raduser"] = ("radpw", []) } };
        await using var service = new AaaService(() => config, new WaitingEventSink(), SystemRandom.Instance, TimeProvider.System, new UdpRadiusTransport());

        var result = service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));
        var buffer = new byte[4096];
        var received = await server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(10));
        var answer = radius.Answer(buffer.AsSpan(0, received.ReceivedBytes))!;
        await server.SendToAsync(answer, SocketFlags.None, received.RemoteEndPoint);

        Assert.Equal(IPAddress.Parse("127.0.0.2"), ((IPEndPoint)received.RemoteEndPoint).Address);
        Assert.Equal(AaaOutcome.Accepted, (await result.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }
}
