using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// Traffic selectors (RFC 7296 §2.9) as the crypto ACL's networks: a crypto ACL entry of protocol
/// <c>ip</c> is one IPv4 address range with any protocol and all ports on each side. The responder
/// narrows what the initiator proposes to one of its ACL entries (§2.9): the entry itself when a
/// proposed pair covers it, the proposed pair when the entry covers it; else TS_UNACCEPTABLE.
/// </summary>
public static class Ikev2TrafficSelectors
{
    /// <summary>One side of a proxy pair as a selector: any protocol, ports 0-65535, network to broadcast.</summary>
    public static TrafficSelector Of(Ipv4 network, Ipv4 mask)
    {
        var start = new byte[4];
        var end = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(start, network.Value);
        BinaryPrimitives.WriteUInt32BigEndian(end, network.Value | ~mask.Value);
        return new TrafficSelector(TsTypes.Ipv4AddrRange, 0, 0, 65535, start, end);
    }

    /// <summary>TSi and TSr for a proxy pair seen from the initiator (its side is TSi).</summary>
    public static (Ikev2TsPayload Tsi, Ikev2TsPayload Tsr) Payloads(ProxyPair initiatorFirst) =>
        (new Ikev2TsPayload(true, [Of(initiatorFirst.LocalNetwork, initiatorFirst.LocalMask)]),
         new Ikev2TsPayload(false, [Of(initiatorFirst.RemoteNetwork, initiatorFirst.RemoteMask)]));

    /// <summary>
    /// A selector as a network and mask: IPv4, any protocol, all ports, a range that is one prefix;
    /// null for anything else (a crypto ACL entry of protocol ip cannot express it).
    /// </summary>
    public static (Ipv4 Network, Ipv4 Mask)? Network(TrafficSelector ts)
    {
        if (ts.TsType != TsTypes.Ipv4AddrRange || ts.IpProtocol != 0 || ts.StartPort != 0 || ts.EndPort != 65535) return null;
        var start = BinaryPrimitives.ReadUInt32BigEndian(ts.StartAddress.Span);
        var end = BinaryPrimitives.ReadUInt32BigEndian(ts.EndAddress.Span);
        var hostBits = start ^ end;
        // A prefix: the differing bits are all the low ones, start has them clear and end set.
        if ((hostBits & (hostBits + 1)) != 0 || (start & hostBits) != 0) return null;
        return (new Ipv4(start), new Ipv4(~hostBits));
    }

    /// <summary>
    /// Every pair the peer's TSi and TSr express (§2.9: any TSi with any TSr), this end's side first:
    /// the responder's side is TSr.
    /// </summary>
    public static IEnumerable<ProxyPair> Proposed(Ikev2TsPayload tsi, Ikev2TsPayload tsr, bool responder)
    {
        foreach (var i in tsi.Selectors)
            foreach (var r in tsr.Selectors)
                if (Network(i) is { } a && Network(r) is { } b)
                    yield return responder ? new ProxyPair(b.Network, b.Mask, a.Network, a.Mask) : new ProxyPair(a.Network, a.Mask, b.Network, b.Mask);
    }

    /// <summary>
    /// The responder's narrowing (§2.9) against a crypto map: the first static entry (by sequence)
    /// naming <paramref name="peer"/> whose ACL has a permit entry that a proposed pair covers (the
    /// entry is chosen) or that covers a proposed pair (that pair is). Null: TS_UNACCEPTABLE.
    /// </summary>
    public static SiteEntry? Narrow(AsaConfig config, string nameIf, string peer, IReadOnlyList<ProxyPair> proposed)
    {
        if (config.CryptoMapOn(nameIf) is not { } map) return null;
        foreach (var entry in map.OrderedEntries.Where(e => e.DynamicMap is null && e.MatchAddress is not null && e.Peers.Contains(peer) && !e.IpsecProposals.IsEmpty))
            foreach (var (permit, acl) in config.CryptoAclEntries(entry.MatchAddress!))
            {
                if (!permit) continue;
                foreach (var pair in proposed)
                {
                    if (pair.Covers(acl)) return new SiteEntry(map, entry, acl);
                    if (acl.Covers(pair)) return new SiteEntry(map, entry, pair);
                }
            }
        return null;
    }
}
