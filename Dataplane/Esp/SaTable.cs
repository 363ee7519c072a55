using System.Collections.Frozen;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The installed SAs, found by inbound SPI (packets from the outside) and by the client's virtual
/// address (packets from the TUN device). Readers take the current immutable snapshot without a
/// lock; install and remove (rare, from the IKE control loop) build a new snapshot and swap it in.
/// </summary>
public sealed class SaTable
{
    private readonly object _writeLock = new();
    private Snapshot _current = Snapshot.Empty;

    /// <param name="Networks">The SAs whose remote proxy is a network (a hardware client in network extension mode), longest prefix first.</param>
    private sealed record Snapshot(FrozenDictionary<uint, IpsecSa> BySpi, FrozenDictionary<uint, IpsecSa> ByDestination, IReadOnlyList<IpsecSa> All,
        IpsecSa[] Networks)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<uint, IpsecSa>.Empty, FrozenDictionary<uint, IpsecSa>.Empty, [], []);
    }

    /// <summary>The SAs installed now, oldest first.</summary>
    public IReadOnlyList<IpsecSa> All => Volatile.Read(ref _current).All;

    public bool TryGetByInboundSpi(uint spi, out IpsecSa sa) => Volatile.Read(ref _current).BySpi.TryGetValue(spi, out sa!);

    /// <summary>
    /// The newest SA whose remote proxy identity is <paramref name="destination"/> (the client's virtual IP),
    /// else the one whose remote network holds it, longest prefix first (network extension mode).
    /// </summary>
    public bool TryGetByDestination(uint destination, out IpsecSa sa)
    {
        var current = Volatile.Read(ref _current);
        if (current.ByDestination.TryGetValue(destination, out sa!)) return true;
        foreach (var network in current.Networks)
        {
            var mask = network.Child.RemoteMask.Value;
            if ((destination & mask) != (network.Child.RemoteAddress.Value & mask)) continue;
            sa = network;
            return true;
        }
        return false;
    }

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
        foreach (var sa in all.Where(s => s.Child.RemoteMask == Ipv4.HostMask)) byDestination[sa.Child.RemoteAddress.Value] = sa; // later (newer) wins
        // Newer first within a prefix length: a rekey takes over from the SA it replaces.
        var networks = all.Where(s => s.Child.RemoteMask != Ipv4.HostMask).Reverse()
            .OrderByDescending(s => System.Numerics.BitOperations.PopCount(s.Child.RemoteMask.Value)).ToArray();
        Volatile.Write(ref _current, new Snapshot(bySpi, byDestination.ToFrozenDictionary(), all, networks));
    }
}
