namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The per-SA packet counters <c>show crypto ipsec sa</c> prints. Packet threads add with
/// <see cref="Interlocked"/>; readers get a consistent-enough <see cref="Snapshot"/>.
/// </summary>
public sealed class SaCounters
{
    internal long Encaps, Encrypt, Digest, Decaps, Decrypt, Verify;
    internal long ReplayFailures, IcvFailures, PaddingFailures, InvalidPackets, SendErrors, RecvErrors;
    internal long BytesOut, BytesIn, DummyIn;

    public SaCountersSnapshot Snapshot() => new(
        Interlocked.Read(ref Encaps), Interlocked.Read(ref Encrypt), Interlocked.Read(ref Digest),
        Interlocked.Read(ref Decaps), Interlocked.Read(ref Decrypt), Interlocked.Read(ref Verify),
        Interlocked.Read(ref ReplayFailures), Interlocked.Read(ref IcvFailures), Interlocked.Read(ref PaddingFailures),
        Interlocked.Read(ref InvalidPackets), Interlocked.Read(ref SendErrors), Interlocked.Read(ref RecvErrors),
        Interlocked.Read(ref BytesOut), Interlocked.Read(ref BytesIn), Interlocked.Read(ref DummyIn));
}

/// <summary>
/// Counters of one SA pair at one moment. <c>Bytes*</c> count inner (cleartext) packet bytes.
/// <c>RecvErrors</c> counts every inbound packet dropped after the SPI matched (ICV, replay, padding,
/// malformed); the specific counters say why.
/// </summary>
public sealed record SaCountersSnapshot(
    long Encaps, long Encrypt, long Digest, long Decaps, long Decrypt, long Verify,
    long ReplayFailures, long IcvFailures, long PaddingFailures, long InvalidPackets, long SendErrors, long RecvErrors,
    long BytesOut, long BytesIn, long DummyIn);
