using System.Collections.Concurrent;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The installed SAs, found by inbound SPI (packets from the outside) and, for packets from the TUN
/// device, by the client's virtual address (a remote-access SA's remote proxy is one host) or by
/// the traffic selector of an SA whose remote proxy is a network (a site's, or a hardware client's in
/// network extension mode), longest remote prefix first and newest first within one. Readers look up
/// without a lock; install and remove (from the IKE control loop) change one entry of each index under
/// a write lock, so that 10,000 tunnels cost no rebuild of the whole table per install: the SPI and
/// address indexes are concurrent dictionaries, the list of all SAs and the (few) site selectors are
/// arrays copied on write.
/// </summary>
public sealed class SaTable
{
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<uint, IpsecSa> _bySpi = new();
    private readonly ConcurrentDictionary<uint, IpsecSa> _byDestination = new();
    private IpsecSa[] _all = [];
    private IpsecSa[] _bySelector = [];

    /// <summary>The SAs installed now, oldest first.</summary>
    public IReadOnlyList<IpsecSa> All => Volatile.Read(ref _all);

    public bool TryGetByInboundSpi(uint spi, out IpsecSa sa) => _bySpi.TryGetValue(spi, out sa!);

    /// <summary>The newest SA whose remote proxy identity is <paramref name="destination"/> (the client's virtual IP).</summary>
    public bool TryGetByDestination(uint destination, out IpsecSa sa) => _byDestination.TryGetValue(destination, out sa!);

    /// <summary>Whether an installed SA's remote proxy is exactly <paramref name="network"/>/<paramref name="mask"/> (its route stays).</summary>
    public bool HasRemote(ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask) =>
        Volatile.Read(ref _all).Any(s => s.Child.RemoteAddress == network && s.Child.RemoteMask == mask);

    /// <summary>
    /// The SA an inside packet from <paramref name="source"/> to <paramref name="destination"/> goes
    /// into: a client's by its address, else the newest site SA whose selector covers both ends.
    /// </summary>
    public bool TryGetOutbound(uint source, uint destination, out IpsecSa sa)
    {
        if (_byDestination.TryGetValue(destination, out sa!)) return true;
        foreach (var candidate in Volatile.Read(ref _bySelector))
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
            _bySpi.TryGetValue(sa.Child.InboundSpi, out var replaced);
            IpsecSa[] all = replaced is null ? [.. _all, sa] : [.. _all.Where(s => !ReferenceEquals(s, replaced)), sa];
            Volatile.Write(ref _all, all);
            _bySpi[sa.Child.InboundSpi] = sa;
            // An SA installed for its inbound side only (its Quick Mode waits for QM3) carries nothing out yet.
            if (IsHostSa(sa.Child) && !sa.Child.InboundOnly) _byDestination[sa.Child.RemoteAddress.Value] = sa;
            if (replaced is not null && IsHostSa(replaced.Child)) Reelect(replaced, all);
            if (!IsHostSa(sa.Child) || (replaced is not null && !IsHostSa(replaced.Child))) Volatile.Write(ref _bySelector, Selectors(all));
            return replaced;
        }
    }

    /// <summary>
    /// Completes <paramref name="sa"/>, installed for its inbound side only, with <paramref name="pair"/> (see
    /// <see cref="IpsecSa.Complete"/>): from now on it carries outbound traffic, as the newest SA for its
    /// address or selector. False, and nothing done, when it was removed meanwhile.
    /// </summary>
    public bool Complete(IpsecSa sa, ChildSa pair)
    {
        lock (_writeLock)
        {
            if (!_bySpi.TryGetValue(pair.InboundSpi, out var found) || !ReferenceEquals(found, sa)) return false;
            sa.Complete(pair);
            if (IsHostSa(pair)) Elect(pair.RemoteAddress.Value, _all);
            else Volatile.Write(ref _bySelector, Selectors(_all));
            return true;
        }
    }

    /// <summary>Removes the SA with the inbound SPI of <paramref name="child"/>; returns it, or null if it was not installed.</summary>
    public IpsecSa? Remove(ChildSa child)
    {
        lock (_writeLock)
        {
            if (!_bySpi.TryGetValue(child.InboundSpi, out var found)) return null;
            IpsecSa[] all = [.. _all.Where(s => !ReferenceEquals(s, found))];
            Volatile.Write(ref _all, all);
            if (IsHostSa(found.Child)) Reelect(found, all);
            else Volatile.Write(ref _bySelector, Selectors(all));
            _bySpi.TryRemove(child.InboundSpi, out _);
            return found;
        }
    }

    /// <summary>When <paramref name="gone"/> carried its address's traffic, the newest other sending SA for that address takes over.</summary>
    private void Reelect(IpsecSa gone, IpsecSa[] all)
    {
        var address = gone.Child.RemoteAddress.Value;
        if (_byDestination.TryGetValue(address, out var carrying) && ReferenceEquals(carrying, gone)) Elect(address, all);
    }

    /// <summary>The newest sending SA for <paramref name="address"/> (the last installed) carries its traffic; none, no entry.</summary>
    private void Elect(uint address, IpsecSa[] all)
    {
        var next = Array.FindLast(all, s => IsHostSa(s.Child) && !s.Child.InboundOnly && s.Child.RemoteAddress.Value == address);
        if (next is null) _byDestination.TryRemove(address, out _);
        else _byDestination[address] = next;
    }

    /// <summary>The sending site SAs, longest remote prefix first and newest first within one: a rekey takes over from the SA it replaces.</summary>
    private static IpsecSa[] Selectors(IpsecSa[] all) =>
        [.. all.Where(s => !s.Child.InboundOnly && !IsHostSa(s.Child)).Reverse().OrderByDescending(s => s.Child.RemoteMask.PrefixLength)];
}
