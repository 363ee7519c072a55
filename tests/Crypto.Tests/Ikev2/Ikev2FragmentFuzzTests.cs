using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Ike;
using AsaEmu.Fuzzing;
using CsCheck;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// Property tests of IKEv2 reassembly (RFC 7383 §2.6) under hostile input, as <see cref="Ikev2DecoderFuzzTests"/>
/// does the decoder: a message's genuine fragments in any order, repeated, between forged fragments (bytes
/// flipped, or made up with any numbers) always reassemble into the message once the last distinct one
/// came, and nothing forged is ever kept; a peer with the keys sending fragments of any numbers and sizes
/// never makes an SA hold more than <see cref="Ikev2Reassembly.MaxMessageSize"/> per message, two messages.
/// 2,000 inputs per property in the test run; <c>FUZZ_ITERATIONS</c> for a long run.
/// </summary>
public class Ikev2FragmentFuzzTests
{
    private static long Iterations => FuzzIterations.Count(inTests: 2_000);

    /// <summary>What arrives: a genuine fragment (by index), one with an octet flipped, or one made up with any numbers and content.</summary>
    private abstract record Arrival;
    private sealed record Genuine(int Index) : Arrival;
    private sealed record Flipped(int Index, int Position) : Arrival;
    private sealed record MadeUp(bool Response, uint MessageId, ushort Number, ushort Total, byte[] Content) : Arrival;

    private static readonly Gen<Arrival> Arrivals = Gen.Frequency(
        (4, Gen.Int[0, 1_000].Select(i => (Arrival)new Genuine(i))),
        (2, Gen.Select(Gen.Int[0, 1_000], Gen.Int[0, 2_000], (i, p) => (Arrival)new Flipped(i, p))),
        (2, Gen.Select(Gen.Bool, Gen.UInt[0, 2], Gen.Int[1, 80], Gen.Byte.Array[0, 120], (r, id, total, content) =>
            (Arrival)new MadeUp(r, id, (ushort)(1 + content.Length % total), (ushort)total, content))));

    /// <summary>A message of vendor IDs of random sizes, the limit its fragments must fit, the cipher, a shuffle, and what else arrives.</summary>
    private static readonly Gen<(int[] Sizes, int Limit, bool Gcm, int Seed, Arrival[] Noise)> Cases =
        Gen.Select(Gen.Int[0, 500].Array[1, 6], Gen.Int[90, 700], Gen.Bool, Gen.Int, Arrivals.Array[0, 30]);

    private static Ikev2Opening? Deliver(Ikev2Reassembly reassembly, SkProtection protection, byte[] datagram, Ikev2FragmentStatistics statistics, out IReadOnlyList<Ikev2Payload>? payloads)
    {
        payloads = null;
        if (!Ikev2Codec.TryDecode(datagram, out var message, out _) || message!.Payloads is not [.., Ikev2EncryptedFragmentPayload]) return null;
        return reassembly.Add(protection, datagram, message, statistics, out payloads, out _);
    }

