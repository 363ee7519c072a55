namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The per-SA packet counters <c>show crypto ipsec sa [detail]</c> prints. Packet threads add with
/// <see cref="Interlocked"/>; readers take a <see cref="Snapshot"/>.
/// </summary>
public sealed class SaCounters
{
    internal long Encaps, Encrypt, Digest, Decaps, Decrypt, Verify, TfcReceived;
    internal long SendErrors, RecvErrors, VerifyFailed, ReplayFailed, InvalidPad, InvalidLength, InvalidProtocol,
        InvalidIpVersion, InvalidIdentity, ReplayRolloverSend, BytesOut, BytesIn;

    public SaCountersSnapshot Snapshot() => new(
        Interlocked.Read(ref Encaps), Interlocked.Read(ref Encrypt), Interlocked.Read(ref Digest),
        Interlocked.Read(ref Decaps), Interlocked.Read(ref Decrypt), Interlocked.Read(ref Verify), Interlocked.Read(ref TfcReceived),
        Interlocked.Read(ref SendErrors), Interlocked.Read(ref RecvErrors), Interlocked.Read(ref VerifyFailed),
        Interlocked.Read(ref ReplayFailed), Interlocked.Read(ref InvalidPad), Interlocked.Read(ref InvalidLength),
        Interlocked.Read(ref InvalidProtocol), Interlocked.Read(ref InvalidIpVersion), Interlocked.Read(ref InvalidIdentity),
        Interlocked.Read(ref ReplayRolloverSend), Interlocked.Read(ref BytesOut), Interlocked.Read(ref BytesIn));
}

/// <summary>
/// Counters of one SA pair at one moment, named as <c>show crypto ipsec sa detail</c> names them.
/// <c>RecvErrors</c>/<c>SendErrors</c> aggregate the specific failures; the byte counts are of inner packets.
/// </summary>
public sealed record SaCountersSnapshot(
    long Encaps, long Encrypt, long Digest, long Decaps, long Decrypt, long Verify, long TfcReceived,
    long SendErrors, long RecvErrors, long VerifyFailed, long ReplayFailed, long InvalidPad, long InvalidLength,
    long InvalidProtocol, long InvalidIpVersion, long InvalidIdentity, long ReplayRolloverSend, long BytesOut, long BytesIn);
