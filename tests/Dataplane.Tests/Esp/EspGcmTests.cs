using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

/// <summary>AES-GCM (RFC 4106) and AES-GMAC (RFC 4543) ESP packets, byte for byte, and what they refuse.</summary>
public class EspGcmTests
{
    // draft-mcgrew-gcm-test-01 §4, the cases with a 32-bit sequence number (no ESN): test cases 2, 3, 4, 7, 12.
    // key | salt (the first 4 octets of the nonce), SPI, sequence, IV (the nonce's last 8), plaintext
    // (payload, padding, pad length, next header), ciphertext | ICV.
    public static TheoryData<string, uint, uint, string, string, string> Rfc4106Packets => new()
    {
        { "feffe9928665731c6d6a8f9467308308" + "cafebabe", 0x0000a5f8, 0x0000000a, "facedbaddecaf888",
            "4500003e698f000080114dccc0a80102c0a801010a980035002a2343b2d001000001000000000000037369700963796265726369747902646b00000100010001",
            "deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d114d2a5c3de81827c10e9a4f51330d0eec416642cfbb85a5b47e48a4ec3b9ba95d918bd1"
            + "83b70d3aa8bc6ee4c309e9d85a41ad4a" },
        { "abbccddef00112233445566778899aababbccddef00112233445566778899aab" + "11223344", 0x4a2cbfe3, 0x00000002, "0102030405060708",
            "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0000000007002400020bf0000020405b40101040201020201",
            "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763748a637985771d347f0545659f14e99def842d8e"
            + "b335f4eecfdbf831824b4c4915956c96" },
        { "00000000000000000000000000000000" + "00000000", 0x00000000, 0x00000001, "0000000000000000",
            "4500003c99c500008001cb7a40679318010101010800075c020044006162636465666768696a6b6c6d6e6f707172737475767761626364656667686901020201",
            "4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284456476492719ffb64de7d9dca1e1d894bc3bd57873ed4d181d19d4d5c8c18af3"
            + "f821d496eeb096e98ad2b69e4799c71d" },
        { "feffe9928665731c6d6a8f9467308308feffe9928665731c" + "cafebabe", 0x0000a5f8, 0x0000000a, "facedbaddecaf888",
            "45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e501016d075680001",
            "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0315b27452144cc77"
            + "95457b9652037f5318027b5b4cd7a636" },
        { "7d773d00c144c525ac619d18c84a3f47" + "d9664267", 0x335467ae, 0xffffffff, "43457e9182443bc6",
            "01020201",
            "437f866b" + "cb3f699fe9b0822bac961c4504bef270" },
    };

    [Theory]
    [MemberData(nameof(Rfc4106Packets))]
    public void Seals_and_opens_the_draft_mcgrew_gcm_test_packets_byte_for_byte(string keyAndSalt, uint spi, uint sequence, string iv, string plaintext, string sealedText)
    {
        var header = $"{spi:x8}{sequence:x8}{iv}";
        using var sa = new EspSa(spi, EspCipher.Create(EspKeySizes.EspAesGcm16, Hex.Bytes(keyAndSalt)), EspIntegrity.None);
        var combined = Assert.IsType<GcmCipher>(sa.Cipher);

        var packet = Hex.Bytes(header + plaintext + new string('0', 32));
        var authenticated = packet.Length - GcmCipher.TagSize;
        combined.Seal(packet.AsSpan(0, authenticated), packet.AsSpan(authenticated));
        Assert.Equal(header + sealedText, Hex.Of(packet));

        var received = Hex.Bytes(header + sealedText);
        var result = EspCodec.Decapsulate(sa, new ReplayWindow(), received, 0, received.Length, out var payload);
        var clear = Hex.Bytes(plaintext);
        var padLength = clear[^2];
        Assert.Equal(clear[^1] == EspCodec.NextHeaderNone ? EspResult.Dummy : EspResult.Ok, result);
        Assert.Equal(Hex.Of(clear.AsSpan(0, clear.Length - 2 - padLength)), Hex.Of(received.AsSpan(payload.Offset, payload.Length)));
        Assert.Equal(clear[^1], payload.NextHeader);
        Assert.Equal(sequence, payload.Sequence);
    }

    // AES-GMAC packets computed by Vectors/gmac_vectors.py (pyca/cryptography), independently of AsaEmu:
    // key | salt, SPI, sequence, payload, next header, the whole packet.
    public static TheoryData<string, uint, uint, string, byte, string> Rfc4543Packets => new()
    {
        { "3de09874b388e6491988d0c3607eae1f57690e43", 0x42f67e3f, 0x10101010, "4500001c42a200008001441f406793b6e00000020a00f5ff", 4,
            "42f67e3f101010104e280000a2fca1a34500001c42a200008001441f406793b6e00000020a00f5ff0102020437d55393493ee55a9a6a0836a4e4cc55" },
        { "abbccddef00112233445566778899aababbccddef00112233445566778899aab11223344", 0x4a2cbfe3, 2,
            "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0000000007002400020bf0000020405b401010402", 4,
            "4a2cbfe30000000201020304050607084500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0000000007002400020bf0000020405b401010402010202040474311954c9fbb2a53613b92c4abb66" },
        { "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe", 0x0000a5f8, 10, "", 59,
            "0000a5f80000000afacedbaddecaf8880102023b242203f57b9137c4fbb4b576ff076a57" },
    };

