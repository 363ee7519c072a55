using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Which sessions a <c>show vpn-sessiondb ... filter name|ipaddress|tunnel-group</c> or <c>index N</c> keeps,
/// for IKEv1 and IKEv2 sessions alike (an empty filter keeps them all). A LAN-to-LAN session's name is its
/// peer's address, the <c>Connection</c> it is listed by [S: public scripts written against real ASAs run
/// <c>show vpn-sessiondb detail l2l filter name PEER</c>]; its address is the peer's.
/// </summary>
public sealed record SessionFilter(string? Name = null, Ipv4? Address = null, string? TunnelGroup = null, long? Index = null)
{
    public static readonly SessionFilter All = new();

    public bool IsEmpty => this == All;

    /// <param name="site">Whether the session is LAN-to-LAN (its name is its peer).</param>
    public bool Keeps(IkeSaView sa, int index, bool site) =>
        (Name is null || sa.Username == Name || site && sa.Peer == Name)
        && (Address is not { } address || ShowVpnSessionCommands.Matches(sa, address))
        && (TunnelGroup is null || sa.TunnelGroup == TunnelGroup)
        && (Index is null || Index == index);

    /// <summary>An IKEv2 site's session.</summary>
    public bool Keeps(Ikev2SaView sa, int index) =>
        (Name is null || sa.Peer == Name)
        && (Address is not { } address || sa.Peer == address.ToString())
        && (TunnelGroup is null || sa.TunnelGroup == TunnelGroup)
        && (Index is null || Index == index);
}
