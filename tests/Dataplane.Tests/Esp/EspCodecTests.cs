using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

public class EspCodecTests
{
    // RFC 3602 §4 cases 5-8: ESP packets with AES-128-CBC and no integrity (5, 6 transport mode, 7, 8 tunnel mode).
    public static TheoryData<string, uint, uint, string, string, byte, string> Rfc3602Packets => new()
    {
        { "90d382b410eeba7ad938c46cec1a82bf", 0x4321, 1, "e96e8c08ab465763fd098d45dd3ff893",
            "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637", 1,
            "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6" },
        { "90d382b410eeba7ad938c46cec1a82bf", 0x4321, 8, "69d08df7d203329db093fc4924e5bd80",
            "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777", 1,
            "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75" },
        { "0123456789abcdef0123456789abcdef", 0x8765, 2, "f4e765244f6407adf13dc1380f673f37",
            "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637", 4,
            "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d" },
        { "0123456789abcdef0123456789abcdef", 0x8765, 5, "85d47224b5f3dd5d2101d4ea8dffab22",
            "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 4,
            "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892" },
    };

    [Theory]
    [MemberData(nameof(Rfc3602Packets))]
    public void Encapsulates_and_decapsulates_the_rfc3602_packets_byte_for_byte(string key, uint spi, uint sequence, string iv, string payload, byte nextHeader, string packet)
    {
        using var sa = new EspSa(spi, EspCipher.Create(EspKeySizes.EspAes, Hex.Bytes(key)), EspIntegrity.None);
        var buffer = new byte[300];
        var length = EspCodec.Encapsulate(sa, sequence, Hex.Bytes(payload), nextHeader, new FixedRandom(Hex.Bytes(iv)), buffer, 3);
        Assert.Equal(packet, Hex.Of(buffer.AsSpan(3, length)));
        Assert.Equal(length, EspCodec.EncapsulatedLength(sa, Hex.Bytes(payload).Length));

        var received = Hex.Bytes(packet);
        Assert.Equal(EspResult.Ok, EspCodec.Decapsulate(sa, new ReplayWindow(), received, 0, received.Length, out var result));
        Assert.Equal(payload, Hex.Of(received.AsSpan(result.Offset, result.Length)));
        Assert.Equal(nextHeader, result.NextHeader);
        Assert.Equal(sequence, result.Sequence);
    }

    [Theory]
    [MemberData(nameof(TestSas.Transforms), MemberType = typeof(TestSas))]
    public void Every_transform_round_trips_every_length(byte id, int? bits, ushort? auth)
    {
        var child = TestSas.Child(transform: TestSas.Transform(id, bits, auth));
        using var sender = EspSa.Create(child.Transform, child.Keys.Outbound);
        using var receiver = EspSa.Create(child.Transform, child.Keys.Outbound);
        var window = new ReplayWindow();
        var random = new FixedRandom();
        var buffer = new byte[2000];
        for (var n = 0; n <= 1500; n += n < 40 ? 1 : 97)
        {
            var payload = Enumerable.Range(0, n).Select(i => (byte)(i * 31 + n)).ToArray();
            var length = EspCodec.Encapsulate(sender, (uint)n + 1, payload, EspCodec.NextHeaderIpv4, random, buffer, 0);
            Assert.Equal(0, (length - EspCodec.HeaderSize - sender.Cipher.IvSize - sender.IcvSize) % sender.Alignment);
            Assert.Equal(EspResult.Ok, EspCodec.Decapsulate(receiver, window, buffer, 0, length, out var result));
            Assert.Equal(payload, buffer.AsSpan(result.Offset, result.Length).ToArray());
            Assert.Equal(EspCodec.NextHeaderIpv4, result.NextHeader);
        }
    }

