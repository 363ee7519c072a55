using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The encapsulated packets of one TUN batch that leave through one kind of endpoint, with their SAs so that
/// a packet the endpoint refused is counted on its SA (<c>#send errors</c>). Made once per TUN loop.
/// </summary>
internal sealed class OutgoingBatch(int capacity)
{
    private readonly OutsideDatagram[] _datagrams = new OutsideDatagram[capacity];
    private readonly IpsecSa?[] _sas = new IpsecSa?[capacity];
    private readonly bool[] _sent = new bool[capacity];

    public int Count { get; private set; }

    public void Add(IpsecSa sa, byte[] esp, int length, bool dontFragment)
    {
        _datagrams[Count] = sa.Datagram(esp, length, dontFragment);
        _sas[Count++] = sa;
    }

    /// <summary>
    /// Sends the batch through the <paramref name="port"/> endpoints of <paramref name="outside"/>, counts each packet
    /// that did not go on its SA, and empties the batch. Never throws: an endpoint that throws loses the
    /// batch, counted in <see cref="DataplaneCounters.InternalErrors"/>.
    /// </summary>
    public void Flush(OutsideEndpoints outside, OutsidePort port, DataplaneCounters counters)
    {
        if (Count == 0) return;
        var sent = _sent.AsSpan(0, Count);
        sent.Clear();
        try
        {
            outside.Send(port, _datagrams.AsSpan(0, Count), sent);
            for (var i = 0; i < Count; i++)
                if (!sent[i]) _sas[i]!.CountSendError();
        }
        catch (Exception)
        {
            Interlocked.Add(ref counters.InternalErrors, Count);
        }
        // Removed SAs and their buffers are not kept alive by the scratch arrays.
        Array.Clear(_sas, 0, Count);
        Array.Clear(_datagrams, 0, Count);
        Count = 0;
    }
}
