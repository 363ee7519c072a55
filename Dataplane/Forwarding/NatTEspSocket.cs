using System.Net;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// ESP in UDP (RFC 3948) from the IKE service's port 4500 socket of the SA's local address, so the
/// peer sees ESP from the port it negotiated NAT-T with and NAT mappings stay shared with IKE.
/// </summary>
public sealed class NatTEspSocket(Func<IReadOnlyList<IkeSocket>> sockets) : IEspSocket
{
    public bool Send(IPAddress local, SocketAddress peer, ReadOnlySpan<byte> esp, bool dontFragment)
    {
        var all = sockets();
        for (var i = 0; i < all.Count; i++)
            if (all[i].NatTEndPoint.Address.Equals(local)) return all[i].SendEsp(peer, esp, dontFragment);
        return false;
    }

    /// <summary>Each run of packets from one local address leaves through that address's socket in one batch; called by the TUN loop only.</summary>
    public void Send(ReadOnlySpan<EspDatagram> packets, Span<bool> sent)
    {
        var all = sockets();
        for (var start = 0; start < packets.Length;)
        {
            var local = packets[start].Local;
            var end = EspDatagram.EndOfLocalRun(packets, start);
            var socket = (IkeSocket?)null;
            for (var i = 0; i < all.Count && socket is null; i++)
                if (all[i].NatTEndPoint.Address.Equals(local)) socket = all[i];
            if (socket is not null) socket.SendEsp(packets[start..end], sent[start..end]);
            else sent[start..end].Clear();
            start = end;
        }
    }
}