    [Fact]
    public void Padding_is_one_two_three_up_to_the_block()
    {
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspNull, null, EspKeySizes.HmacSha1));
        using var sa = EspSa.Create(child.Transform, child.Keys.Outbound);
        var buffer = new byte[100];
        // NULL: no IV; payload + 1,2,3... + pad length + next header aligned to 4 bytes, then 12 bytes of ICV.
        var length = EspCodec.Encapsulate(sa, 1, [0xAA], 4, new FixedRandom(), buffer, 0);
        Assert.Equal("aa010104", Hex.Of(buffer.AsSpan(8, 4)));
        Assert.Equal(8 + 4 + 12, length);
        length = EspCodec.Encapsulate(sa, 2, [0xAA, 0xBB, 0xCC, 0xDD, 0xEE], 4, new FixedRandom(), buffer, 0);
        Assert.Equal("aabbccddee010104", Hex.Of(buffer.AsSpan(8, 8)));
        length = EspCodec.Encapsulate(sa, 3, [], 4, new FixedRandom(), buffer, 0);
        Assert.Equal("01020204", Hex.Of(buffer.AsSpan(8, 4)));
    }

    private static (EspSa Sender, EspSa Receiver, byte[] Packet, int Length) Packet(int payloadLength = 84, uint sequence = 1, ushort? auth = EspKeySizes.HmacSha1, byte nextHeader = 4)
    {
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAes, 128, auth));
        var sender = EspSa.Create(child.Transform, child.Keys.Outbound);
        var receiver = EspSa.Create(child.Transform, child.Keys.Outbound);
        var buffer = new byte[200];
        var length = EspCodec.Encapsulate(sender, sequence, new byte[payloadLength], nextHeader, new FixedRandom(), buffer, 0);
        return (sender, receiver, buffer, length);
    }

    [Fact]
    public void A_flipped_bit_anywhere_fails_the_icv_and_does_not_move_the_window()
    {
        var (_, receiver, packet, length) = Packet();
        var window = new ReplayWindow();
        for (var i = 4; i < length; i++)
        {
            var copy = (byte[])packet.Clone();
            copy[i] ^= 0x10;
            Assert.Equal(EspResult.BadIcv, EspCodec.Decapsulate(receiver, window, copy, 0, length, out _));
        }
        Assert.Equal(0u, window.Highest);
        Assert.Equal(EspResult.Ok, EspCodec.Decapsulate(receiver, window, packet, 0, length, out _));
    }

    [Fact]
    public void Bad_padding_is_refused()
    {
        // A sender that pads wrongly (the ICV is valid: the peer computed it over its bad padding).
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1));
        using var sender = EspSa.Create(child.Transform, child.Keys.Outbound);
        using var receiver = EspSa.Create(child.Transform, child.Keys.Outbound);
        // Build a packet whose plaintext trailer says pad length 3 but pads with zeros: encrypt it by hand.
        var buffer = new byte[100];
        var clear = new byte[32];
        clear[^2] = 3; // pad length 3, padding bytes 0,0,0 instead of 1,2,3
        clear[^1] = 4;
        var length = EspCodec.Encapsulate(sender, 1, clear.AsSpan(0, 30), 4, new FixedRandom(), buffer, 0);
        // Re-encrypt the 32-byte block pair with the bogus trailer and recompute the ICV.
        var iv = buffer.AsSpan(8, 16).ToArray();
        clear.CopyTo(buffer, 24);
        sender.Cipher.Encrypt(iv, buffer, 24, 32);
        sender.Integrity.Compute(buffer.AsSpan(0, 56), buffer.AsSpan(56, 12));
        Assert.Equal(68, length);
        Assert.Equal(EspResult.BadPadding, EspCodec.Decapsulate(receiver, null, buffer, 0, 68, out _));

        clear[^2] = 40; // longer than the ciphertext
        clear.CopyTo(buffer, 24);
        sender.Cipher.Encrypt(iv, buffer, 24, 32);
        sender.Integrity.Compute(buffer.AsSpan(0, 56), buffer.AsSpan(56, 12));
        Assert.Equal(EspResult.BadPadding, EspCodec.Decapsulate(receiver, null, buffer, 0, 68, out _));
    }

    [Fact]
    public void Truncated_packets_are_malformed_not_exceptions()
    {
        var (_, receiver, packet, length) = Packet();
        for (var n = 0; n < length; n++)
        {
            var result = EspCodec.Decapsulate(receiver, new ReplayWindow(), packet, 0, n, out _);
            Assert.True(result is EspResult.Malformed or EspResult.BadIcv, $"{n}: {result}");
        }
        Assert.Equal(EspResult.Malformed, EspCodec.Decapsulate(receiver, null, packet, 150, 100, out _));
    }

    [Fact]
    public void Dummy_packets_are_recognised()
    {
        var (_, receiver, packet, length) = Packet(nextHeader: EspCodec.NextHeaderNone);
        Assert.Equal(EspResult.Dummy, EspCodec.Decapsulate(receiver, null, packet, 0, length, out _));
    }

    [Fact]
    public void Replays_are_refused_before_the_icv()
    {
        var (_, receiver, packet, length) = Packet(sequence: 5);
        var window = new ReplayWindow();
        var copy = (byte[])packet.Clone();
        Assert.Equal(EspResult.Ok, EspCodec.Decapsulate(receiver, window, packet, 0, length, out _));
        Assert.Equal(EspResult.Replay, EspCodec.Decapsulate(receiver, window, copy, 0, length, out _));
    }

    [Fact]
    public void Wrong_spi_is_refused()
    {
        var (_, receiver, packet, length) = Packet();
        packet[3] ^= 1;
        Assert.Equal(EspResult.WrongSpi, EspCodec.Decapsulate(receiver, null, packet, 0, length, out _));
    }

    [Fact]
    public void A_packet_allocates_nothing()
    {
        var child = TestSas.Child();
        using var ours = new IpsecSa(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var random = Crypto.Keying.SystemRandom.Instance;
        var inner = new byte[1400];
        var buffer = new byte[1600];
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var length = ours.Encapsulate(inner, random, buffer, 0, out _);
                if (peer.Decapsulate(buffer, 0, length, out _) != EspResult.Ok) throw new InvalidOperationException();
            }
        }
        Run(2000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(10_000);
        var perPacket = (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000.0;
        Assert.True(perPacket < 1, $"{perPacket} bytes allocated per packet");
        Assert.Equal(12_000, peer.Counters.Snapshot().Decaps);
    }
}
