using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Tests.Captures;
using AsaEmu.Fuzzing;
using CsCheck;

namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>
/// Property-based fuzz of the ISAKMP decoder: real client messages with bytes flipped, inserted,
/// removed or cut, random bytes, and messages built of payloads whose counts and lengths are drawn
/// at random, never make the decoder throw; it answers with a message or a <see cref="DecodeError"/>,
/// and allocates within <see cref="Allocations.DecodeBudget"/> for each. The test run tries 5,000
/// inputs per property; the full run is its own command (README, "Test it").
/// </summary>
public class DecoderFuzzTests
{
    private static readonly byte[][] Seeds = new[] { "vpnc-default.pcap", "vpnc-natt-none.pcap", "strongswan-client.pcap", "vpnc-idle-dpd.pcap" }
        .SelectMany(c => PcapReader.Udp(PcapReader.Fixture(c)).Where(d => !d.Esp).Select(d => d.Payload))
        .ToArray();

    private static long Iterations => FuzzIterations.Count(inTests: 5_000);

    /// <summary>A seed message with 1-8 edits (<see cref="FuzzMutations"/>).</summary>
    private static readonly Gen<byte[]> Mutated = FuzzMutations.Of(Seeds);

    private static readonly Gen<byte[]> Random = Gen.Byte.Array[0, 600];

    /// <summary>Payload chains decoded as if decrypted: the header's first payload type over the body bytes.</summary>
    private static readonly Gen<(byte First, byte[] Body)> Chains = Gen.Select(Gen.Byte, Gen.Byte.Array[0, 300]);

    /// <summary>Counts and sizes where the decoder decides: small, at the edges of a byte and of 16 bits, or any.</summary>
    private static readonly Gen<int> Count = Gen.OneOf(Gen.OneOf(0, 1, 2, 3, 4, 16, 255, 256, 257, 65_535), Gen.Int[0, 40]);

    private static readonly Gen<byte> Protocol = Gen.OneOf(SecurityProtocols.Isakmp, SecurityProtocols.Ah, SecurityProtocols.Esp, SecurityProtocols.Ipcomp, (byte)0, (byte)200);

    private static readonly Gen<byte> SpiSize = Gen.OneOf<byte>(0, 1, 2, 4, 8, 16, 17, 255);

    /// <summary>A run of attributes, basic or variable, that may claim more bytes than follow.</summary>
    private static readonly Gen<byte[]> AttributeBytes = Gen.Select(Gen.Bool, Gen.UShort, Gen.Byte.Array[0, 8]).Array[0, 6]
        .Select(attributes => attributes.SelectMany(a => a.Item1
            ? new byte[] { (byte)(0x80 | a.Item2 >> 8), (byte)a.Item2, 0, 1 }
            : [(byte)(a.Item2 >> 9), (byte)a.Item2, (byte)(a.Item3.Length >> 8), (byte)a.Item3.Length, .. a.Item3]).ToArray());

    private static readonly Gen<byte[]> TransformBytes = AttributeBytes.Select(a => RawIsakmp.Transform(a));

    /// <summary>A proposal whose declared transform count and SPI size are drawn apart from what it carries.</summary>
    private static readonly Gen<byte[]> ProposalBytes = Gen.Select(Protocol, SpiSize, Count, TransformBytes.Array[0, 4], Gen.Bool,
        (protocol, spiSize, declared, transforms, honest) =>
            RawIsakmp.Proposal(protocol, spiSize, honest ? (byte)transforms.Length : (byte)declared, transforms));

    /// <summary>A payload body of a type drawn at random, built as its type has it with counts that may lie.</summary>
    private static readonly Gen<(PayloadType, byte[])> PayloadBytes = Gen.OneOf(
        ProposalBytes.Array[0, 3].Select(p => (PayloadType.SecurityAssociation, RawIsakmp.Sa(p))),
        Gen.Select(Protocol, SpiSize, Count, Gen.Int[0, 40], (protocol, size, count, bytes) => (PayloadType.Delete, RawIsakmp.Delete(protocol, size, count, bytes))),
        Gen.Select(Protocol, SpiSize, Gen.Int[0, 20], (protocol, size, data) => (PayloadType.Notification, RawIsakmp.Notify(protocol, size, data))),
        AttributeBytes.Select(a => (PayloadType.Attribute, RawIsakmp.Attributes(a))),
        Gen.Select(Gen.Byte.Select(b => (PayloadType)b), Gen.Byte.Array[0, 40]));

    /// <summary>A message of a few such payloads, or of about 256 (the most a message may have), with a byte overwritten now and then.</summary>
    private static readonly Gen<byte[]> Structured = Gen.Select(Gen.Frequency((20, PayloadBytes.Array[0, 8]), (1, PayloadBytes.Array[250, 260])), Gen.Int[0, 4_000], Gen.Byte, (payloads, position, value) =>
    {
        var message = payloads.Length == 0 ? RawIsakmp.Message(PayloadType.None, []) : RawIsakmp.Message(payloads[0].Item1, RawIsakmp.Chain(payloads));
        if (position < message.Length) message[position] = value;
        return message;
    });

    /// <summary>Decodes, checks the answer is one or the other, and that it cost no more than its budget.</summary>
    private static void DecodesWithinBudget(byte[] bytes)
    {
        var decoded = false;
        IsakmpMessage? message = null;
        DecodeError? error = null;
        var allocated = Allocations.Of(() => decoded = IsakmpCodec.TryDecode(bytes, out message, out error));
        Assert.True(decoded ? message is not null && error is null : message is null && error is not null);
        Allocations.AssertWithin(Allocations.DecodeBudget(bytes.Length), allocated, $"{bytes.Length} bytes");
    }

    public DecoderFuzzTests() => IsakmpCodec.TryDecode(Seeds[0], out _, out _);

    [Fact]
    public void Mutated_client_messages_never_make_the_decoder_throw()
    {
        Gen.Frequency((4, Mutated), (1, Random)).Sample(DecodesWithinBudget, iter: Iterations);
    }

    [Fact]
    public void Messages_of_payloads_with_random_counts_and_lengths_never_make_the_decoder_throw()
    {
        Structured.Sample(DecodesWithinBudget, iter: Iterations);
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
        Gen.Frequency((1, Mutated), (1, Structured)).Sample(bytes =>
        {
            if (!IsakmpCodec.TryDecode(bytes, out var message, out _)) return;
            var again = IsakmpEncoder.Encode(message!.Header, message.Payloads);
            Assert.True(IsakmpCodec.TryDecode(again, out var reparsed, out var error), error?.ToString());
            Assert.Equal(message.PayloadSummary(), reparsed!.PayloadSummary());
        }, iter: Iterations);
    }
}