    [Theory]
    [MemberData(nameof(Rfc4543Packets))]
    public void Gmac_packets_travel_in_clear_under_their_icv(string keyAndSalt, uint spi, uint sequence, string payloadHex, byte nextHeader, string packetHex)
    {
        using var sa = new EspSa(spi, EspCipher.Create(EspKeySizes.EspNullAuthAesGmac, Hex.Bytes(keyAndSalt)), EspIntegrity.None);
        var combined = (EspCombinedCipher)sa.Cipher;
        var packet = Hex.Bytes(packetHex);
        var authenticated = packet.Length - GcmCipher.TagSize;
        var resealed = (byte[])packet.Clone();
        combined.Seal(resealed.AsSpan(0, authenticated), resealed.AsSpan(authenticated));
        Assert.Equal(packetHex, Hex.Of(resealed));

        Assert.Equal(nextHeader == EspCodec.NextHeaderNone ? EspResult.Dummy : EspResult.Ok,
            EspCodec.Decapsulate(sa, new ReplayWindow(), packet, 0, packet.Length, out var payload));
        Assert.Equal(payloadHex, Hex.Of(packet.AsSpan(payload.Offset, payload.Length)));
        Assert.Equal(sequence, payload.Sequence);
    }

    [Theory]
    [InlineData(EspKeySizes.EspAesGcm16)]
    [InlineData(EspKeySizes.EspNullAuthAesGmac)]
    public void A_changed_byte_anywhere_is_a_bad_icv_and_the_window_does_not_move(byte transform)
    {
        var key = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        using var sender = new EspSa(0x1234, EspCipher.Create(transform, key), EspIntegrity.None);
        using var receiver = new EspSa(0x1234, EspCipher.Create(transform, key), EspIntegrity.None);
        var payload = Enumerable.Range(0, 61).Select(i => (byte)(i * 3)).ToArray();
        var sealedPacket = new byte[200];
        var length = EspCodec.Encapsulate(sender, 7, payload, EspCodec.NextHeaderIpv4, new FixedRandom(), sealedPacket, 0);
        Assert.Equal(EspCodec.EncapsulatedLength(sender, payload.Length), length);
        Assert.Equal(8 + 8 + 64 + 16, length);
        for (var i = 8; i < length; i++)
        {
            var copy = sealedPacket.AsSpan(0, length).ToArray();
            copy[i] ^= 0x01;
            var window = new ReplayWindow();
            Assert.Equal(EspResult.BadIcv, EspCodec.Decapsulate(receiver, window, copy, 0, length, out _));
            Assert.True(window.Check(7));
        }
    }

    [Fact]
    public void The_iv_is_a_counter_that_never_repeats_and_draws_no_random_bytes()
    {
        using var sa = new EspSa(1, EspCipher.Create(EspKeySizes.EspAesGcm16, new byte[36]), EspIntegrity.None);
        var random = new CountingRandom();
        var buffer = new byte[100];
        var ivs = new HashSet<string>();
        for (uint n = 1; n <= 3; n++)
        {
            EspCodec.Encapsulate(sa, n, [1, 2, 3], EspCodec.NextHeaderIpv4, random, buffer, 0);
            ivs.Add(Hex.Of(buffer.AsSpan(8, 8)));
        }
        Assert.Equal(["0000000000000001", "0000000000000002", "0000000000000003"], ivs);
        Assert.Equal(0, random.Calls);
    }

    [Fact]
    public void Installs_from_the_keymat_of_the_child_sa_and_an_ipsec_sa_counts_it_as_digested()
    {
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAesGcm16, 256, null));
        Assert.Equal(36, child.Keys.Inbound.EncryptionKey.Length);
        Assert.Empty(child.Keys.Inbound.IntegrityKey);
        using var ours = new IpsecSa(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        Assert.True(ours.ReplayDetection);
        var buffer = new byte[200];
        var length = peer.Encapsulate(new byte[40], new FixedRandom(), buffer, 0, out var sent);
        Assert.Equal(EspResult.Ok, sent);
        Assert.Equal(EspResult.Ok, ours.Decapsulate(buffer, 0, length, out _));
        Assert.Equal(1, ours.Counters.Snapshot().Verify);
        Assert.Equal(1, peer.Counters.Snapshot().Digest);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(33)]
    [InlineData(0)]
    public void A_key_that_is_not_an_aes_key_and_a_salt_is_refused(int length) =>
        Assert.Throws<ArgumentException>(() => new GcmCipher(new byte[length], authenticateOnly: false));

    private sealed class CountingRandom : IRandom
    {
        public int Calls { get; private set; }
        public void Fill(Span<byte> destination) => Calls++;
    }
}
