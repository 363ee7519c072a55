using CsCheck;

namespace AsaEmu.Crypto.Tests;

/// <summary>The edits the decoders' fuzz applies to real messages.</summary>
public static class FuzzMutations
{
    /// <summary>A seed with 1-8 edits: overwrite, insert or delete a byte, or cut the tail.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, 3], Gen.Int[0, 4095], Gen.Byte).Array[1, 8], (seed, edits) =>
        {
            var bytes = new List<byte>(seeds[seed]);
            foreach (var (kind, position, value) in edits)
            {
                if (bytes.Count == 0) break;
                var at = position % bytes.Count;
                switch (kind)
                {
                    case 0: bytes[at] = value; break;
                    case 1: bytes.Insert(at, value); break;
                    case 2: bytes.RemoveAt(at); break;
                    default: bytes.RemoveRange(at, bytes.Count - at); break;
                }
            }
            return bytes.ToArray();
        });
}
