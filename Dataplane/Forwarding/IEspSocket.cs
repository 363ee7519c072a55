using System.Net;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The outside edge for ESP: sends one ESP packet (SPI first) from a local address to a peer,
/// either inside UDP 4500 (RFC 3948, no non-ESP marker) or as IP protocol 50.
/// </summary>
public interface IEspSocket
{
    /// <summary>
    /// False when the packet could not be sent (counted by the caller as a send error).
    /// <paramref name="dontFragment"/> is the DF bit of the outer IPv4 header (<c>crypto ipsec df-bit</c>).
    /// </summary>
    bool Send(IPAddress local, SocketAddress peer, ReadOnlySpan<byte> esp, bool dontFragment);

    /// <summary>
    /// Sends a batch (the packets the TUN loop read in one wake-up); <c>sent[i]</c> says whether
    /// packet i went. Sockets that can batch override this; the default sends one by one.
    /// </summary>
    void Send(ReadOnlySpan<EspDatagram> packets, Span<bool> sent)
    {
        for (var i = 0; i < packets.Length; i++)
            sent[i] = Send(packets[i].Local, packets[i].Peer, packets[i].Buffer.AsSpan(0, packets[i].Length), packets[i].DontFragment);
    }
}

/// <summary>
/// One ESP packet (SPI first) for the outside: <c>Buffer[0..Length]</c> from <paramref name="Local"/> to
/// <paramref name="Peer"/>, with <paramref name="DontFragment"/> as the outer DF bit.
/// </summary>
public readonly record struct EspDatagram(IPAddress Local, SocketAddress Peer, byte[] Buffer, int Length, bool DontFragment = false)
{
    /// <summary>Where the run of packets from <c>packets[start]</c> with its DF bit ends: DF is a socket option, set once per run.</summary>
    public static int EndOfDontFragmentRun(ReadOnlySpan<EspDatagram> packets, int start)
    {
        var end = start + 1;
        while (end < packets.Length && packets[end].DontFragment == packets[start].DontFragment) end++;
        return end;
    }

    /// <summary>Where the run of packets from <c>packets[start]</c>'s local address ends: sockets are per local address.</summary>
    public static int EndOfLocalRun(ReadOnlySpan<EspDatagram> packets, int start)
    {
        var end = start + 1;
        while (end < packets.Length && packets[end].Local.Equals(packets[start].Local)) end++;
        return end;
    }
}

/// <summary>
/// Receives a batch of ESP packets from the outside (each SPI first, in the socket loop's buffers, which
/// stay valid only during the call); the receiver may overwrite the entries.
/// </summary>
public delegate void EspReceiver(Span<PacketSlice> packets);

/// <summary>Routes into the TUN device: a host route per client address, a network route per site's protected network.</summary>
public interface IRouteTable
{
    /// <summary>Adds or replaces <c>network/mask</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void AddRoute(string device, ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask);

    /// <summary>Removes <c>network/mask</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void RemoveRoute(string device, ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask);
}
