using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ikev2;

public class Ikev2CodecTests
{
    [Fact]
    public void Decodes_an_ike_sa_init_written_out_from_the_rfc_and_encodes_it_back_byte_for_byte()
    {
        var bytes = Ikev2Messages.IkeSaInit;
        Assert.True(Ikev2Codec.TryDecode(bytes, out var message, out var error), error?.ToString());
        var header = message!.Header;
        Assert.Equal((0x0102030405060708UL, 0UL, Ikev2Exchange.IkeSaInit, Ikev2Flags.Initiator, 0u, 136u),
            (header.SpiI, header.SpiR, header.Exchange, header.Flags, header.MessageId, header.Length));
        Assert.Equal([Ikev2PayloadType.SecurityAssociation, Ikev2PayloadType.KeyExchange, Ikev2PayloadType.Nonce, Ikev2PayloadType.Notify],
            message.Payloads.Select(p => p.Type));

        var proposal = Assert.Single(message.Find<Ikev2SaPayload>()!.Proposals);
        Assert.Equal((1, Ikev2Protocols.Ike, 0), (proposal.Number, proposal.ProtocolId, proposal.Spi.Length));
        Assert.Equal(
            [(TransformType.Encryption, TransformIds.EncrAesCbc, (int?)256), (TransformType.Prf, TransformIds.PrfHmacSha256, null),
             (TransformType.Integrity, TransformIds.AuthHmacSha256_128, null), (TransformType.DiffieHellman, (ushort)14, null)],
            proposal.Transforms.Select(t => (t.Type, t.Id, t.KeyBits)));
        var ke = message.Find<Ikev2KePayload>()!;
        Assert.Equal((14, "aabbccdd"), (ke.Group, Convert.ToHexStringLower(ke.Data.Span)));
        Assert.Equal(16, message.Find<Ikev2NoncePayload>()!.Data.Length);
        var notify = message.Find<Ikev2NotifyPayload>()!;
        Assert.Equal((Ikev2NotifyTypes.NatDetectionSourceIp, 0, 20), (notify.NotifyType, notify.Spi.Length, notify.Data.Length));
        Assert.Equal("000e0000aabbccdd", Convert.ToHexStringLower(ke.Body.Span));

        Assert.Equal(Ikev2Messages.IkeSaInitHex, Convert.ToHexStringLower(Ikev2Encoder.Encode(header, message.Payloads)));
    }

    [Fact]
    public void Every_payload_round_trips()
    {
        var bytes = Ikev2Messages.Everything();
        Assert.True(Ikev2Codec.TryDecode(bytes, out var message, out var error), error?.ToString());
        var built = Ikev2Messages.EveryPayload();
        Assert.Equal(built.Select(p => p.Type), message!.Payloads.Select(p => p.Type));
        Assert.Equal(bytes, Ikev2Encoder.Encode(message.Header, message.Payloads));

        var ts = (Ikev2TsPayload)message.Payloads.Single(p => p.Type == Ikev2PayloadType.TsResponder);
        Assert.Equal([(TsTypes.Ipv4AddrRange, (byte)6, (ushort)443, (ushort)443, 4), (TsTypes.Ipv6AddrRange, (byte)17, (ushort)0, (ushort)65535, 16)],
            ts.Selectors.Select(s => (s.TsType, s.IpProtocol, s.StartPort, s.EndPort, s.StartAddress.Length)));
        var delete = message.Payloads.OfType<Ikev2DeletePayload>().First();
        Assert.Equal(2, delete.SpiCount);
        var unknown = message.Payloads[^1];
        Assert.True(unknown.Critical);
        Assert.False(message.Payloads[0].Critical);
        var sa = (Ikev2SaPayload)message.Payloads[0];
        Assert.Equal("c0ffee02", Convert.ToHexStringLower(sa.Proposals[1].Spi.Span));
    }

    [Fact]
    public void An_sk_payload_ends_the_chain_and_names_the_first_payload_inside_it()
    {
        var bytes = Ikev2Messages.IkeAuth();
        Assert.Equal((byte)Ikev2PayloadType.Encrypted, bytes[16]);
        Assert.Equal((byte)Ikev2PayloadType.IdInitiator, bytes[28]); // the SK's Next Payload
        Assert.True(Ikev2Codec.TryDecode(bytes, out var message, out var error), error?.ToString());
        var sk = Assert.IsType<Ikev2EncryptedPayload>(Assert.Single(message!.Payloads));
        Assert.Equal((Ikev2PayloadType.IdInitiator, 96), (sk.FirstInner, sk.Content.Length));
        Assert.Equal(bytes, Ikev2Encoder.Encode(message.Header, message.Payloads));

        Assert.True(Ikev2Codec.TryDecode(Ikev2Messages.Fragment(), out var fragment, out error), error?.ToString());
        var skf = Assert.IsType<Ikev2EncryptedFragmentPayload>(Assert.Single(fragment!.Payloads));
        Assert.Equal((Ikev2PayloadType.IdInitiator, (ushort)1, (ushort)3, 48), (skf.FirstInner, skf.FragmentNumber, skf.TotalFragments, skf.Content.Length));
    }

