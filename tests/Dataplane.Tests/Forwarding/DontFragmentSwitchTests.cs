using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>The outer DF bit through IP_MTU_DISCOVER on a real UDP socket (no privileges needed).</summary>
public class DontFragmentSwitchTests
{
    private const int SolIp = 0, IpMtuDiscover = 10;

    private static int Mode(Socket socket)
    {
        var value = new byte[4];
        socket.GetRawSocketOption(SolIp, IpMtuDiscover, value);
        return BitConverter.ToInt32(value);
    }

    [Fact]
    public void Df_set_is_pmtudisc_do_and_df_clear_is_pmtudisc_dont()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var df = new DontFragmentSwitch();

        Assert.True(df.Apply(socket, dontFragment: true));
        Assert.Equal(2, Mode(socket));
        Assert.True(df.Apply(socket, dontFragment: false));
        Assert.Equal(0, Mode(socket));
    }

    [Fact]
    public void The_option_is_set_only_when_the_wanted_state_changes()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var df = new DontFragmentSwitch();
        df.Apply(socket, dontFragment: false);
        socket.SetRawSocketOption(SolIp, IpMtuDiscover, BitConverter.GetBytes(1)); // IP_PMTUDISC_WANT, behind its back

        df.Apply(socket, dontFragment: false);
        Assert.Equal(1, Mode(socket));
        df.Apply(socket, dontFragment: true);
        Assert.Equal(2, Mode(socket));
    }
}
