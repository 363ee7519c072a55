using System.Buffers.Binary;
using System.Globalization;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Capture;

/// <summary>A port test of an access-control entry: <c>eq</c>, <c>neq</c>, <c>lt</c>, <c>gt</c>, <c>range</c> as an inclusive range, or its negation.</summary>
public readonly record struct PortTest(int Low, int High, bool Negated)
{
    public static readonly PortTest Any = new(0, 65535, false);

    public bool Matches(int port) => (port >= Low && port <= High) != Negated;
}

/// <summary>
/// One access-control entry compiled for packets: protocol (0 for <c>ip</c>), source and
/// destination networks, ports (TCP/UDP) and ICMP type (-1 for any).
/// </summary>
public sealed record CaptureRule(bool Permit, int Protocol, uint Source, uint SourceMask, PortTest SourcePort,
    uint Destination, uint DestinationMask, PortTest DestinationPort, int IcmpType)
{
    public bool Matches(int protocol, uint source, int sourcePort, uint destination, int destinationPort, int icmpType) =>
        (Protocol == 0 || Protocol == protocol)
        && (source & SourceMask) == Source && (destination & DestinationMask) == Destination
        && (sourcePort < 0 || SourcePort.Matches(sourcePort)) && (destinationPort < 0 || DestinationPort.Matches(destinationPort))
        && (IcmpType < 0 || IcmpType == icmpType);

    /// <summary>
    /// Compiles an extended entry; null when it uses what a capture cannot evaluate (object-groups,
    /// IPv6, an object without an IPv4 host or subnet). <paramref name="objects"/> resolves <c>object NAME</c>.
    /// </summary>
    public static CaptureRule? From(ExtendedAce ace, Func<string, (Ipv4 Network, Ipv4 Mask)?>? objects = null)
    {
        var protocol = AceParser.Protocols.TryGetValue(ace.Protocol, out var p) ? p
            : int.TryParse(ace.Protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (protocol < 0) return null;
        var source = Network(ace.Source, objects);
        var destination = Network(ace.Destination, objects);
        if (source is null || destination is null) return null;
        var sourcePort = Port(ace.SourcePort, protocol);
        var destinationPort = Port(ace.DestinationPort, protocol);
        if (sourcePort is null || destinationPort is null) return null;
        var icmp = -1;
        if (ace.IcmpType is { } type && !AceParser.IcmpTypes.TryGetValue(type, out icmp)
            && !int.TryParse(type, NumberStyles.None, CultureInfo.InvariantCulture, out icmp)) return null;
        return new CaptureRule(ace.Permit, protocol, source.Value.Network.Value & source.Value.Mask.Value, source.Value.Mask.Value, sourcePort.Value,
            destination.Value.Network.Value & destination.Value.Mask.Value, destination.Value.Mask.Value, destinationPort.Value, icmp);
    }

    /// <summary>
    /// The rules of an access-list in order, remarks and inactive entries left out (a standard entry tests
    /// the source); null when the list is missing or has an entry a packet cannot be tested against.
    /// </summary>
    public static IReadOnlyList<CaptureRule>? Compile(AsaConfig config, string acl)
    {
        if (AccessListCommands.Find(config, acl) is not { } list) return null;
        (Ipv4, Ipv4)? Objects(string name) => config.Get<NetworkObject>(name)?.Value?.Ipv4Network;
        var rules = new List<CaptureRule>();
        foreach (var entry in list.Aces)
        {
            if (entry is ExtendedAce { Inactive: true }) continue;
            var rule = entry switch
            {
                ExtendedAce x => From(x, Objects),
                StandardAce s => From(new ExtendedAce(s.Permit, "ip", s.Address, null, new AceAny("any"), null, null, []), Objects),
                _ => null,
            };
            if (rule is null) return null;
            rules.Add(rule);
        }
        return rules;
    }

    private static (Ipv4 Network, Ipv4 Mask)? Network(AceAddress address, Func<string, (Ipv4 Network, Ipv4 Mask)?>? objects) => address switch
    {
        AceNetwork n => (n.Network, n.Mask),
        AceHost { Ipv4: { } ip } => (ip, Ipv4.HostMask),
        AceAny { Keyword: "any" or "any4" } => (Ipv4.Any, Ipv4.Any),
        AceNamed { Kind: "object" } named => objects?.Invoke(named.Name),
        _ => null,
    };

    private static PortTest? Port(AcePort? port, int protocol)
    {
        if (port is null) return PortTest.Any;
        var values = new int[port.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var word = port.Values[i];
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out values[i])) continue;
            var names = protocol == Ipv4Header.ProtocolUdp ? AceParser.UdpPorts : AceParser.TcpPorts;
            if (!names.TryGetValue(word, out values[i])) return null;
        }
        return port.Operator switch
        {
            "eq" => new PortTest(values[0], values[0], false),
            "neq" => new PortTest(values[0], values[0], true),
            "lt" => new PortTest(0, values[0] - 1, false),
            "gt" => new PortTest(values[0] + 1, 65535, false),
            "range" => new PortTest(values[0], values[1], false),
            _ => null,
        };
    }
}

