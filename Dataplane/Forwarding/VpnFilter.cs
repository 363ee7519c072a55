using System.Collections.Concurrent;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// <c>vpn-filter value ACL</c> in the dataplane: the session's ACL (carried by its SA,
/// <see cref="Crypto.Ike.ChildSa.VpnFilter"/>) is applied to its traffic after decryption and before
/// encryption. As the ASA reads a vpn-filter ACL, the remote end (the client's address or network)
/// is in the source position and the inside in the destination position, for both directions: a
/// packet from the client is tested as it is, a packet to the client with its addresses and ports
/// swapped, so one entry admits a flow and its return traffic [C: vpn-filter configuration example].
/// First match decides; no match is the implicit deny. A denied packet is dropped and counted
/// (<see cref="Denied"/>, the ASA's <c>acl-drop</c> in <c>show asp drop</c>). A filter naming a missing
/// ACL filters nothing, as a vpn-filter that names no list.
/// </summary>
public sealed class VpnFilter
{
    private long _denied;

    /// <summary>The compiled ACLs of one config snapshot (a config change compiles them anew).</summary>
    private sealed record Compiled(AsaConfig Config, ConcurrentDictionary<string, CaptureRule[]?> Lists);

    private Compiled? _compiled;

    /// <summary>The running config; without one nothing is filtered.</summary>
    public Func<AsaConfig?>? Config { get; set; }

    /// <summary>Packets a vpn-filter dropped, both directions.</summary>
    public long Denied => Interlocked.Read(ref _denied);

    /// <summary>Whether <paramref name="packet"/> (IPv4, clear) may cross <paramref name="sa"/>'s session; counts the ones denied.</summary>
    public bool Permits(IpsecSa sa, ReadOnlySpan<byte> packet, bool fromClient)
    {
        if (sa.Child.VpnFilter is not { } acl || Rules(acl) is not { } rules) return true;
        if (!PacketFlow.TryRead(packet, out var f)) return Deny();
        var permitted = fromClient
            ? PermitsFlow(rules, f.Protocol, f.Source, f.SourcePort, f.Destination, f.DestinationPort, f.IcmpType)
            : PermitsFlow(rules, f.Protocol, f.Destination, f.DestinationPort, f.Source, f.SourcePort, f.IcmpType);
        return permitted || Deny();
    }

    /// <summary>
    /// The filter's verdict on a flow between the remote end (<paramref name="remote"/>, the ACL's source position) and the
    /// inside (<paramref name="inside"/>): the first entry that matches decides, none is the implicit deny. A port or ICMP type
    /// of -1 matches any (packet-tracer's question about a flow without one).
    /// </summary>
    public static bool PermitsFlow(ReadOnlySpan<CaptureRule> rules, int protocol, uint remote, int remotePort, uint inside, int insidePort, int icmpType)
    {
        for (var i = 0; i < rules.Length; i++)
            if (rules[i].Matches(protocol, remote, remotePort, inside, insidePort, icmpType)) return rules[i].Permit;
        return false;
    }

    private bool Deny()
    {
        Interlocked.Increment(ref _denied);
        return false;
    }

    /// <summary>The rules of <paramref name="acl"/> in the current config, compiled once per snapshot; null when it has none to test.</summary>
    private CaptureRule[]? Rules(string acl)
    {
        if (Config?.Invoke() is not { } config) return null;
        var compiled = Volatile.Read(ref _compiled);
        if (compiled is null || !ReferenceEquals(compiled.Config, config))
        {
            compiled = new Compiled(config, []);
            Volatile.Write(ref _compiled, compiled);
        }
        return compiled.Lists.GetOrAdd(acl, static (name, c) => CaptureRule.Compile(c, name)?.ToArray(), config);
    }
}
