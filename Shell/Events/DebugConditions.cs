using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Shell.Events;

/// <summary>
/// <c>debug crypto condition peer IP|user NAME|group NAME</c>: once any condition is set, the crypto
/// debug lines (<c>[IKEv1]</c> and <c>IPSEC:</c>) reach the sessions only for the negotiations they
/// name, by the peer, user and tunnel-group the event carries; a line that matches none, or names none
/// of them, is filtered out [C: ASA command reference, <c>debug crypto condition</c>: "filters debug
/// messages for IKE and IPsec by peer IP address, user name or group name"; that one match of any
/// kind suffices is M]. Syslog lines are not filtered. Readers (publishers' threads) take the current
/// immutable set without a lock.
/// </summary>
public sealed class DebugConditions
{
    public sealed record Set(ImmutableSortedSet<Ipv4> Peers, ImmutableSortedSet<string> Users, ImmutableSortedSet<string> Groups)
    {
        public static readonly Set Empty = new(ImmutableSortedSet<Ipv4>.Empty, ImmutableSortedSet.Create<string>(StringComparer.Ordinal),
            ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

        public bool IsEmpty => Peers.IsEmpty && Users.IsEmpty && Groups.IsEmpty;
    }

    private Set _current = Set.Empty;

    public Set Current => Volatile.Read(ref _current);

    public void AddPeer(Ipv4 peer) => Update(s => s with { Peers = s.Peers.Add(peer) });
    public void AddUser(string user) => Update(s => s with { Users = s.Users.Add(user) });
    public void AddGroup(string group) => Update(s => s with { Groups = s.Groups.Add(group) });
    public void RemovePeer(Ipv4 peer) => Update(s => s with { Peers = s.Peers.Remove(peer) });
    public void RemoveUser(string user) => Update(s => s with { Users = s.Users.Remove(user) });
    public void RemoveGroup(string group) => Update(s => s with { Groups = s.Groups.Remove(group) });

    /// <summary><c>no debug crypto condition</c>, <c>debug crypto condition reset</c>, <c>undebug all</c>.</summary>
    public void Clear() => Volatile.Write(ref _current, Set.Empty);

    private void Update(Func<Set, Set> change)
    {
        Set seen, next;
        do
        {
            seen = Volatile.Read(ref _current);
            next = change(seen);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _current, next, seen), seen));
    }

    /// <summary>Whether a crypto debug event passes the conditions (every event does while none is set).</summary>
    public bool Allows(AsaEvent e)
    {
        var s = Current;
        if (s.IsEmpty || e.Category is not (EventCategory.Isakmp or EventCategory.Ipsec or EventCategory.Ikev2)) return true;
        return (e.Peer is { } peer && Ipv4.TryParse(peer, out var address) && s.Peers.Contains(address))
            || (e.User is { } user && s.Users.Contains(user))
            || (e.Group is { } group && s.Groups.Contains(group));
    }
}
