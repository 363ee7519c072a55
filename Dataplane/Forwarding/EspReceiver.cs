using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// Receives a batch of ESP packets from the outside (each SPI first, in the socket loop's buffers, which
/// stay valid only during the call); the receiver may overwrite the entries.
/// </summary>
public delegate void EspReceiver(Span<PacketSlice> packets);
