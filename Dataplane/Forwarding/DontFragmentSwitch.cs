using System.Net.Sockets;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The DF bit of what one socket sends, through IP_MTU_DISCOVER (ip(7)): IP_PMTUDISC_DO sets DF
/// and refuses packets larger than the route's MTU; IP_PMTUDISC_DONT clears DF and lets the kernel
/// fragment. The option is set only when the wanted state changes, so a steady flow costs no system call.
/// </summary>
public sealed class DontFragmentSwitch
{
    private const int SolIp = 0, IpMtuDiscover = 10, PmtuDiscDont = 0, PmtuDiscDo = 2;
    private int _state = -1;

    /// <summary>Makes <paramref name="socket"/> send with DF set or clear; false when the option could not be set.</summary>
    public bool Apply(Socket socket, bool dontFragment)
    {
        var wanted = dontFragment ? PmtuDiscDo : PmtuDiscDont;
        if (Volatile.Read(ref _state) == wanted) return true;
        Span<byte> value = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(value, wanted);
        try { socket.SetRawSocketOption(SolIp, IpMtuDiscover, value); }
        catch (SocketException) { return false; }
        catch (ObjectDisposedException) { return false; }
        Volatile.Write(ref _state, wanted);
        return true;
    }
}
