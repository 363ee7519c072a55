using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The counters of the SA pairs the dataplane has removed, summed, so that totals since start
/// (<c>show crypto ipsec stats</c>, <c>show asp drop</c>, interface counters) keep what ended
/// SAs counted. Added to on the control path (remove), never on the packet path.
/// </summary>
public sealed class RetiredSaCounters
{
    private readonly Lock _gate = new();
    private SaCountersSnapshot _sum = SaCountersMath.Zero;

    private long _count;

    public SaCountersSnapshot Sum
    {
        get { lock (_gate) return _sum; }
    }

    /// <summary>How many SA pairs were removed.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <param name="pair">Whether a pair ended (counted), not an inbound-only SA that never sent (its packets counted only).</param>
    internal void Add(SaCountersSnapshot counters, bool pair = true)
    {
        lock (_gate) _sum = SaCountersMath.Add(_sum, counters);
        if (pair) Interlocked.Increment(ref _count);
    }
}

/// <summary>Sums of <see cref="SaCountersSnapshot"/>s.</summary>
public static class SaCountersMath
{
    public static readonly SaCountersSnapshot Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static SaCountersSnapshot Add(SaCountersSnapshot a, SaCountersSnapshot b) => new(
        a.Encaps + b.Encaps, a.Encrypt + b.Encrypt, a.Digest + b.Digest, a.Decaps + b.Decaps, a.Decrypt + b.Decrypt,
        a.Verify + b.Verify, a.TfcReceived + b.TfcReceived, a.SendErrors + b.SendErrors, a.RecvErrors + b.RecvErrors,
        a.VerifyFailed + b.VerifyFailed, a.ReplayFailed + b.ReplayFailed, a.InvalidPad + b.InvalidPad, a.InvalidLength + b.InvalidLength,
        a.InvalidProtocol + b.InvalidProtocol, a.InvalidIpVersion + b.InvalidIpVersion, a.InvalidIdentity + b.InvalidIdentity,
        a.ReplayRolloverSend + b.ReplayRolloverSend, a.BytesOut + b.BytesOut, a.BytesIn + b.BytesIn)
    {
        PreFragSuccesses = a.PreFragSuccesses + b.PreFragSuccesses,
        PreFragFailures = a.PreFragFailures + b.PreFragFailures,
        FragmentsCreated = a.FragmentsCreated + b.FragmentsCreated,
        PmtusSent = a.PmtusSent + b.PmtusSent,
        PmtusReceived = a.PmtusReceived + b.PmtusReceived,
    };
}

/// <summary>
/// A read-only view of everything the dataplane counted since start: the SA pairs' counters (the
/// installed ones and the removed ones) and the drops no SA owned. Read by the show commands.
/// </summary>
/// <param name="Sas">The counters of every SA pair, installed or removed, summed.</param>
/// <param name="Installed">How many SA pairs are installed now.</param>
/// <param name="Removed">How many SA pairs were removed since start.</param>
public sealed record DataplaneTotals(SaCountersSnapshot Sas, int Installed, long Removed, long NoSaSend, long InvalidSaReceive, long NotIpv4FromTun,
    long MalformedFromOutside, long TunWriteErrors, long InternalErrors)
{
    public static readonly DataplaneTotals Empty = new(SaCountersMath.Zero, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Packets the sessions' vpn-filter ACLs denied, both directions (<see cref="VpnFilter.Denied"/>).</summary>
    public long VpnFilterDenied { get; init; }

    public static DataplaneTotals Of(EspDataplane dataplane)
    {
        var installed = dataplane.Sas.All;
        var sum = dataplane.Retired.Sum;
        foreach (var sa in installed) sum = SaCountersMath.Add(sum, sa.Counters.Snapshot());
        var c = dataplane.Counters;
        return new(sum, installed.Count, dataplane.Retired.Count, c.NoSaSendCount, c.InvalidSaReceiveCount, c.NotIpv4FromTunCount, c.MalformedFromOutsideCount,
            c.TunWriteErrorCount, c.InternalErrorCount) { VpnFilterDenied = dataplane.Filter.Denied };
    }
}
