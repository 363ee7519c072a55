using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Which pool addresses are handed out. This is run-time state of the headend, not config: the
/// pools themselves (<c>ip local pool</c>) come from the snapshot at each allocation. An address
/// given back rests for <c>vpn-addr-assign local reuse-delay</c> before it is handed out again.
/// </summary>
public sealed class AddressAllocator
{
    private readonly Dictionary<string, HashSet<Ipv4>> _inUse = new(StringComparer.Ordinal);
    /// <summary>Addresses given back, by pool, with when; kept only while a reuse delay may still hold them.</summary>
    private readonly Dictionary<(string Pool, Ipv4 Address), DateTimeOffset> _released = [];

    /// <summary>The first free address of the first pool (in order) that has one.</summary>
    public (Ipv4 Address, IpLocalPool Pool)? Allocate(AsaConfig config, IReadOnlyList<string> pools, DateTimeOffset now = default)
    {
        var delay = config.AddressReuseDelay();
        foreach (var name in pools)
        {
            if (config.Get<IpLocalPool>(name) is not { } pool) continue;
            var used = Set(name);
            foreach (var address in pool.Addresses)
            {
                if (used.Contains(address)) continue;
                if (_released.TryGetValue((name, address), out var at))
                {
                    if (now - at < delay) continue;
                    _released.Remove((name, address));
                }
                used.Add(address);
                return (address, pool);
            }
        }
        return null;
    }

    public void Release(string pool, Ipv4 address, DateTimeOffset now = default)
    {
        if (!Set(pool).Remove(address) || now == default) return;
        _released[(pool, address)] = now;
        // Addresses that rested long enough for any delay the ASA allows (480 minutes) are forgotten.
        if (_released.Count > 4096)
            foreach (var stale in _released.Where(r => now - r.Value > TimeSpan.FromMinutes(480)).Select(r => r.Key).ToList()) _released.Remove(stale);
    }

    /// <summary>Addresses in use from a pool, for <c>show ip local pool</c>.</summary>
    public IReadOnlyCollection<Ipv4> InUse(string pool) => Set(pool);

    private HashSet<Ipv4> Set(string pool)
    {
        if (!_inUse.TryGetValue(pool, out var set)) _inUse[pool] = set = [];
        return set;
    }
}
