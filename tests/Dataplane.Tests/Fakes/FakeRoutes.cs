using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>Host routes kept in a set.</summary>
internal sealed class FakeRoutes : IRouteTable
{
    public HashSet<string> Routes { get; } = [];
    public bool Fail { get; set; }

    public void AddHostRoute(string device, uint address)
    {
        if (Fail) throw new IOException("RTNETLINK answers: Operation not permitted");
        lock (Routes) Routes.Add($"{new AsaEmu.ConfigModel.Model.Ipv4(address)}/32 dev {device}");
    }

    public void RemoveHostRoute(string device, uint address)
    {
        lock (Routes) Routes.Remove($"{new AsaEmu.ConfigModel.Model.Ipv4(address)}/32 dev {device}");
    }
}