    [Fact]
    public void Genuine_fragments_among_forged_ones_reassemble_once_the_last_came_and_nothing_forged_is_kept() =>
        Cases.Sample(c =>
        {
            using var protection = Ikev2FragmentationTests.Protection(c.Gcm ? "gcm" : "cbc");
            var inner = c.Sizes.Select((size, i) => (Ikev2Payload)new Ikev2VendorIdPayload(Enumerable.Repeat((byte)i, size).ToArray())).ToArray();
            var header = Ikev2FragmentationTests.AuthHeader;
            var fragments = Ikev2Fragmenter.Seal(protection, header, inner, c.Limit, new SeededRandom(c.Seed));
            if (fragments.Count < 2) return;
            var expected = new byte[Ikev2Encoder.PayloadsLength(inner)];
            Ikev2Encoder.WritePayloads(inner, expected);

            // The noise, then every genuine fragment once more in a shuffled order: the message must complete.
            var order = new Random(c.Seed);
            var shuffled = Enumerable.Range(0, fragments.Count).OrderBy(_ => order.Next()).Select(i => (Arrival)new Genuine(i)).ToList();
            var reassembly = new Ikev2Reassembly();
            var statistics = new Ikev2FragmentStatistics();
            var seen = new HashSet<int>();
            foreach (var arrival in c.Noise.Concat(shuffled))
            {
                Ikev2Opening? opening;
                IReadOnlyList<Ikev2Payload>? payloads;
                switch (arrival)
                {
                    case Genuine g:
                        var index = g.Index % fragments.Count;
                        opening = Deliver(reassembly, protection, fragments[index], statistics, out payloads);
                        var first = seen.Add(index);
                        if (seen.Count == fragments.Count && first)
                        {
                            Assert.Equal(Ikev2Opening.Opened, opening);
                            var whole = new byte[Ikev2Encoder.PayloadsLength(payloads!)];
                            Ikev2Encoder.WritePayloads(payloads!, whole);
                            Assert.Equal(expected, whole);
                            Assert.Equal(0, reassembly.Held);
                            return;
                        }
                        Assert.Equal(first ? Ikev2Opening.Kept : Ikev2Opening.Dropped, opening);
                        break;
                    case Flipped f:
                        var copy = (byte[])fragments[f.Index % fragments.Count].Clone();
                        copy[f.Position % copy.Length] ^= (byte)(1 << (f.Position % 8));
                        opening = Deliver(reassembly, protection, copy, statistics, out _);
                        Assert.True(opening is null or Ikev2Opening.Dropped or Ikev2Opening.Failed, $"flipped: {opening}");
                        break;
                    case MadeUp m:
                        var made = Ikev2Encoder.Encode(header with { MessageId = m.MessageId, Flags = m.Response ? Ikev2Flags.Response : Ikev2Flags.Initiator },
                            [new Ikev2EncryptedFragmentPayload(Ikev2PayloadType.VendorId, m.Number, m.Total, m.Content)]);
                        opening = Deliver(reassembly, protection, made, statistics, out _);
                        Assert.True(opening is Ikev2Opening.Dropped or Ikev2Opening.Failed, $"made up: {opening}");
                        break;
                }
                Assert.True(reassembly.Held <= Ikev2Reassembly.MaxMessageSize);
            }
            Assert.Fail("the message never completed");
        }, iter: Iterations);

    /// <summary>A fragment a peer with the keys seals with any numbers: which message, how many, which one, how large.</summary>
    private static readonly Gen<(bool Response, uint MessageId, int Total, int Number, int Size)> Sealed =
        Gen.Select(Gen.Bool, Gen.UInt[0, 3], Gen.Int[1, 80], Gen.Int[1, 80], Gen.Int[0, 1_500], (r, id, total, number, size) => (r, id, total, 1 + (number - 1) % total, size));

    [Fact]
    public void A_peer_with_the_keys_never_makes_an_sa_hold_more_than_two_messages_of_the_bound() =>
        Gen.Select(Sealed.Array[1, 120], Gen.Int).Sample(c =>
        {
            using var protection = Ikev2FragmentationTests.Protection("gcm");
            var reassembly = new Ikev2Reassembly();
            var statistics = new Ikev2FragmentStatistics();
            var random = new SeededRandom(c.Item2);
            foreach (var f in c.Item1)
            {
                var header = Ikev2FragmentationTests.AuthHeader with { MessageId = f.MessageId, Flags = f.Response ? Ikev2Flags.Response : Ikev2Flags.Initiator };
                var datagram = protection.SealFragment(header, Ikev2PayloadType.VendorId, (ushort)f.Number, (ushort)f.Total, new byte[f.Size], random);
                var opening = Deliver(reassembly, protection, datagram, statistics, out _);
                Assert.NotNull(opening);
                if (f.Total > Ikev2Reassembly.MaxFragments) Assert.Equal(Ikev2Opening.Dropped, opening);
                Assert.True(reassembly.Held <= 2 * Ikev2Reassembly.MaxMessageSize, $"{reassembly.Held} octets held");
            }
        }, iter: Iterations);
}