    [Fact]
    public void The_plaintext_of_an_sk_payload_decodes_as_a_chain_without_another_sk()
    {
        var inner = new Ikev2Payload[] { new Ikev2IdPayload(true, Ikev2IdTypes.KeyId, "grp"u8.ToArray()), new Ikev2AuthPayload(2, new byte[20]) };
        var plain = new byte[Ikev2Encoder.PayloadsLength(inner)];
        Ikev2Encoder.WritePayloads(inner, plain);
        Assert.True(Ikev2Codec.TryDecodePayloads(Ikev2PayloadType.IdInitiator, plain, outer: false, out var payloads, out var error), error?.ToString());
        Assert.Equal([Ikev2PayloadType.IdInitiator, Ikev2PayloadType.Authentication], payloads!.Select(p => p.Type));

        var nested = new byte[Ikev2Encoder.PayloadsLength([new Ikev2EncryptedPayload(Ikev2PayloadType.Nonce, new byte[8])])];
        Ikev2Encoder.WritePayloads([new Ikev2EncryptedPayload(Ikev2PayloadType.Nonce, new byte[8])], nested);
        Assert.False(Ikev2Codec.TryDecodePayloads(Ikev2PayloadType.Encrypted, nested, outer: false, out _, out error));
        Assert.Contains("inside an encrypted payload", error!.Reason);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "short header", Ikev2Messages.IkeSaInitHex[..40], "shorter than the IKEv2 header" },
        { "length past the datagram", Ikev2Messages.IkeSaInitHex[..48] + "00000089" + Ikev2Messages.IkeSaInitHex[56..], "does not fit" },
        { "payload length past the message", Ikev2Messages.IkeSaInitHex[..60] + "ffff" + Ikev2Messages.IkeSaInitHex[64..], "out of bounds" },
        { "a transform count that lies", Ikev2Messages.IkeSaInitHex[..78] + "05" + Ikev2Messages.IkeSaInitHex[80..], "5 transforms declared, 4 present" },
        { "a proposal marked as followed by another", Ikev2Messages.IkeSaInitHex[..64] + "02" + Ikev2Messages.IkeSaInitHex[66..], "proposal marked 2" },
        { "bytes after the SK payload", Convert.ToHexStringLower(WithTrailingPayloadAfterSk()), "bytes after the last payload" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_messages_are_errors_that_say_why(string what, string hex, string reason)
    {
        Assert.False(Ikev2Codec.TryDecode(Convert.FromHexString(hex), out var message, out var error), what);
        Assert.Null(message);
        Assert.Contains(reason, error!.Reason);
    }

    public static TheoryData<string, byte, byte[]> MalformedBodies => new()
    {
        { "TS declaring 2 selectors with one", (byte)Ikev2PayloadType.TsInitiator, [2, 0, 0, 0, 7, 0, 0, 16, 0, 0, 255, 255, 10, 0, 0, 0, 10, 0, 0, 255] },
        { "TS selector of an IPv6 type and IPv4 length", (byte)Ikev2PayloadType.TsInitiator, [1, 0, 0, 0, 8, 0, 0, 16, 0, 0, 255, 255, 10, 0, 0, 0, 10, 0, 0, 255] },
        { "Delete counting 65,535 ESP SPIs with one", (byte)Ikev2PayloadType.Delete, [3, 4, 255, 255, 1, 2, 3, 4] },
        { "Delete of the IKE SA with an SPI", (byte)Ikev2PayloadType.Delete, [1, 8, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8] },
        { "Notify with a 255-octet SPI", (byte)Ikev2PayloadType.Notify, [3, 255, 0, 11] },
        { "KE without its group", (byte)Ikev2PayloadType.KeyExchange, [0, 14] },
        { "Fragment 4 of 3", (byte)Ikev2PayloadType.EncryptedFragment, [0, 4, 0, 3] },
        { "Transform attribute past its transform", (byte)Ikev2PayloadType.SecurityAssociation,
            [0, 0, 0, 20, 1, 1, 0, 1, 0, 0, 0, 12, 1, 0, 0, 12, 0x00, 0x0e, 0x00, 0x09] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Malformed_payload_bodies_are_errors(string what, byte type, byte[] body)
    {
        var message = Ikev2Encoder.Encode(Ikev2Messages.Header(Ikev2Exchange.Informational), [new Ikev2OpaquePayload((Ikev2PayloadType)type, body)]);
        Assert.False(Ikev2Codec.TryDecode(message, out _, out var error), what);
        Assert.StartsWith("malformed", error!.Reason);
        Assert.Equal(Ikev2Header.Size, error.Offset);
    }

    private static byte[] WithTrailingPayloadAfterSk()
    {
        var sk = Ikev2Messages.IkeAuth();
        var longer = new byte[sk.Length + 4];
        sk.CopyTo(longer, 0);
        longer[27] = (byte)longer.Length;
        longer[sk.Length + 3] = 4;
        return longer;
    }
}
