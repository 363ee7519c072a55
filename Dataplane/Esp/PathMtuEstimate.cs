namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The path MTU towards an SA's peer that ICMP fragmentation-needed messages taught (RFC 1191):
/// lowered by each report, never raised by one, and kept for the SA's life, as under the ASA's
/// default <c>crypto ipsec security-association pmtu-aging infinite</c>. Written by the socket
/// loops, read by the TUN loop.
/// </summary>
public sealed class PathMtuEstimate
{
    /// <summary>The smallest MTU every IPv4 link carries (RFC 791); smaller reports are ignored.</summary>
    public const int MinimumMtu = 68;

    private int _learned = int.MaxValue;

    /// <summary>Takes a report's next-hop MTU; false when it was ignored (too small, or no lower than what is known).</summary>
    public bool Lower(int mtu)
    {
        while (true)
        {
            var known = Volatile.Read(ref _learned);
            if (mtu < MinimumMtu || mtu >= known) return false;
            if (Interlocked.CompareExchange(ref _learned, mtu, known) == known) return true;
        }
    }

    /// <summary>The MTU learned, or null while no report was taken.</summary>
    public int? Learned => Volatile.Read(ref _learned) is var known && known != int.MaxValue ? known : null;

    /// <summary>The MTU to send with: the learned one when lower than <paramref name="mediaMtu"/>.</summary>
    public long Mtu(long mediaMtu) => Math.Min(Volatile.Read(ref _learned), mediaMtu);
}
