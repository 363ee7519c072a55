using System.Net;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.TestKit.Outside;

/// <summary>
/// The outside of one local address in memory for the ESP path: its UDP 4500 and raw ESP endpoints in a
/// <see cref="OutsideEndpoints"/> table, as the listener would open them.
/// </summary>
public sealed class MemoryOutside : IDisposable
{
    public MemoryOutside(string local = "198.18.0.1", bool rawEsp = true)
    {
        var address = IPAddress.Parse(local);
        NatT = Network.Open(OutsidePort.NatT, new IPEndPoint(address, UdpEndpoint.NatTPort));
        Endpoints.Add(NatT);
        Raw = Network.Open(OutsidePort.Esp, new IPEndPoint(address, 0));
        if (rawEsp) Endpoints.Add(Raw);
    }

    public MemoryNetwork Network { get; } = new();
    public OutsideEndpoints Endpoints { get; } = new();

    /// <summary>ESP in UDP (and IKE on port 4500).</summary>
    public MemoryEndpoint NatT { get; }

    /// <summary>ESP as IP protocol 50 (not in the table without <c>rawEsp</c>).</summary>
    public MemoryEndpoint Raw { get; }

    public void Dispose()
    {
        NatT.Dispose();
        Raw.Dispose();
    }
}
