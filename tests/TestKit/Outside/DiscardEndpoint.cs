using System.Net;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.TestKit.Outside;

/// <summary>
/// An outside endpoint that takes every datagram, keeps the last one in a fixed buffer and counts them,
/// and receives nothing: for benchmarks and allocation tests, it allocates nothing itself.
/// </summary>
public sealed class DiscardEndpoint(OutsidePort port, IPEndPoint local) : IOutsideEndpoint
{
    public readonly byte[] Last = new byte[65536];
    public int LastLength, Count;

    public OutsidePort Port => port;
    public IPEndPoint Local => local;
    public int BatchSize => 1;

    public int Receive(Span<ReceivedDatagram> datagrams, CancellationToken cancel) => 0;

    public void DrainPathMtu(Action<PathMtuReport> report) { }

    public void Send(ReadOnlySpan<OutsideDatagram> datagrams, Span<bool> sent)
    {
        for (var i = 0; i < datagrams.Length; i++)
        {
            datagrams[i].Span.CopyTo(Last);
            LastLength = datagrams[i].Length;
            Count++;
            sent[i] = true;
        }
    }

    public void Dispose() { }

    /// <summary>A table with a discarding UDP 4500 and raw ESP endpoint on <paramref name="local"/>.</summary>
    public static (OutsideEndpoints Endpoints, DiscardEndpoint NatT, DiscardEndpoint Raw) Table(string local = "198.18.0.1")
    {
        var address = IPAddress.Parse(local);
        var natT = new DiscardEndpoint(OutsidePort.NatT, new IPEndPoint(address, UdpEndpoint.NatTPort));
        var raw = new DiscardEndpoint(OutsidePort.Esp, new IPEndPoint(address, 0));
        var endpoints = new OutsideEndpoints();
        endpoints.Add(natT);
        endpoints.Add(raw);
        return (endpoints, natT, raw);
    }
}
