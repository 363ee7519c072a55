using System.Net;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// An IKE datagram with its addresses. On UDP 4500 the socket layer removes and adds the
/// non-ESP marker (RFC 3948 §2.2): the engine sees ISAKMP messages only.
/// </summary>
public sealed record IkeDatagram(IPEndPoint Local, IPEndPoint Remote, ReadOnlyMemory<byte> Data);

/// <summary>What the engine asks of the world after an input: datagrams to send, events to publish.</summary>
public sealed class IkeOutputs
{
    public List<IkeDatagram> Datagrams { get; } = [];
    public List<AsaEvent> Events { get; } = [];
    /// <summary>IPsec SA pairs to install in the dataplane.</summary>
    public List<ChildSa> Installed { get; } = [];
    /// <summary>IPsec SA pairs to remove (by their inbound SPI).</summary>
    public List<ChildSa> Removed { get; } = [];

    public void Send(IkeDatagram datagram) => Datagrams.Add(datagram);
    public void Publish(AsaEvent e) => Events.Add(e);
}
