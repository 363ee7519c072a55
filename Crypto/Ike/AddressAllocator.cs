using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Which pool addresses are handed out. This is run-time state of the headend, not config: the
/// pools themselves (<c>ip local pool</c>) come from the snapshot at each allocation.
/// </summary>
public sealed class AddressAllocator
{
    private readonly Dictionary<string, HashSet<Ipv4>> _inUse = new(StringComparer.Ordinal);

    /// <summary>The first free address of the first pool (in order) that has one.</summary>
    public (Ipv4 Address, IpLocalPool Pool)? Allocate(AsaConfig config, IReadOnlyList<string> pools)
    {
        foreach (var name in pools)
        {
            if (config.Get<IpLocalPool>(name) is not { } pool) continue;
            var used = Set(name);
            foreach (var address in pool.Addresses)
                if (used.Add(address)) return (address, pool);
        }
        return null;
    }

    public void Release(string pool, Ipv4 address) => Set(pool).Remove(address);

    /// <summary>Addresses in use from a pool, for <c>show ip local pool</c>.</summary>
    public IReadOnlyCollection<Ipv4> InUse(string pool) => Set(pool);

    private HashSet<Ipv4> Set(string pool)
    {
        if (!_inUse.TryGetValue(pool, out var set)) _inUse[pool] = set = [];
        return set;
    }
}
