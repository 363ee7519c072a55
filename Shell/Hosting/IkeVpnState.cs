using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Hosting;

/// <summary>The VPN state of <c>show route</c> and <c>show ip local pool</c>, read from the IKE service.</summary>
public sealed class IkeVpnState(IkeService ike) : IVpnShowState
{
    public IEnumerable<VpnRoute> ReverseRoutes =>
        ike.Status.Sas.SelectMany(sa => sa.Children.Where(c => c.ReverseRoute).Select(c => new VpnRoute(c.RemoteAddress, c.RemoteMask, "outside")));

    public IReadOnlyCollection<Ipv4> InUse(string pool) =>
        ike.Status.Sas.Where(sa => sa.AddressPool == pool && sa.AssignedAddress is not null).Select(sa => sa.AssignedAddress!.Value).ToList();
}
