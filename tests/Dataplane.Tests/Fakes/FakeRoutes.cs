using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>Routes kept in a set, as <c>NETWORK/PREFIX dev DEVICE</c>.</summary>
internal sealed class FakeRoutes : IRouteTable
{
    public HashSet<string> Routes { get; } = [];
    public bool Fail { get; set; }

    public void AddRoute(string device, Ipv4 network, Ipv4 mask)
    {
        if (Fail) throw new IOException("RTNETLINK answers: Operation not permitted");
        lock (Routes) Routes.Add($"{network}/{mask.PrefixLength} dev {device}");
    }

    public void RemoveRoute(string device, Ipv4 network, Ipv4 mask)
    {
        lock (Routes) Routes.Remove($"{network}/{mask.PrefixLength} dev {device}");
    }
}
