namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The per-SA packet counters <c>show crypto ipsec sa [detail]</c> prints. Packet threads add with
/// <see cref="Interlocked"/>; readers take a <see cref="Snapshot"/>; <see cref="Reset"/> is
/// <c>clear crypto ipsec sa counters</c>.
/// </summary>
public sealed class SaCounters
{
    internal long Encaps, Encrypt, Digest, Decaps, Decrypt, Verify, TfcReceived;
    internal long SendErrors, RecvErrors, VerifyFailed, ReplayFailed, InvalidPad, InvalidLength, InvalidProtocol,
        InvalidIpVersion, InvalidIdentity, ReplayRolloverSend, BytesOut, BytesIn;
    internal long PreFragSuccesses, PreFragFailures, FragmentsCreated, PmtusSent, PmtusReceived;

    public SaCountersSnapshot Snapshot() => new(
        Interlocked.Read(ref Encaps), Interlocked.Read(ref Encrypt), Interlocked.Read(ref Digest),
        Interlocked.Read(ref Decaps), Interlocked.Read(ref Decrypt), Interlocked.Read(ref Verify), Interlocked.Read(ref TfcReceived),
        Interlocked.Read(ref SendErrors), Interlocked.Read(ref RecvErrors), Interlocked.Read(ref VerifyFailed),
        Interlocked.Read(ref ReplayFailed), Interlocked.Read(ref InvalidPad), Interlocked.Read(ref InvalidLength),
        Interlocked.Read(ref InvalidProtocol), Interlocked.Read(ref InvalidIpVersion), Interlocked.Read(ref InvalidIdentity),
        Interlocked.Read(ref ReplayRolloverSend), Interlocked.Read(ref BytesOut), Interlocked.Read(ref BytesIn))
    {
        PreFragSuccesses = Interlocked.Read(ref PreFragSuccesses),
        PreFragFailures = Interlocked.Read(ref PreFragFailures),
        FragmentsCreated = Interlocked.Read(ref FragmentsCreated),
        PmtusSent = Interlocked.Read(ref PmtusSent),
        PmtusReceived = Interlocked.Read(ref PmtusReceived),
    };

    /// <summary>Sets every counter back to zero (the SA itself, its sequence numbers and replay window are untouched).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref Encaps, 0);
        Interlocked.Exchange(ref Encrypt, 0);
        Interlocked.Exchange(ref Digest, 0);
        Interlocked.Exchange(ref Decaps, 0);
        Interlocked.Exchange(ref Decrypt, 0);
        Interlocked.Exchange(ref Verify, 0);
        Interlocked.Exchange(ref TfcReceived, 0);
        Interlocked.Exchange(ref SendErrors, 0);
        Interlocked.Exchange(ref RecvErrors, 0);
        Interlocked.Exchange(ref VerifyFailed, 0);
        Interlocked.Exchange(ref ReplayFailed, 0);
        Interlocked.Exchange(ref InvalidPad, 0);
        Interlocked.Exchange(ref InvalidLength, 0);
        Interlocked.Exchange(ref InvalidProtocol, 0);
        Interlocked.Exchange(ref InvalidIpVersion, 0);
        Interlocked.Exchange(ref InvalidIdentity, 0);
        Interlocked.Exchange(ref ReplayRolloverSend, 0);
        Interlocked.Exchange(ref BytesOut, 0);
        Interlocked.Exchange(ref BytesIn, 0);
        Interlocked.Exchange(ref PreFragSuccesses, 0);
        Interlocked.Exchange(ref PreFragFailures, 0);
        Interlocked.Exchange(ref FragmentsCreated, 0);
        Interlocked.Exchange(ref PmtusSent, 0);
        Interlocked.Exchange(ref PmtusReceived, 0);
    }
}

/// <summary>
/// Counters of one SA pair at one moment, named as <c>show crypto ipsec sa detail</c> names them.
/// <c>RecvErrors</c>/<c>SendErrors</c> aggregate the specific failures; the byte counts are of inner packets.
/// </summary>
public sealed record SaCountersSnapshot(
    long Encaps, long Encrypt, long Digest, long Decaps, long Decrypt, long Verify, long TfcReceived,
    long SendErrors, long RecvErrors, long VerifyFailed, long ReplayFailed, long InvalidPad, long InvalidLength,
    long InvalidProtocol, long InvalidIpVersion, long InvalidIdentity, long ReplayRolloverSend, long BytesOut, long BytesIn)
{
    /// <summary>Clear packets fragmented before encryption (<c>#pre-frag successes</c>).</summary>
    public long PreFragSuccesses { get; init; }
    /// <summary>Packets too large for the tunnel that could not be fragmented nor answered (<c>#pre-frag failures</c>).</summary>
    public long PreFragFailures { get; init; }
    /// <summary>Fragments made by pre-fragmentation (<c>#fragments created</c>).</summary>
    public long FragmentsCreated { get; init; }
    /// <summary>ICMP fragmentation-needed messages sent to inside senders (<c>#PMTUs sent</c>).</summary>
    public long PmtusSent { get; init; }
    /// <summary>ICMP fragmentation-needed messages received for this SA's ESP (<c>#PMTUs rcvd</c>).</summary>
    public long PmtusReceived { get; init; }
}
