using System.Collections.Frozen;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The installed SAs, found by inbound SPI (packets from the outside) and, for packets from the TUN
/// device, by the client's virtual address (a remote-access SA's remote proxy is one host) or by
/// the traffic selector of an SA whose remote proxy is a network (a site's, or a hardware client's in
/// network extension mode), longest remote prefix first and newest first within one. Readers take the
/// current immutable snapshot without a lock; install and remove (rare, from the IKE control loop)
/// build a new snapshot and swap it in.
/// </summary>
public sealed class SaTable
{
    private readonly object _writeLock = new();
    private Snapshot _current = Snapshot.Empty;

    private sealed record Snapshot(FrozenDictionary<uint, IpsecSa> BySpi, FrozenDictionary<uint, IpsecSa> ByDestination, IpsecSa[] BySelector, IReadOnlyList<IpsecSa> All)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<uint, IpsecSa>.Empty, FrozenDictionary<uint, IpsecSa>.Empty, [], []);
    }

    /// <summary>The SAs installed now, oldest first.</summary>
    public IReadOnlyList<IpsecSa> All => Volatile.Read(ref _current).All;

    public bool TryGetByInboundSpi(uint spi, out IpsecSa sa) => Volatile.Read(ref _current).BySpi.TryGetValue(spi, out sa!);

    /// <summary>The newest SA whose remote proxy identity is <paramref name="destination"/> (the client's virtual IP).</summary>
    public bool TryGetByDestination(uint destination, out IpsecSa sa) => Volatile.Read(ref _current).ByDestination.TryGetValue(destination, out sa!);

    /// <summary>Whether an installed SA's remote proxy is exactly <paramref name="network"/>/<paramref name="mask"/> (its route stays).</summary>
    public bool HasRemote(ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask) =>
        Volatile.Read(ref _current).All.Any(s => s.Child.RemoteAddress == network && s.Child.RemoteMask == mask);

    /// <summary>
    /// The SA an inside packet from <paramref name="source"/> to <paramref name="destination"/> goes
    /// into: a client's by its address, else the newest site SA whose selector covers both ends.
    /// </summary>
    public bool TryGetOutbound(uint source, uint destination, out IpsecSa sa)
    {
        var current = Volatile.Read(ref _current);
        if (current.ByDestination.TryGetValue(destination, out sa!)) return true;
        foreach (var candidate in current.BySelector)
        {
            var child = candidate.Child;
            if ((destination & child.RemoteMask.Value) == child.RemoteAddress.Value && (source & child.LocalMask.Value) == child.LocalAddress.Value)
            {
                sa = candidate;
                return true;
            }
        }
        sa = null!;
        return false;
    }

    /// <summary>Whether an SA protects a single remote host (a client's address): found by address, routed by a host route.</summary>
    public static bool IsHostSa(ChildSa child) => child.RemoteMask == ConfigModel.Model.Ipv4.HostMask;

    /// <summary>
    /// Adds an SA; the newest SA for an address carries its outbound traffic (a rekey takes over from
    /// the old one). Returns the SA it replaced when one had the same inbound SPI, for the caller to dispose.
    /// </summary>
    public IpsecSa? Add(IpsecSa sa)
    {
        lock (_writeLock)
        {
            var replaced = _current.All.FirstOrDefault(s => s.Child.InboundSpi == sa.Child.InboundSpi);
            Swap([.. _current.All.Where(s => !ReferenceEquals(s, replaced)), sa]);
            return replaced;
        }
    }

    /// <summary>Removes the SA with the inbound SPI of <paramref name="child"/>; returns it, or null if it was not installed.</summary>
    public IpsecSa? Remove(ChildSa child)
    {
        lock (_writeLock)
        {
            var found = _current.All.FirstOrDefault(s => s.Child.InboundSpi == child.InboundSpi);
            if (found is not null) Swap([.. _current.All.Where(s => !ReferenceEquals(s, found))]);
            return found;
        }
    }

    private void Swap(List<IpsecSa> all)
    {
        var bySpi = all.ToFrozenDictionary(s => s.Child.InboundSpi);
        var byDestination = new Dictionary<uint, IpsecSa>();
        // An SA installed for its inbound side only (its Quick Mode waits for QM3) carries nothing out yet.
        var sending = all.Where(s => !s.Child.InboundOnly).ToList();
        foreach (var sa in sending.Where(s => IsHostSa(s.Child))) byDestination[sa.Child.RemoteAddress.Value] = sa; // later (newer) wins
        // Longest remote prefix first; newest first within one: a rekey takes over from the SA it replaces.
        var bySelector = sending.Where(s => !IsHostSa(s.Child)).Reverse()
            .OrderByDescending(s => s.Child.RemoteMask.PrefixLength).ToArray();
        Volatile.Write(ref _current, new Snapshot(bySpi, byDestination.ToFrozenDictionary(), bySelector, all));
    }
}
