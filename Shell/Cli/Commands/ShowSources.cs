using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>A reverse route a VPN session installed (<c>set reverse-route</c>): the client's address on an interface.</summary>
public sealed record VpnRoute(Ipv4 Address, Ipv4 Mask, string NameIf);

/// <summary>
/// The VPN state the show commands read besides the config: the <c>V</c> routes of
/// <c>show route</c> and the pool addresses handed out (<c>show ip local pool</c>). The IKE engine's
/// session table will implement it; until then <see cref="NoVpnState"/> says nothing is in use.
/// </summary>
public interface IVpnShowState
{
    /// <summary>The reverse routes, each on the interface (of <paramref name="config"/>) its SA's local address is on.</summary>
    IEnumerable<VpnRoute> ReverseRoutes(AsaConfig config);

    /// <summary>Addresses of <paramref name="pool"/> assigned to connected clients.</summary>
    IReadOnlyCollection<Ipv4> InUse(string pool);

    /// <summary>Addresses of <paramref name="pool"/> reserved but not yet in use (an exchange in progress).</summary>
    IReadOnlyCollection<Ipv4> Held(string pool) => [];
}

public sealed class NoVpnState : IVpnShowState
{
    public static readonly NoVpnState Instance = new();
    public IEnumerable<VpnRoute> ReverseRoutes(AsaConfig config) => [];
    public IReadOnlyCollection<Ipv4> InUse(string pool) => [];
}
