namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// A LAN-to-LAN traffic selector: the networks an IPsec SA protects, this end's side first (a
/// crypto ACL entry's source and destination). RFC 2409 §5.5 carries it as IDci/IDcr.
/// </summary>
public readonly record struct ProxyPair(Ipv4 LocalNetwork, Ipv4 LocalMask, Ipv4 RemoteNetwork, Ipv4 RemoteMask)
{
    public bool Contains(Ipv4 source, Ipv4 destination) =>
        source.And(LocalMask) == LocalNetwork && destination.And(RemoteMask) == RemoteNetwork;

    /// <summary>Whether <paramref name="inner"/> lies within this pair on both sides (a peer may ask for a subset).</summary>
    public bool Covers(ProxyPair inner) =>
        inner.LocalMask.Value >= LocalMask.Value && inner.LocalNetwork.And(LocalMask) == LocalNetwork
        && inner.RemoteMask.Value >= RemoteMask.Value && inner.RemoteNetwork.And(RemoteMask) == RemoteNetwork;

    public override string ToString() => $"{LocalNetwork}/{LocalMask} -> {RemoteNetwork}/{RemoteMask}";
}

/// <summary>A static crypto map entry chosen for a site, with the crypto ACL entry that chose it.</summary>
public sealed record SiteEntry(CryptoMap Map, CryptoMapEntry Entry, ProxyPair Proxies);

/// <summary>
/// What the static entries of a crypto map say about sites (reference §4.3): each permit entry of
/// an entry's <c>match address</c> ACL is one SA's traffic selector (the ASA makes one SA pair per
/// ACL entry the traffic matches); a deny entry exempts the traffic from the map entry.
/// </summary>
public static class CryptoAclQueries
{
    /// <summary>
    /// The traffic selectors of a crypto ACL in order, with whether each permits: extended entries
    /// of protocol <c>ip</c> and standard entries, by their IPv4 networks, hosts and <c>any</c>.
    /// Entries AsaEmu cannot express as networks (objects, ports) are left out.
    /// </summary>
    public static IEnumerable<(bool Permit, ProxyPair Proxies)> CryptoAclEntries(this AsaConfig config, string acl)
    {
        if (config.Get<AccessList>(acl) is not { } list) yield break;
        foreach (var entry in list.Aces)
        {
            if (entry is not ExtendedAce { Protocol: "ip", Inactive: false } ace) continue;
            if (AccessList.Network(ace.Source) is not { } local || AccessList.Network(ace.Destination) is not { } remote) continue;
            yield return (ace.Permit, new ProxyPair(local.Network, local.Mask, remote.Network, remote.Mask));
        }
    }

    /// <summary>
    /// The first static entry, by sequence number, of the crypto map on <paramref name="nameIf"/>
    /// whose crypto ACL permits traffic from <paramref name="source"/> to <paramref name="destination"/>,
    /// with that ACL entry; null when no entry covers it (or a deny comes first in every ACL).
    /// </summary>
    public static SiteEntry? SiteEntryFor(this AsaConfig config, string nameIf, Ipv4 source, Ipv4 destination)
    {
        if (config.CryptoMapOn(nameIf) is not { } map) return null;
        foreach (var entry in map.OrderedEntries.Where(e => e.DynamicMap is null && e.MatchAddress is not null && !e.Peers.IsEmpty))
            foreach (var (permit, proxies) in config.CryptoAclEntries(entry.MatchAddress!))
                if (proxies.Contains(source, destination))
                {
                    if (permit) return new SiteEntry(map, entry, proxies);
                    break;
                }
        return null;
    }

    /// <summary>
    /// The remote networks the sites of the crypto maps bound to interfaces protect (the destination
    /// of every permit entry of their static entries' ACLs): inside traffic to them must reach the
    /// dataplane before any SA exists, so that it can start one.
    /// </summary>
    public static IReadOnlyList<(Ipv4 Network, Ipv4 Mask)> SiteNetworks(this AsaConfig config) =>
        config.CryptoMaps().Where(m => !m.Interfaces.IsEmpty)
            .SelectMany(m => m.OrderedEntries.Where(e => e.DynamicMap is null && e.MatchAddress is not null && !e.Peers.IsEmpty))
            .SelectMany(e => config.CryptoAclEntries(e.MatchAddress!).Where(a => a.Permit))
            .Select(a => (a.Proxies.RemoteNetwork, a.Proxies.RemoteMask))
            .Distinct()
            .ToList();

    /// <summary>
    /// Whether a static entry of the map on <paramref name="nameIf"/> that names <paramref name="peer"/>
    /// has <c>set nat-t-disable</c>: IKE with that peer then stays on UDP 500 and ESP unencapsulated.
    /// </summary>
    public static bool NatTDisabledFor(this AsaConfig config, string nameIf, string peer) =>
        config.CryptoMapOn(nameIf)?.OrderedEntries.Any(e => e.DynamicMap is null && e.NatTDisabled && e.Peers.Contains(peer)) == true;

    /// <summary>
    /// The static entry of the map on <paramref name="nameIf"/> for <paramref name="peer"/> whose
    /// crypto ACL has a permit entry covering what the peer proposes (the mirror of its own ACL:
    /// <paramref name="proposed"/> is this end's side first); null when none does (syslog 713061).
    /// </summary>
    public static SiteEntry? SiteEntryForPeer(this AsaConfig config, string nameIf, string peer, ProxyPair proposed)
    {
        if (config.CryptoMapOn(nameIf) is not { } map) return null;
        foreach (var entry in map.OrderedEntries.Where(e => e.DynamicMap is null && e.MatchAddress is not null && e.Peers.Contains(peer)))
            foreach (var (permit, proxies) in config.CryptoAclEntries(entry.MatchAddress!))
                if (permit && proxies.Covers(proposed)) return new SiteEntry(map, entry, proposed);
        return null;
    }
}
