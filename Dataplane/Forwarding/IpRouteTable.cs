using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>Routes with <c>ip route replace|del NETWORK/PREFIX dev DEVICE</c> in the process's network namespace.</summary>
public sealed class IpRouteTable : IRouteTable
{
    public static readonly IpRouteTable Instance = new();

    public void AddRoute(string device, Ipv4 network, Ipv4 mask) => IpCommand.Run("route", "replace", $"{network}/{mask.PrefixLength}", "dev", device);

    public void RemoveRoute(string device, Ipv4 network, Ipv4 mask) => IpCommand.Run("route", "del", $"{network}/{mask.PrefixLength}", "dev", device);
}
