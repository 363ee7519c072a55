using System.Net;

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
}

/// <summary>Receives ESP from the outside: the packet (SPI first) is at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
public delegate void EspReceiver(byte[] buffer, int offset, int length);

/// <summary>Host routes for the clients' addresses into the TUN device.</summary>
public interface IRouteTable
{
    /// <summary>Adds or replaces <c>address/32</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void AddHostRoute(string device, uint address);

    /// <summary>Removes <c>address/32</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void RemoveHostRoute(string device, uint address);
}
