using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>The SK payload, and its fragments (SKF), sealed and opened against messages sealed by <c>sk_vectors.py</c> (pyca/cryptography, beside this file).</summary>
public class SkProtectionTests
{
    private const string CbcMessage = "010203040506070811121314151617182e202508000000020000005029000034a0a1a2a3a4a5a6a7a8a9aaabacadaeaf277929102579a87317220aa4b3a981169f56d3f6ff9228ffd2b35722e130cf1a";
    private const string GcmMessage = "010203040506070811121314151617182e202508000000020000004129000025000000000000000188929a8c69e66c217cb9baf58246e78247d5ec067df7b3b0fa";

    private static readonly Ikev2Header Header = new(0x0102030405060708, 0x1112131415161718, Ikev2PayloadType.None, Ikev2Header.Version2,
        Ikev2Exchange.Informational, Ikev2Flags.Initiator, 2, 0);

    private static readonly Ikev2Payload[] Inner = [new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.InitialContact, default)];

    private static SkProtection Cbc() => SkProtection.Create(TransformIds.EncrAesCbc, 128, TransformIds.AuthHmacSha256_128,
        Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), Enumerable.Range(32, 32).Select(i => (byte)i).ToArray())!;

    private static SkProtection Gcm() => SkProtection.Create(TransformIds.EncrAesGcm16, 256, TransformIds.AuthNone,
        [.. Enumerable.Range(0, 32).Select(i => (byte)i), 0xca, 0xfe, 0xba, 0xbe], [])!;

    public static TheoryData<string, string, string> Messages => new() { { "cbc", CbcMessage, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf" }, { "gcm", GcmMessage, "0000000000000001" } };

    private static SkProtection For(string kind) => kind == "cbc" ? Cbc() : Gcm();

    [Theory]
    [MemberData(nameof(Messages))]
    public void Seals_the_known_message_byte_for_byte(string kind, string expected, string iv)
    {
        using var protection = For(kind);
        var sealedMessage = protection.Seal(Header, Inner, new GivenBytes(Convert.FromHexString(iv)));
        Assert.Equal(expected, Convert.ToHexStringLower(sealedMessage));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Opens_the_known_message_and_refuses_it_with_any_octet_changed(string kind, string hex, string iv)
    {
        _ = iv;
        using var protection = For(kind);
        var bytes = Convert.FromHexString(hex);
        Assert.True(Ikev2Codec.TryDecode(bytes, out var message, out var error), error?.ToString());
        Assert.True(protection.TryOpen(bytes, message!, out var inner, out error), error?.ToString());
        var notify = Assert.IsType<Ikev2NotifyPayload>(Assert.Single(inner!));
        Assert.Equal(Ikev2NotifyTypes.InitialContact, notify.NotifyType);

        for (var i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x40;
            if (!Ikev2Codec.TryDecode(copy, out var changed, out _)) continue;
            Assert.False(protection.TryOpen(copy, changed!, out _, out error), $"octet {i}");
        }
    }

    [Fact]
    public void Every_payload_travels_inside_and_a_wrong_key_is_an_icv_mismatch()
    {
        foreach (var kind in new[] { "cbc", "gcm" })
        {
            using var protection = For(kind);
            var sealedMessage = protection.Seal(Header with { Exchange = Ikev2Exchange.IkeAuth }, Ikev2Messages.EveryPayload(), new AsaEmu.Crypto.Tests.Ike.SeededRandom(7));
            Assert.True(Ikev2Codec.TryDecode(sealedMessage, out var message, out var error), error?.ToString());
            Assert.True(protection.TryOpen(sealedMessage, message!, out var inner, out error), error?.ToString());
            Assert.Equal(Ikev2Messages.EveryPayload().Select(p => p.Type), inner!.Select(p => p.Type));

            using var other = SkProtection.Create(kind == "cbc" ? TransformIds.EncrAesCbc : TransformIds.EncrAesGcm16, kind == "cbc" ? 128 : 256,
                kind == "cbc" ? TransformIds.AuthHmacSha256_128 : TransformIds.AuthNone, new byte[kind == "cbc" ? 16 : 36], new byte[kind == "cbc" ? 32 : 0])!;
            Assert.False(other.TryOpen(sealedMessage, message!, out _, out error));
            Assert.Equal("ICV mismatch", error!.Reason);
        }
    }

    /// <summary>The same message as two fragments (RFC 7383 §2.5) from <c>sk_vectors.py</c>: the Notify's first 5 octets, then its last 3.</summary>
    public static TheoryData<string, string, string, string, string> Fragments => new()
    {
        { "cbc", "010203040506070811121314151617183520250800000002000000542900003800010002a0a1a2a3a4a5a6a7a8a9aaabacadaeaf4a2b9db237469f6c96d7a66e5bea19cb3f0853f80443a72583ab2c35d51d83d6",
            "010203040506070811121314151617183520250800000002000000540000003800020002b0b1b2b3b4b5b6b7b8b9babbbcbdbebfbfa6c19ca12b987d524403c3ef784d70ce431f311ecf1431293ccc26fc1e8f26",
            "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf" },
        { "gcm", "010203040506070811121314151617183520250800000002000000422900002600010002000000000000000188929a8c69e630771ed6d9e7fa34ac9ab4431d8dcea5",
            "01020304050607081112131415161718352025080000000200000040000000240002000200000000000000020351062e8139ea40dca7740add0c5e8cc11ebfef",
            "0000000000000001", "0000000000000002" },
    };

    [Theory]
    [MemberData(nameof(Fragments))]
    public void Seals_the_known_fragments_byte_for_byte_and_reassembles_them_into_the_message(string kind, string first, string second, string iv1, string iv2)
    {
        using var protection = For(kind);
        var inner = new byte[Ikev2Encoder.PayloadsLength(Inner)];
        Ikev2Encoder.WritePayloads(Inner, inner);

        Assert.Equal(first, Convert.ToHexStringLower(protection.SealFragment(Header, Ikev2PayloadType.Notify, 1, 2, inner.AsSpan(0, 5), new GivenBytes(Convert.FromHexString(iv1)))));
        Assert.Equal(second, Convert.ToHexStringLower(protection.SealFragment(Header, Ikev2PayloadType.Notify, 2, 2, inner.AsSpan(5), new GivenBytes(Convert.FromHexString(iv2)))));

        var reassembly = new Ikev2Reassembly();
        var statistics = new Ikev2FragmentStatistics();
        IReadOnlyList<Ikev2Payload>? payloads = null;
        foreach (var hex in new[] { second, first })
        {
            var bytes = Convert.FromHexString(hex);
            Assert.True(Ikev2Codec.TryDecode(bytes, out var message, out var error), error?.ToString());
            reassembly.Add(protection, bytes, message!, statistics, out payloads, out _);
        }
        var notify = Assert.IsType<Ikev2NotifyPayload>(Assert.Single(payloads!));
        Assert.Equal(Ikev2NotifyTypes.InitialContact, notify.NotifyType);
    }

    [Fact]
    public void Unknown_pairs_and_wrong_key_lengths_are_refused()
    {
        Assert.Null(SkProtection.Create(TransformIds.EncrAesGcm16, 128, TransformIds.AuthHmacSha1_96, new byte[20], new byte[20]));
        Assert.Null(SkProtection.Create(TransformIds.EncrAesCbc, 128, TransformIds.AuthNone, new byte[16], []));
        Assert.Null(SkProtection.Create(TransformIds.EncrAesCbc, 256, TransformIds.AuthHmacSha1_96, new byte[16], new byte[20]));
        Assert.Null(SkProtection.Create(TransformIds.Encr3Des, null, TransformIds.AuthHmacSha1_96, new byte[24], new byte[20]));
    }

    private sealed class GivenBytes(byte[] bytes) : IRandom
    {
        public void Fill(Span<byte> destination) => bytes.AsSpan(0, destination.Length).CopyTo(destination);
    }
}
