using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>Routes with <c>ip route replace|del ADDRESS/32 dev DEVICE</c> (and <c>NETWORK/PREFIX</c>) in the process's network namespace.</summary>
public sealed class IpRouteTable : IRouteTable
{
    public static readonly IpRouteTable Instance = new();

    public void AddHostRoute(string device, uint address) => IpCommand.Run("route", "replace", $"{new Ipv4(address)}/32", "dev", device);

    public void RemoveHostRoute(string device, uint address) => IpCommand.Run("route", "del", $"{new Ipv4(address)}/32", "dev", device);

    public void AddNetworkRoute(string device, uint network, int prefixLength) =>
        IpCommand.Run("route", "replace", $"{new Ipv4(network)}/{prefixLength}", "dev", device);

    public void RemoveNetworkRoute(string device, uint network, int prefixLength) =>
        IpCommand.Run("route", "del", $"{new Ipv4(network)}/{prefixLength}", "dev", device);
}