/// <summary>
/// Which packets a capture keeps: the rules of an access-list (first match decides, in the
/// direction written) or of a <c>match</c> clause (either direction, as the ASA's match works); none: every packet.
/// </summary>
public sealed class CaptureFilter(IReadOnlyList<CaptureRule> rules, bool bothDirections)
{
    public static readonly CaptureFilter Everything = new([], false);

    public IReadOnlyList<CaptureRule> Rules => rules;
    public bool BothDirections => bothDirections;

    /// <summary>True when the IPv4 packet is to be kept. A packet too short to read is kept only without rules.</summary>
    public bool Matches(ReadOnlySpan<byte> packet)
    {
        if (rules.Count == 0) return true;
        if (!PacketFlow.TryRead(packet, out var f)) return false;
        for (var i = 0; i < rules.Count; i++) // indexed: a foreach over the interface would box an enumerator per packet
        {
            var rule = rules[i];
            if (rule.Matches(f.Protocol, f.Source, f.SourcePort, f.Destination, f.DestinationPort, f.IcmpType)) return rule.Permit;
            if (bothDirections && rule.Matches(f.Protocol, f.Destination, f.DestinationPort, f.Source, f.SourcePort, f.IcmpType)) return rule.Permit;
        }
        return false;
    }
}

/// <summary>
/// What an access-control entry tests of an IPv4 packet: protocol, addresses, and of a first fragment
/// the TCP/UDP ports or the ICMP type (-1 where there are none, or in a later fragment).
/// </summary>
public readonly record struct PacketFlow(int Protocol, uint Source, int SourcePort, uint Destination, int DestinationPort, int IcmpType)
{
    /// <summary>False when the packet is too short to be IPv4.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out PacketFlow flow)
    {
        flow = default;
        if (packet.Length < Ipv4Synthesis.IpHeaderLength || packet[0] >> 4 != 4) return false;
        var headerLength = (packet[0] & 0x0F) * 4;
        int protocol = packet[9];
        var firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF) == 0;
        int sourcePort = -1, destinationPort = -1, icmpType = -1;
        if (firstFragment && headerLength >= Ipv4Synthesis.IpHeaderLength && packet.Length >= headerLength + 4)
        {
            var l4 = packet[headerLength..];
            if (protocol is Ipv4Header.ProtocolTcp or Ipv4Header.ProtocolUdp)
            {
                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4);
                destinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
            }
            else if (protocol == Ipv4Header.ProtocolIcmp) icmpType = l4[0];
        }
        flow = new PacketFlow(protocol, BinaryPrimitives.ReadUInt32BigEndian(packet[12..]), sourcePort,
            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]), destinationPort, icmpType);
        return true;
    }
}
