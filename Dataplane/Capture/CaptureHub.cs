using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Capture;

/// <summary>
/// The appliance's captures and the taps the packet paths call. With no capture listening the
/// taps cost one volatile read (<see cref="Active"/>), which the call sites test before doing
/// anything else; packets are copied only for a capture that keeps them.
/// </summary>
public sealed class CaptureHub(Func<DateTimeOffset> now)
{
    private readonly Lock _gate = new();
    private readonly List<PacketCapture> _captures = [];

    /// <summary>The captures that listen somewhere, null when none does: the one field the packet paths read.</summary>
    private PacketCapture[]? _listening;

    /// <summary>The keys of the SAs seen while captures exist, for the decryption tables.</summary>
    public SaKeyLog Keys { get; } = new();

    /// <summary>True while some capture listens: the packet paths tap only then.</summary>
    public bool Active => Volatile.Read(ref _listening) is not null;

    /// <summary>The captures in the order they were created.</summary>
    public IReadOnlyList<PacketCapture> All { get { lock (_gate) return [.. _captures]; } }

    public PacketCapture? Find(string name)
    {
        lock (_gate) return _captures.Find(c => c.Name == name);
    }

    /// <summary>Creates the capture, or changes the one of that name (its buffer kept); returns it.</summary>
    public PacketCapture Set(string name, CaptureSettings settings)
    {
        lock (_gate)
        {
            var capture = _captures.Find(c => c.Name == name);
            if (capture is null) _captures.Add(capture = new PacketCapture(name, settings));
            else capture.Change(settings);
            Publish();
            return capture;
        }
    }

    /// <summary><c>no capture NAME</c>; false when there is none.</summary>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            var removed = _captures.RemoveAll(c => c.Name == name) > 0;
            Publish();
            if (_captures.Count == 0) Keys.Clear();
            return removed;
        }
    }

    private void Publish()
    {
        var listening = _captures.Where(c => c.Settings.Interfaces.Count > 0).ToArray();
        Volatile.Write(ref _listening, listening.Length == 0 ? null : listening);
    }

    /// <summary>A clear packet to or from the TUN device (IPv4 header first).</summary>
    public void TapInside(ReadOnlySpan<byte> packet) => Offer(InsidePoint, packet);

    /// <summary>An IP packet as received on the outside, its header included (raw ESP).</summary>
    public void TapOutside(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < Ipv4Synthesis.IpHeaderLength) return;
        Offer(new CapturePoint.Outside(BinaryPrimitives.ReadUInt32BigEndian(packet[16..])), packet);
    }

    /// <summary>ESP sent as IP protocol 50 from <paramref name="local"/>: its IPv4 header is synthesized.</summary>
    public void TapEspSent(IPAddress local, SocketAddress peer, ReadOnlySpan<byte> esp)
    {
        var (address, _) = Endpoint(peer);
        var from = Address(local);
        Synthesize(new CapturePoint.Outside(from), from, 0, address, 0, esp, udp: false, marker: false);
    }

    /// <summary>
    /// A UDP datagram of IKE or ESP in UDP between <paramref name="local"/> and <paramref name="remote"/>;
    /// <paramref name="marker"/> puts back the non-ESP marker of IKE on port 4500 (RFC 3948 §2.2).
    /// </summary>
    public void TapUdp(bool received, IPEndPoint local, SocketAddress remote, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var (address, port) = Endpoint(remote);
        TapUdp(received, local, address, port, payload, marker);
    }

    /// <inheritdoc cref="TapUdp(bool, IPEndPoint, SocketAddress, ReadOnlySpan{byte}, bool)"/>
    public void TapUdp(bool received, IPEndPoint local, IPEndPoint remote, ReadOnlySpan<byte> payload, bool marker = false) =>
        TapUdp(received, local, Address(remote.Address), (ushort)remote.Port, payload, marker);

    private void TapUdp(bool received, IPEndPoint local, uint remote, ushort remotePort, ReadOnlySpan<byte> payload, bool marker)
    {
        var self = Address(local.Address);
        var point = new CapturePoint.Outside(self);
        if (received) Synthesize(point, remote, remotePort, self, (ushort)local.Port, payload, udp: true, marker);
        else Synthesize(point, self, (ushort)local.Port, remote, remotePort, payload, udp: true, marker);
    }

    private static readonly CapturePoint InsidePoint = new CapturePoint.Inside();

    private void Synthesize(CapturePoint point, uint source, ushort sourcePort, uint destination, ushort destinationPort,
        ReadOnlySpan<byte> payload, bool udp, bool marker)
    {
        var markerLength = marker ? 4 : 0;
        var header = Ipv4Synthesis.IpHeaderLength + (udp ? Ipv4Synthesis.UdpHeaderLength : 0);
        var length = header + markerLength + payload.Length;
        if (length > 65535) return;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var packet = rented.AsSpan(0, length);
            if (udp) Ipv4Synthesis.WriteUdp(packet, source, sourcePort, destination, destinationPort, markerLength + payload.Length);
            else Ipv4Synthesis.WriteIp(packet, source, destination, Ipv4Header.ProtocolEsp, payload.Length);
            packet.Slice(header, markerLength).Clear();
            payload.CopyTo(packet[(header + markerLength)..]);
            Offer(point, packet);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Offer(CapturePoint point, ReadOnlySpan<byte> packet)
    {
        var listening = Volatile.Read(ref _listening);
        if (listening is null) return;
        var time = now();
        foreach (var capture in listening) capture.Offer(point, packet, time);
    }

    /// <summary>The IPv4 address and port of a socket address (AF_INET: port then address, network order, after the family).</summary>
    public static (uint Address, ushort Port) Endpoint(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        return bytes.Length < 8 ? (0, 0) : (BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]));
    }

    private static uint Address(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) && written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
    }
}
