using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Tests.Captures;
using CsCheck;

namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>
/// Property-based fuzz of the ISAKMP decoder: real client messages with bytes flipped, inserted,
/// removed or cut, and random bytes, never make the decoder throw; it answers with a message or a
/// <see cref="DecodeError"/>. The test run does 20,000 inputs; the full run is
/// <c>ISAKMP_FUZZ_ITERATIONS=1000000 dotnet test tests/Crypto.Tests --filter FullyQualifiedName~DecoderFuzz</c>.
/// </summary>
public class DecoderFuzzTests
{
    private static readonly byte[][] Seeds = new[] { "vpnc-default.pcap", "vpnc-natt-none.pcap", "strongswan-client.pcap", "vpnc-idle-dpd.pcap" }
        .SelectMany(c => PcapReader.Udp(PcapReader.Fixture(c)).Where(d => !d.Esp).Select(d => d.Payload))
        .ToArray();

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("ISAKMP_FUZZ_ITERATIONS"), out var n) ? n : 20_000;

    /// <summary>A seed message with 1-8 edits: overwrite, insert, delete a byte, or cut the tail.</summary>
    private static readonly Gen<byte[]> Mutated = FuzzMutations.Of(Seeds);

    private static readonly Gen<byte[]> Random = Gen.Byte.Array[0, 600];

    /// <summary>Payload chains decoded as if decrypted: the header's first payload type over the body bytes.</summary>
    private static readonly Gen<(byte First, byte[] Body)> Chains = Gen.Select(Gen.Byte, Gen.Byte.Array[0, 300]);

    [Fact]
    public void Mutated_client_messages_never_make_the_decoder_throw()
    {
        Gen.Frequency((4, Mutated), (1, Random)).Sample(bytes =>
        {
            var decoded = IsakmpCodec.TryDecode(bytes, out var message, out var error);
            Assert.True(decoded ? message is not null && error is null : message is null && error is not null);
        }, iter: Iterations);
    }

    [Fact]
    public void Arbitrary_payload_chains_never_make_the_decoder_throw()
    {
        Chains.Sample(input =>
        {
            var decoded = IsakmpCodec.TryDecodePayloads((PayloadType)input.First, input.Body, out var payloads, out var error);
            Assert.True(decoded ? payloads is not null : error is not null);
        }, iter: Iterations);
    }

    [Fact]
    public void What_decodes_encodes_back_to_a_message_that_decodes_the_same()
    {
        Mutated.Sample(bytes =>
        {
            if (!IsakmpCodec.TryDecode(bytes, out var message, out _) || message!.Payloads.Any(p => p is SaPayload { Proposals.Count: 0 })) return;
            var again = IsakmpEncoder.Encode(message.Header, message.Payloads);
            Assert.True(IsakmpCodec.TryDecode(again, out var reparsed, out var error), error?.ToString());
            Assert.Equal(message.PayloadSummary(), reparsed!.PayloadSummary());
        }, iter: Iterations / 4);
    }
}
