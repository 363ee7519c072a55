namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>Bytes allocated on this thread by an action: what one datagram costs the loop that handles it.</summary>
internal static class Allocations
{
    public static long Of(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static void AssertWithin(long budget, long allocated, string what) =>
        Assert.True(allocated <= budget, $"{allocated:N0} bytes allocated for {what} (budget {budget:N0})");

    /// <summary>
    /// What decoding a message of <paramref name="length"/> bytes may allocate. The decoder keeps bodies
    /// as slices of the input and makes one object per element it finds: the densest input is the
    /// 4-byte payload (an empty vendor ID: its record, 56 bytes, and its 8-byte slot in the payload
    /// array, 16 bytes per input byte) and the 4-byte attribute (its 40-byte record and 8-byte slot:
    /// 12 per byte); 8-byte proposals and transforms cost less per byte. So 16 bytes per input byte,
    /// and 1 KiB for the message, its arrays' headers and an error's text.
    /// </summary>
    public static long DecodeBudget(int length) => 16L * length + 1024;

    /// <summary>
    /// What the engine may allocate for a message of <paramref name="length"/> bytes: the decode's
    /// budget; 4 bytes per byte for its copies (the message kept to recognise a repeat, an encrypted
    /// message's plaintext, the SA, KE, nonce and ID bodies an AM1 leaves with its SA); and 256 KiB
    /// for what does not grow with the message: a negotiation (its IKE SA, Diffie-Hellman and AM2:
    /// 48 KiB measured) and the debug events of up to 256 payloads (about 600 bytes each, with every
    /// debug level on, as an engine has it unless told otherwise: the worst case).
    /// </summary>
    public static long EngineBudget(int length) => DecodeBudget(length) + 4L * length + 256 * 1024;
}
