using System.Net;
using AsaEmu.Dataplane.Capture;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// The outside endpoints open now, by kind and local address: what the IKE service and the ESP path send
/// through. The table is replaced whole on a change and read without a lock on every batch; sends are
/// tapped here for the captures, whichever endpoint carries them.
/// </summary>
public sealed class OutsideEndpoints(CaptureHub? captures = null)
{
    private volatile IOutsideEndpoint[] _all = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<IOutsideEndpoint> All => _all;

    /// <summary>Adds an endpoint (the listener, as it binds).</summary>
    public void Add(IOutsideEndpoint endpoint)
    {
        lock (_gate) _all = [.. _all, endpoint];
    }

    /// <summary>Takes an endpoint out of the table (before it closes).</summary>
    public void Remove(IOutsideEndpoint endpoint)
    {
        lock (_gate) _all = [.. _all.Where(e => !ReferenceEquals(e, endpoint))];
    }

    /// <summary>The endpoint of kind <paramref name="port"/> on <paramref name="local"/> (bound to UDP port <paramref name="localPort"/>, unless 0), or null.</summary>
    public IOutsideEndpoint? Find(OutsidePort port, IPAddress local, int localPort = 0)
    {
        var all = _all;
        for (var i = 0; i < all.Length; i++)
            if (all[i].Port == port && all[i].Local.Address.Equals(local) && (localPort == 0 || all[i].Local.Port == localPort)) return all[i];
        return null;
    }

    /// <summary>
    /// Sends each run of datagrams from one local address (and port) through that address's endpoint of kind
    /// <paramref name="port"/> in one batch; <c>sent[i]</c> says whether datagram i went (false where no
    /// such endpoint is open). Never throws for a datagram that could not go.
    /// </summary>
    public void Send(OutsidePort port, ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent)
    {
        for (var start = 0; start < datagrams.Length;)
        {
            var end = OutsideDatagram.EndOfLocalRun(datagrams, start);
            if (Find(port, datagrams[start].Local, datagrams[start].LocalPort) is { } endpoint)
            {
                // Tapped as they leave, before the send: a peer's answer, tapped by a receive loop, must
                // not come first in a capture (IKE's IVs chain in the order of the messages).
                if (captures is { Active: true }) Tap(endpoint, datagrams[start..end]);
                endpoint.Send(datagrams[start..end], sent[start..end]);
            }
            else sent[start..end].Clear();
            start = end;
        }
    }

    /// <summary>Sends one datagram; false when it did not go.</summary>
    public bool Send(OutsidePort port, in OutsideDatagram datagram)
    {
        Span<bool> sent = stackalloc bool[1];
        Send(port, new ReadOnlySpan<OutsideDatagram>(in datagram), sent);
        return sent[0];
    }

    private void Tap(IOutsideEndpoint endpoint, ReadOnlySpan<OutsideDatagram> datagrams)
    {
        for (var i = 0; i < datagrams.Length; i++)
        {
            if (endpoint.Port == OutsidePort.Esp) captures!.TapEspSent(endpoint.Local.Address, datagrams[i].Peer, datagrams[i].Span);
            else captures!.TapUdp(false, endpoint.Local, datagrams[i].Peer, datagrams[i].Span);
        }
    }
}
