namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// What IKEv2 fragmentation (RFC 7383) did, engine-wide: fragments sent and received, messages split and
/// reassembled, and the received fragments dropped, by why (§2.6). One instance per engine, shared by its
/// IKEv2 SAs (<see cref="Ikev2Sa.FragmentStatistics"/>); owned by the control loop.
/// </summary>
public sealed class Ikev2FragmentStatistics
{
    /// <summary>Fragments sent (each resend too) and messages this end split into fragments.</summary>
    public long OutFragments, MessagesFragmented;

    /// <summary>Fragments received whose ICV checked, and messages reassembled from them.</summary>
    public long InFragments, MessagesReassembled;

    /// <summary>
    /// Received fragments dropped: a copy of one kept (<see cref="Duplicates"/>), a Total Fragments below the
    /// one its message began with (<see cref="Inconsistent"/>), beyond the fragments or octets one message may
    /// have (<see cref="OverLimit"/>), of a message not expected or with fragmentation not negotiated
    /// (<see cref="Unexpected"/>), or whose ICV did not check (<see cref="BadIcv"/>).
    /// </summary>
    public long Duplicates, Inconsistent, OverLimit, Unexpected, BadIcv;

    /// <summary>All received fragments dropped (<c>In Drop Fragments</c> [M]).</summary>
    public long InDropFragments => Duplicates + Inconsistent + OverLimit + Unexpected + BadIcv;

    public Ikev2FragmentStatistics Copy() => (Ikev2FragmentStatistics)MemberwiseClone();
}
