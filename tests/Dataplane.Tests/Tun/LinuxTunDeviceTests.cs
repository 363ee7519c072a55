using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Forwarding;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Tests.Tun;

/// <summary>A test that needs root and /dev/net/tun; skipped, with the reason, elsewhere.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root: creates a TUN device";
        else if (!File.Exists("/dev/net/tun")) Skip = "needs /dev/net/tun";
    }
}

/// <summary>
/// The real device, in this process's network namespace: a uniquely named TUN device with a host
/// route for a TEST-NET-3 address. Closing the device removes both.
/// </summary>
public class LinuxTunDeviceTests
{
    private static readonly string Name = $"asaemu-t{Environment.ProcessId % 100000}";

    [RootFact]
    public void Packets_routed_into_the_device_are_read_whole_and_written_packets_accepted()
    {
        using var tun = LinuxTunDevice.Open(Name, 1400);
        Assert.Equal("1", File.ReadAllText($"/proc/sys/net/ipv6/conf/{Name}/disable_ipv6").Trim());
        IpRouteTable.Instance.AddRoute(Name, AsaEmu.ConfigModel.Model.Ipv4.Parse("203.0.113.201"), AsaEmu.ConfigModel.Model.Ipv4.HostMask);

        using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            udp.SendTo("hello"u8.ToArray(), new IPEndPoint(IPAddress.Parse("203.0.113.201"), 9));

        var buffers = new[] { new byte[2000], new byte[2000] };
        var lengths = new int[2];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var count = tun.Read(buffers, lengths, timeout.Token);
        Assert.True(count >= 1);
        var packet = buffers[0].AsSpan(0, lengths[0]);
        Assert.Equal(0x45, packet[0]); // bare IPv4, no packet-information prefix
        Assert.Equal(17, packet[9]);
        Assert.Equal([203, 0, 113, 201], packet.Slice(16, 4).ToArray());
        Assert.Equal("hello"u8.ToArray(), packet[28..].ToArray());

        Assert.True(tun.Write(Packets.Ipv4("203.0.113.201", "203.0.113.202")));
        IpRouteTable.Instance.RemoveRoute(Name, AsaEmu.ConfigModel.Model.Ipv4.Parse("203.0.113.201"), AsaEmu.ConfigModel.Model.Ipv4.HostMask);
    }

    [RootFact]
    public void A_read_returns_nothing_once_cancelled()
    {
        using var tun = LinuxTunDevice.Open(Name + "c", 1400);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, tun.Read([new byte[2000]], new int[1], cancel.Token));
    }

    [RootFact]
    public void A_batch_written_with_runs_merged_arrives_as_the_datagrams_it_was_made_of()
    {
        using var tun = LinuxTunDevice.Open(Name + "g", 1500);
        IpCommand.Run("addr", "add", "203.0.113.211/32", "dev", tun.Name);
        IpRouteTable.Instance.AddRoute(tun.Name, AsaEmu.ConfigModel.Model.Ipv4.Parse("203.0.113.212"), AsaEmu.ConfigModel.Model.Ipv4.HostMask); // the sender, for rp_filter
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Parse("203.0.113.211"), 0));
        udp.ReceiveTimeout = 2000;
        var port = (ushort)((IPEndPoint)udp.LocalEndPoint!).Port;
        byte[] Datagram(int payload, byte seed) => UdpSegmentCoalescingTests.Udp("203.0.113.212", "203.0.113.211", payload, port: port, seed: seed);
        byte[][] batch = [Datagram(1200, 1), Datagram(1200, 2), Datagram(1200, 3), Datagram(500, 4), Datagram(1200, 5), Datagram(1200, 6)];

        Assert.Equal(0, tun.Write([.. batch.Select(p => new PacketSlice(p, 0, p.Length))]));

        var buffer = new byte[65536];
        foreach (var sent in batch)
        {
            var length = udp.Receive(buffer);
            Assert.Equal(sent.AsSpan(28).ToArray(), buffer.AsSpan(0, length).ToArray());
        }
    }
}
