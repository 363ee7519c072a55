using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Hosting;

/// <summary>The VPN state of <c>show route</c> and <c>show ip local pool</c>, read from the IKE service.</summary>
public sealed class IkeVpnState(IkeService ike) : IVpnShowState
{
    public IEnumerable<VpnRoute> ReverseRoutes(AsaConfig config) => Routes(ike.Status, config);

    /// <summary>
    /// A <c>V</c> route per IPsec SA pair with <c>set reverse-route</c>, on the interface that holds the
    /// SA's local address: the one its crypto map is applied to (reference §3.6).
    /// </summary>
    public static IEnumerable<VpnRoute> Routes(IkeStatus status, AsaConfig config) =>
        status.Sas.SelectMany(sa => sa.Children.Where(c => c.ReverseRoute).Select(c =>
            new VpnRoute(c.RemoteAddress, c.RemoteMask, ShowCryptoCommands.NameIfOf(config, c.Local.Address))));

    public IReadOnlyCollection<Ipv4> InUse(string pool) =>
        ike.Status.Sas.Where(sa => sa.AddressPool == pool && sa.AssignedAddress is not null).Select(sa => sa.AssignedAddress!.Value).ToList();
}
