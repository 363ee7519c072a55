using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// The small ESP flow of <c>--ping</c>: each sampled client, once its tunnel is up, sends ICMP echo requests
/// from its Mode Config address to the target through the tunnel, one a second, and counts the echo replies
/// that come back through it. The ESP travels in UDP between the client's port and the headend's 4500
/// (RFC 3948: a non-zero SPI where IKE has its zero marker), so the flow needs NAT-T; a tunnel without it
/// sends nothing and counts as unanswered. Run by the generator's loop only.
/// <code>
/// inner packet: IPv4 (20 bytes, protocol 1, from the client's address to the target)
///   + ICMP echo (RFC 792): type 8 | code 0 | checksum | identifier = client number | sequence 1..count | 32 bytes of data
/// </code>
/// </summary>
internal sealed class LoadgenPings(IPAddress target, int count, IRandom random) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const byte EchoRequest = 8, EchoReply = 0;
    private const int DataLength = 32;
    private const int Ttl = 64;

    private readonly uint _target = Ipv4.TryFrom(target, out var v4) ? v4.Value : 0;
    private readonly Dictionary<int, Flow> _flows = [];
    private readonly Dictionary<uint, Flow> _byInboundSpi = [];
    private readonly byte[] _packet = new byte[2048];

    private sealed class Flow(LoadgenClient client)
    {
        public LoadgenClient Client { get; } = client;
        public List<IpsecSa> Sas { get; } = [];
        public uint Source { get; set; }
        public int Sent { get; set; }
        public DateTimeOffset Next { get; set; }
        public HashSet<int> Answered { get; } = [];
    }

    /// <summary>The figures so far.</summary>
    public LoadgenPingReport Report => new(target.ToString(), _flows.Count, _flows.Values.Sum(f => f.Sent),
        _flows.Values.Sum(f => f.Answered.Count), _flows.Values.Count(f => f.Answered.Count > 0))
    {
        AnsweredBySequence = [.. Enumerable.Range(1, count).Select(n => _flows.Values.Count(f => f.Answered.Contains(n)))],
    };

    /// <summary>The earliest time an echo is due, or null when all have gone.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var flow in _flows.Values)
                if (flow.Sent < count && flow.Sas.Count > 0 && (next is null || flow.Next < next)) next = flow.Next;
            return next;
        }
    }

    /// <summary>
    /// <paramref name="client"/>'s IPsec SA pair was installed (first, or a rekey's: the newest sends, every
    /// one still receives); its flow starts at <paramref name="now"/>. Not NAT-T: the flow has no way to send.
    /// </summary>
    public void Installed(LoadgenClient client, ChildSa child, DateTimeOffset now)
    {
        if (!_flows.TryGetValue(client.Number, out var flow)) _flows[client.Number] = flow = new Flow(client) { Next = now };
        if (!child.UdpEncapsulated) return;
        IpsecSa sa;
        try { sa = new IpsecSa(child); }
        catch (NotSupportedException) { return; }
        flow.Sas.Add(sa);
        flow.Source = child.LocalAddress.Value;
        _byInboundSpi[child.Keys.Inbound.Spi] = flow;
    }

    /// <summary>Sends the echoes whose time has come, each through its client's port to the SA's peer (the headend's 4500).</summary>
    public void SendDue(DateTimeOffset now)
    {
        foreach (var flow in _flows.Values)
        {
            if (flow.Sent >= count || flow.Sas.Count == 0 || flow.Next > now || flow.Client.State != ClientState.Up) continue;
            flow.Sent++;
            flow.Next = now + Interval;
            var sa = flow.Sas[^1];
            var inner = EchoRequestPacket(flow.Source, _target, (ushort)flow.Client.Number, (ushort)flow.Sent);
            var length = sa.Encapsulate(inner, random, _packet, 0, out _);
            if (length > 0) flow.Client.Send(sa.Child.Peer, _packet.AsSpan(0, length), marker: false);
        }
    }

    /// <summary>
    /// ESP that came to <paramref name="client"/>'s port (its SPI not zero): an echo reply to one of its
    /// requests is counted once; anything else (another SPI, a failed ICV, a replay, other traffic) is not.
    /// </summary>
    public void Receive(LoadgenClient client, byte[] esp)
    {
        if (esp.Length < EspCodec.HeaderSize || !_byInboundSpi.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(esp), out var flow) || flow.Client != client) return;
        var sa = flow.Sas.FirstOrDefault(s => s.Inbound.Spi == BinaryPrimitives.ReadUInt32BigEndian(esp));
        if (sa is null || sa.Decapsulate(esp, 0, esp.Length, out var payload) != EspResult.Ok || payload.NextHeader != EspCodec.NextHeaderIpv4) return;
        if (IsEchoReply(esp.AsSpan(payload.Offset, payload.Length), _target, flow.Source, (ushort)client.Number, out var sequence) && sequence >= 1 && sequence <= flow.Sent)
            flow.Answered.Add(sequence);
    }

    /// <summary>An IPv4 packet with an ICMP echo request, both checksums written.</summary>
    public static byte[] EchoRequestPacket(uint source, uint destination, ushort identifier, ushort sequence)
    {
        var packet = new byte[Ipv4Header.MinLength + 8 + DataLength];
        var ip = packet.AsSpan(0, Ipv4Header.MinLength);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], sequence);
        ip[8] = Ttl;
        ip[9] = Ipv4Header.ProtocolIcmp;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        Ipv4Header.WriteChecksum(ip);
        var icmp = packet.AsSpan(Ipv4Header.MinLength);
        icmp[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        for (var i = 8; i < icmp.Length; i++) icmp[i] = (byte)i;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Ipv4Header.Checksum(icmp));
        return packet;
    }

    /// <summary>Whether <paramref name="packet"/> is an echo reply from <paramref name="from"/> to <paramref name="to"/> with <paramref name="identifier"/>; its sequence number.</summary>
    public static bool IsEchoReply(ReadOnlySpan<byte> packet, uint from, uint to, ushort identifier, out ushort sequence)
    {
        sequence = 0;
        if (!Ipv4Header.IsValid(packet) || packet[9] != Ipv4Header.ProtocolIcmp || Ipv4Header.Source(packet) != from || Ipv4Header.Destination(packet) != to) return false;
        var icmp = packet[Ipv4Header.HeaderLength(packet)..Ipv4Header.TotalLength(packet)];
        if (icmp.Length < 8 || icmp[0] != EchoReply || icmp[1] != 0 || BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != identifier) return false;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
        return true;
    }

    public void Dispose()
    {
        foreach (var flow in _flows.Values)
            foreach (var sa in flow.Sas) sa.Dispose();
    }
}

/// <summary>What the ESP flow of <c>--ping</c> saw: tunnels that sent, echo requests sent, replies back, tunnels with at least one reply.</summary>
public sealed record LoadgenPingReport(string Target, int Tunnels, int Sent, int Answered, int TunnelsAnswered)
{
    /// <summary>How many tunnels had echo 1, 2, ... answered (the first goes right after Quick Mode).</summary>
    public IReadOnlyList<int> AnsweredBySequence { get; init; } = [];
}
