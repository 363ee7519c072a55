using System.Net;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// What an outside endpoint carries: IKE on UDP 500, IKE and ESP in UDP on 4500 (RFC 3948), ESP as IP
/// protocol 50, or ESP in UDP without a marker on a group policy's <c>ipsec-udp-port</c> (Cisco's IPsec over
/// UDP, vpnc's <c>--natt-mode cisco-udp</c>; IKE stays on 500).
/// </summary>
public enum OutsidePort { Ike, NatT, Esp, IpsecUdp }

/// <summary>
/// One socket on the outside, bound to one local address: the seam between the packet paths and the
/// network, in the manner of wireguard-go's <c>conn.Bind</c>. The caller owns the threads: one thread
/// at a time blocks in <see cref="Receive"/> for a batch, which points into the endpoint's own buffers
/// (valid until its next <see cref="Receive"/>, so a datagram can be processed in place); any thread
/// sends a batch, one at a time per endpoint. Real: <see cref="UdpEndpoint"/>, <see cref="RawEspEndpoint"/>
/// (recvmmsg, sendmmsg, UDP GSO); in memory: the test kit's <c>MemoryNetwork</c>.
/// </summary>
public interface IOutsideEndpoint : IDisposable
{
    OutsidePort Port { get; }

    /// <summary>The address and port bound (port 0 for raw ESP).</summary>
    IPEndPoint Local { get; }

    /// <summary>How many datagrams one <see cref="Receive"/> takes at most.</summary>
    int BatchSize { get; }

    /// <summary>
    /// Waits for datagrams (for a short while at most, or until <paramref name="cancel"/>) and puts what
    /// came into <paramref name="datagrams"/> (at most <see cref="BatchSize"/>); returns how many, 0 when
    /// none came in time. Raw ESP comes with its IPv4 header, UDP without. Throws
    /// <see cref="ObjectDisposedException"/> once the endpoint is closed.
    /// </summary>
    int Receive(Span<ReceivedDatagram> datagrams, CancellationToken cancel);

    /// <summary>Hands over the ICMP fragmentation-needed messages queued about what this endpoint sent (RFC 1191); never waits.</summary>
    void DrainPathMtu(Action<PathMtuReport> report);

    /// <summary>
    /// Sends <paramref name="datagrams"/> (all from <see cref="Local"/>'s address, at most the batch size
    /// of the ESP path); <c>sent[i]</c> says whether datagram i went. Never throws for a datagram that
    /// could not go.
    /// </summary>
    void Send(ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent);
}

/// <summary>
/// A datagram an endpoint received: <c>Buffer[0..Length]</c>, from <see cref="SourceAddress"/> (IPv4,
/// host order) and <see cref="SourcePort"/>; <see cref="Truncated"/> when it was longer than the buffer.
/// </summary>
public readonly record struct ReceivedDatagram(byte[] Buffer, int Length, bool Truncated, uint SourceAddress, ushort SourcePort)
{
    public Span<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>The sender (allocates: for the datagrams that need it, like IKE).</summary>
    public IPEndPoint Source()
    {
        Span<byte> address = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(address, SourceAddress);
        return new IPEndPoint(new IPAddress(address), SourcePort);
    }
}

/// <summary>
/// A datagram for the outside: <c>Buffer[0..Length]</c> from <paramref name="Local"/> to <paramref name="Peer"/>,
/// with <paramref name="DontFragment"/> as the outer DF bit (null: as the socket has it, for IKE), from the
/// endpoint of UDP port <paramref name="LocalPort"/> where an address has several of a kind (ipsec-udp; 0: the one).
/// </summary>
public readonly record struct OutsideDatagram(IPAddress Local, SocketAddress Peer, byte[] Buffer, int Length, bool? DontFragment = null, ushort LocalPort = 0)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>Where the run of datagrams from <c>datagrams[start]</c> with its DF bit ends: DF is a socket option, set once per run.</summary>
    public static int EndOfDontFragmentRun(ReadOnlySpan<OutsideDatagram> datagrams, int start)
    {
        var end = start + 1;
        while (end < datagrams.Length && datagrams[end].DontFragment == datagrams[start].DontFragment) end++;
        return end;
    }

    /// <summary>Where the run of datagrams from <c>datagrams[start]</c>'s local address (and port) ends: endpoints are per local address.</summary>
    public static int EndOfLocalRun(ReadOnlySpan<OutsideDatagram> datagrams, int start)
    {
        var end = start + 1;
        while (end < datagrams.Length && datagrams[end].LocalPort == datagrams[start].LocalPort && datagrams[end].Local.Equals(datagrams[start].Local)) end++;
        return end;
    }
}

/// <summary>Opens outside endpoints (real sockets, or the test kit's in-memory network).</summary>
public interface IOutsideNetwork
{
    /// <summary>Binds <paramref name="port"/>'s kind of endpoint to <paramref name="local"/> (its port ignored for raw ESP); throws <see cref="System.Net.Sockets.SocketException"/>.</summary>
    IOutsideEndpoint Open(OutsidePort port, IPEndPoint local);
}
