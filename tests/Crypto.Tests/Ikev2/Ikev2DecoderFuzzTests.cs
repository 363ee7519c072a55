using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Tests.Isakmp;
using AsaEmu.Fuzzing;
using CsCheck;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// Property-based fuzz of the IKEv2 decoder, as <see cref="DecoderFuzzTests"/> does the ISAKMP one: real
/// shapes of message with bytes flipped, inserted, removed or cut (<see cref="FuzzMutations"/>), random
/// bytes, and chains of payloads whose counts and lengths are drawn at random never make the decoder
/// throw; it answers with a message or a <see cref="DecodeError"/>, within <see cref="Allocations.DecodeBudget"/>,
/// and what decodes encodes back to what decodes the same. 5,000 inputs per property in the test run;
/// <c>FUZZ_ITERATIONS</c> for a long run (README, "Test it").
/// </summary>
public class Ikev2DecoderFuzzTests
{
    private static readonly byte[][] Seeds = [Ikev2Messages.IkeSaInit, Ikev2Messages.IkeAuth(), Ikev2Messages.Fragment(), Ikev2Messages.Everything()];

    private static long Iterations => FuzzIterations.Count(inTests: 5_000);

    private static readonly Gen<byte[]> Mutated = FuzzMutations.Of(Seeds);

    private static readonly Gen<byte[]> Random = Gen.Byte.Array[0, 600];

    /// <summary>The payload types the decoder reads structure from, and any other.</summary>
    private static readonly Gen<byte> PayloadType = Gen.Frequency(
        (6, Gen.OneOf<byte>(33, 34, 35, 36, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 53)), (1, Gen.Byte));

    /// <summary>Bodies whose first octets are counts and sizes where the decoder decides.</summary>
    private static readonly Gen<byte[]> Body = Gen.Select(Gen.OneOf<byte>(0, 1, 2, 3, 4, 7, 8, 16, 255), Gen.OneOf<byte>(0, 1, 4, 8, 16, 255),
        Gen.Byte.Array[0, 60], (a, b, rest) => (byte[])[a, b, .. rest]);

    /// <summary>A message of a few payloads with honest generic headers and random bodies, a byte overwritten now and then.</summary>
    private static readonly Gen<byte[]> Structured = Gen.Select(Gen.Select(PayloadType, Body).Array[0, 8], Gen.Int[0, 1_000], Gen.Byte, (payloads, position, value) =>
    {
        var message = Ikev2Encoder.Encode(Ikev2Messages.Header(Ikev2Exchange.IkeSaInit),
            [.. payloads.Select(p => (Ikev2Payload)new Ikev2OpaquePayload((Ikev2PayloadType)p.Item1, p.Item2))]);
        if (position < message.Length) message[position] = value;
        return message;
    });

    private static void DecodesWithinBudget(byte[] bytes)
    {
        var decoded = false;
        Ikev2Message? message = null;
        DecodeError? error = null;
        var allocated = Allocations.Of(() => decoded = Ikev2Codec.TryDecode(bytes, out message, out error));
        Assert.True(decoded ? message is not null && error is null : message is null && error is not null);
        Allocations.AssertWithin(Allocations.DecodeBudget(bytes.Length), allocated, $"{bytes.Length} bytes");
    }

    public Ikev2DecoderFuzzTests() => Ikev2Codec.TryDecode(Seeds[0], out _, out _);

    [Fact]
    public void Mutated_messages_never_make_the_decoder_throw() =>
        Gen.Frequency((4, Mutated), (1, Random)).Sample(DecodesWithinBudget, iter: Iterations);

    [Fact]
    public void Messages_of_payloads_with_random_counts_and_lengths_never_make_the_decoder_throw() =>
        Structured.Sample(DecodesWithinBudget, iter: Iterations);

    [Fact]
    public void Arbitrary_plaintexts_of_an_sk_payload_never_make_the_decoder_throw() =>
        Gen.Select(PayloadType, Gen.Byte.Array[0, 300]).Sample(input =>
        {
            var decoded = Ikev2Codec.TryDecodePayloads((Ikev2PayloadType)input.Item1, input.Item2, outer: false, out var payloads, out var error);
            Assert.True(decoded ? payloads is not null : error is not null);
        }, iter: Iterations);

    [Fact]
    public void What_decodes_encodes_back_to_a_message_that_decodes_the_same() =>
        Gen.Frequency((1, Mutated), (1, Structured)).Sample(bytes =>
        {
            if (!Ikev2Codec.TryDecode(bytes, out var message, out _)) return;
            var again = Ikev2Encoder.Encode(message!.Header, message.Payloads);
            Assert.True(Ikev2Codec.TryDecode(again, out var reparsed, out var error), error?.ToString());
            Assert.Equal(Summary(message), Summary(reparsed!));
        }, iter: Iterations);

    private static string Summary(Ikev2Message message) => string.Join(",", message.Payloads.Select(p => $"{p.Type}{(p.Critical ? "!" : "")}:{p.Body.Length}"));
}
