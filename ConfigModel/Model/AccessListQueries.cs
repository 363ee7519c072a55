namespace AsaEmu.ConfigModel.Model;

/// <summary>What an access-list means to the other features that name it.</summary>
public static class AccessListQueries
{
    /// <summary>
    /// The networks a split-tunnel list (<c>split-tunnel-network-list value NAME</c>) protects: the
    /// permit entries of a standard list, or the active <c>ip</c> permit entries of an extended list by
    /// their source (host as /32, any as 0/0), with network objects resolved. Empty when the list does not exist.
    /// </summary>
    public static IReadOnlyList<(Ipv4 Network, Ipv4 Mask)> SplitTunnelNetworks(this AsaConfig config, string name)
    {
        if (config.Get<AccessList>(name) is not { } acl) return [];
        var result = new List<(Ipv4, Ipv4)>();
        foreach (var e in acl.Entries)
        {
            var address = e switch
            {
                StandardAce { Permit: true } s => s.Address,
                ExtendedAce { Permit: true, Protocol: "ip", Inactive: false } x => x.Source,
                _ => null,
            };
            if (address is null) continue;
            if (address is AceNamed { Kind: "object" } o)
            {
                if (config.Get<NetworkObject>(o.Name)?.Value?.Ipv4Network is { } n) result.Add(n);
            }
            else if (AccessList.Network(address) is { } n)
            {
                result.Add(n);
            }
        }
        return result;
    }
}
