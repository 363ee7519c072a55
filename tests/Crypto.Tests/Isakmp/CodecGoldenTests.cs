using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Tests.Captures;

namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>The codec against what real clients sent (the interop kit's captures of vpnc and strongSwan).</summary>
public class CodecGoldenTests
{
    public static TheoryData<string> Captures => new(
        "vpnc-default.pcap", "vpnc-dh14.pcap", "vpnc-natt-none.pcap", "vpnc-idle-dpd.pcap", "strongswan-client.pcap", "strongswan-client-dh14.pcap");

    private static IEnumerable<CapturedDatagram> Ike(string capture) =>
        PcapReader.Udp(PcapReader.Fixture(capture)).Where(d => !d.Esp);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_clear_message_decodes_and_encodes_back_to_the_same_bytes(string capture)
    {
        var clear = 0;
        foreach (var datagram in Ike(capture))
        {
            Assert.True(IsakmpHeader.TryRead(datagram.Payload, out var header), $"frame {datagram.Frame}");
            Assert.Equal(datagram.Payload.Length, (int)header.Length);
            if (header.Encrypted) continue;
            clear++;
            Assert.True(IsakmpCodec.TryDecode(datagram.Payload, out var message, out var error), $"frame {datagram.Frame}: {error}");
            Assert.Equal(datagram.Payload, IsakmpEncoder.Encode(message!.Header, message.Payloads));
        }
        Assert.True(clear >= 2, "aggressive mode messages 1 and 2 are in clear");
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Encrypted_messages_carry_whole_cipher_blocks(string capture)
    {
        foreach (var datagram in Ike(capture))
        {
            IsakmpHeader.TryRead(datagram.Payload, out var header);
            if (header.Encrypted) Assert.Equal(0, (datagram.Payload.Length - IsakmpHeader.Size) % 8);
        }
    }

    [Fact]
    public void Vpnc_aggressive_mode_1_has_the_payloads_and_transforms_the_capture_shows()
    {
        var am1 = Ike("vpnc-default.pcap").First();
        Assert.True(IsakmpCodec.TryDecode(am1.Payload, out var message, out _));

        Assert.Equal(ExchangeType.Aggressive, message!.Header.Exchange);
        Assert.Equal(0x220b25a3440f508dUL, message.Header.InitiatorCookie);
        Assert.Equal("HDR + SA (1) + KE (4) + NONCE (10) + ID (5) + VENDOR (13) + VENDOR (13) + VENDOR (13) + VENDOR (13) + VENDOR (13)"
            + " + VENDOR (13) + VENDOR (13) + VENDOR (13) + VENDOR (13) + NONE (0)", message.PayloadSummary());

        var sa = message.First<SaPayload>()!;
        var proposal = Assert.Single(sa.Proposals);
        Assert.Equal(24, proposal.Transforms.Count);
        // vpnc sends KEY_LENGTH before ENCRYPTION: attributes keep their wire order.
        var first = proposal.Transforms[0];
        Assert.Equal([14, 1, 2, 4, 3, 11, 12], first.Attributes.Select(a => (int)a.Type));
        Assert.Equal(256UL, first.Attribute(14)!.Number);
        Assert.Equal(7UL, first.Attribute(1)!.Number);
        Assert.Equal(65001UL, first.Attribute(3)!.Number);
        Assert.Equal(2147483UL, first.Attribute(12)!.Number);
        Assert.False(first.Attribute(12)!.Short);

        Assert.Equal(128, message.First<KePayload>()!.Data.Length);
        Assert.Equal(20, message.First<DataPayload>()!.Data.Length);
        var id = message.First<IdPayload>()!;
        Assert.Equal(IdPayload.KeyId, id.IdType);
        Assert.Equal("EZ", System.Text.Encoding.ASCII.GetString(id.Data.Span));
    }
}
