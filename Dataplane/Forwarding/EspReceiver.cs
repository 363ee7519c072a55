using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// Receives a batch of ESP packets from the outside (each SPI first, in the socket loop's buffers, which
/// stay valid only during the call); the receiver may overwrite the entries.
/// </summary>
public delegate void EspReceiver(Span<PacketSlice> packets);

/// <summary>
/// Receives a batch of ESP packets that came in UDP on an <c>ipsec-udp-port</c>, with the sender of each
/// (<c>sources[i]</c> of <c>packets[i]</c>): an SA of IPsec over UDP sends to where its authenticated ESP
/// came from. The buffers are the socket loop's, as for <see cref="EspReceiver"/>.
/// </summary>
public delegate void IpsecUdpReceiver(Span<PacketSlice> packets, ReadOnlySpan<UdpSource> sources);

/// <summary>The sender of a datagram: its IPv4 address (host order) and UDP port.</summary>
public readonly record struct UdpSource(uint Address, ushort Port);
