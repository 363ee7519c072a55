using CsCheck;

namespace AsaEmu.Fuzzing;

/// <summary>
/// Edits that turn a real packet or message into a near miss: overwrite a byte, insert one, remove
/// one, flip a bit, or cut the tail. Positions wrap around the length, so any drawn edit applies.
/// </summary>
internal static class FuzzMutations
{
    /// <summary>One edit: its kind, where, and the byte it writes (or the bit it flips).</summary>
    public static readonly Gen<(int Kind, int Position, byte Value)> Edit = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4095], Gen.Byte);

    /// <summary>A seed with 1-8 edits.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Edit.Array[1, 8], (seed, edits) => Apply(seeds[seed], edits));

    public static byte[] Apply(ReadOnlySpan<byte> original, IEnumerable<(int Kind, int Position, byte Value)> edits)
    {
        var bytes = new List<byte>(original.ToArray());
        foreach (var (kind, position, value) in edits)
        {
            if (bytes.Count == 0) break;
            var at = position % bytes.Count;
            switch (kind % 5)
            {
                case 0: bytes[at] = value; break;
                case 1: bytes.Insert(at, value); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes[at] ^= (byte)(1 << (value & 7)); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }
}
