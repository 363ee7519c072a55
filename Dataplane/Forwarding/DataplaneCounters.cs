namespace AsaEmu.Dataplane.Forwarding;

/// <summary>Packets the dataplane dropped before any SA owned them, and device errors.</summary>
public sealed class DataplaneCounters
{
    internal long NoSaSend, InvalidSaReceive, NotIpv4FromTun, MalformedFromOutside, TunWriteErrors, InternalErrors;

    /// <summary>From the TUN device for an address no SA protects (<c>#pkts no sa (send)</c>).</summary>
    public long NoSaSendCount => Interlocked.Read(ref NoSaSend);

    /// <summary>ESP from the outside with an SPI no SA has (<c>#pkts invalid sa (rcv)</c>).</summary>
    public long InvalidSaReceiveCount => Interlocked.Read(ref InvalidSaReceive);

    /// <summary>Non-IPv4 or truncated packets read from the TUN device.</summary>
    public long NotIpv4FromTunCount => Interlocked.Read(ref NotIpv4FromTun);

    /// <summary>Outside packets too short to carry an SPI and sequence number.</summary>
    public long MalformedFromOutsideCount => Interlocked.Read(ref MalformedFromOutside);

    /// <summary>Decapsulated packets the TUN device refused.</summary>
    public long TunWriteErrorCount => Interlocked.Read(ref TunWriteErrors);

    /// <summary>Packets dropped because of a bug (an exception the loop caught).</summary>
    public long InternalErrorCount => Interlocked.Read(ref InternalErrors);
}
