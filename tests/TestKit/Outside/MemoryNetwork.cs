using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.TestKit.Outside;

/// <summary>
/// An outside in memory (the test double of <see cref="SocketNetwork"/>): endpoints opened on it are
/// <see cref="MemoryEndpoint"/>s, and a datagram one of them sends reaches the endpoint bound where it is
/// addressed, if any (raw ESP with the IPv4 header a kernel would add), besides being noted in the
/// sender's <see cref="MemoryEndpoint.Sent"/>. Port 0 gets a port of its own, as a kernel gives one.
/// </summary>
public sealed class MemoryNetwork : IOutsideNetwork
{
    private readonly ConcurrentDictionary<(OutsidePort, IPEndPoint), MemoryEndpoint> _bound = new();
    private int _nextPort = 40000;

    /// <summary>Addresses that this "host" does not have: opening an endpoint there fails as bind(2) would.</summary>
    public HashSet<IPAddress> Missing { get; } = [];

    /// <summary>The endpoints open now.</summary>
    public IReadOnlyList<MemoryEndpoint> Endpoints => [.. _bound.Values];

    public MemoryEndpoint Open(OutsidePort port, IPEndPoint local)
    {
        lock (Missing)
            if (Missing.Contains(local.Address)) throw new SocketException((int)SocketError.AddressNotAvailable);
        if (port == OutsidePort.Esp) local = new IPEndPoint(local.Address, 0);
        else if (local.Port == 0) local = new IPEndPoint(local.Address, Interlocked.Increment(ref _nextPort));
        var endpoint = new MemoryEndpoint(this, port, local);
        if (!_bound.TryAdd((Kind(port), local), endpoint)) throw new SocketException((int)SocketError.AddressAlreadyInUse);
        return endpoint;
    }

    IOutsideEndpoint IOutsideNetwork.Open(OutsidePort port, IPEndPoint local) => Open(port, local);

    /// <summary>The endpoint of that kind bound to <paramref name="address"/> (any port), or null.</summary>
    public MemoryEndpoint? Find(OutsidePort port, IPAddress address) =>
        _bound.Values.FirstOrDefault(e => e.Port == port && e.Local.Address.Equals(address));

    /// <summary>UDP 500 and 4500 share one port space, as on a host.</summary>
    private static OutsidePort Kind(OutsidePort port) => port == OutsidePort.Esp ? OutsidePort.Esp : OutsidePort.Ike;

    internal void Closed(MemoryEndpoint endpoint) => _bound.TryRemove(new KeyValuePair<(OutsidePort, IPEndPoint), MemoryEndpoint>((Kind(endpoint.Port), endpoint.Local), endpoint));

    /// <summary>Hands a datagram sent from <paramref name="from"/> to the endpoint bound at <paramref name="to"/>, if any.</summary>
    internal void Route(MemoryEndpoint from, IPEndPoint to, byte[] datagram)
    {
        if (from.Port == OutsidePort.Esp)
        {
            if (_bound.TryGetValue((OutsidePort.Esp, new IPEndPoint(to.Address, 0)), out var raw)) raw.Inject(from.Local, datagram);
        }
        else if (_bound.TryGetValue((OutsidePort.Ike, to), out var udp)) udp.Inject(from.Local, datagram);
    }
}
