using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>IKEv2 messages for the codec's tests: one written out byte by byte from RFC 7296 §3, others built of every payload.</summary>
internal static class Ikev2Messages
{
    /// <summary>
    /// An IKE_SA_INIT request written out by hand from §3's diagrams, not by the encoder:
    /// SA (one IKE proposal: AES-CBC-256, PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128, group 14), KE, Ni,
    /// N(NAT_DETECTION_SOURCE_IP).
    /// </summary>
    public const string IkeSaInitHex =
        "0102030405060708" + "0000000000000000" + "21" + "20" + "22" + "08" + "00000000" + "00000088" // header, 136 octets
        + "22" + "00" + "0030"                                                      // SA, next KE, 48 octets
        + "00" + "00" + "002c" + "01" + "01" + "00" + "04"                          //   last proposal, 44 octets: #1, IKE, no SPI, 4 transforms
        + "03" + "00" + "000c" + "01" + "00" + "000c" + "800e0100"                  //     ENCR_AES_CBC, Key Length 256
        + "03" + "00" + "0008" + "02" + "00" + "0005"                               //     PRF_HMAC_SHA2_256
        + "03" + "00" + "0008" + "03" + "00" + "000c"                               //     AUTH_HMAC_SHA2_256_128
        + "00" + "00" + "0008" + "04" + "00" + "000e"                               //     DH group 14
        + "28" + "00" + "000c" + "000e" + "0000" + "aabbccdd"                       // KE, next Nonce: group 14
        + "29" + "00" + "0014" + "000102030405060708090a0b0c0d0e0f"                 // Ni, next N
        + "00" + "00" + "001c" + "00" + "00" + "4004" + "1111111111111111111111111111111111111111"; // N(NAT_DETECTION_SOURCE_IP)

    public static byte[] IkeSaInit => Convert.FromHexString(IkeSaInitHex);

    public static Ikev2Header Header(Ikev2Exchange exchange, uint messageId = 0, Ikev2Flags flags = Ikev2Flags.Initiator) =>
        new(0x0102030405060708, 0x1112131415161718, Ikev2PayloadType.None, Ikev2Header.Version2, exchange, flags, messageId, 0);

    /// <summary>Every payload the codec knows, as an IKE_AUTH's plaintext carries most of them.</summary>
    public static Ikev2Payload[] EveryPayload() =>
    [
        new Ikev2SaPayload([new Ikev2Proposal(1, Ikev2Protocols.Esp, new byte[] { 0xc0, 0xff, 0xee, 0x01 },
            [
                new Ikev2Transform(TransformType.Encryption, TransformIds.EncrAesGcm16, [DataAttribute.Basic(TransformIds.KeyLengthAttribute, 256)]),
                new Ikev2Transform(TransformType.ExtendedSequenceNumbers, TransformIds.NoEsn, []),
            ]),
            new Ikev2Proposal(2, Ikev2Protocols.Esp, new byte[] { 0xc0, 0xff, 0xee, 0x02 },
            [
                new Ikev2Transform(TransformType.Encryption, TransformIds.EncrAesCbc, [DataAttribute.Basic(TransformIds.KeyLengthAttribute, 128)]),
                new Ikev2Transform(TransformType.Integrity, TransformIds.AuthHmacSha1_96, []),
                new Ikev2Transform(TransformType.ExtendedSequenceNumbers, TransformIds.NoEsn, []),
            ])]),
        new Ikev2KePayload(19, new byte[64]),
        new Ikev2IdPayload(true, Ikev2IdTypes.Ipv4Address, new byte[] { 192, 0, 2, 1 }),
        new Ikev2IdPayload(false, Ikev2IdTypes.Fqdn, "asa.example"u8.ToArray()),
        new Ikev2AuthPayload(Ikev2AuthMethods.SharedKeyMic, new byte[32]),
        new Ikev2NoncePayload(new byte[32]),
        new Ikev2NotifyPayload(Ikev2Protocols.Esp, new byte[] { 1, 2, 3, 4 }, Ikev2NotifyTypes.RekeySa, default),
        new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.Cookie, new byte[] { 9, 8, 7 }),
        new Ikev2DeletePayload(Ikev2Protocols.Esp, 4, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }),
        new Ikev2DeletePayload(Ikev2Protocols.Ike, 0, default),
        new Ikev2VendorIdPayload("CISCO-DELETE-REASON"u8.ToArray()),
        new Ikev2TsPayload(true, [new TrafficSelector(TsTypes.Ipv4AddrRange, 0, 0, 65535, new byte[] { 10, 1, 1, 0 }, new byte[] { 10, 1, 1, 255 })]),
        new Ikev2TsPayload(false,
        [
            new TrafficSelector(TsTypes.Ipv4AddrRange, 6, 443, 443, new byte[] { 10, 2, 0, 0 }, new byte[] { 10, 2, 255, 255 }),
            new TrafficSelector(TsTypes.Ipv6AddrRange, 17, 0, 65535, new byte[16], Enumerable.Repeat((byte)0xff, 16).ToArray()),
        ]),
        new Ikev2OpaquePayload(Ikev2PayloadType.CertificateRequest, new byte[] { 4, 1, 2, 3 }),
        new Ikev2OpaquePayload((Ikev2PayloadType)200, new byte[] { 1 }) { Critical = true },
    ];

    /// <summary>An IKE_AUTH request as it travels: its payloads inside an SK payload (the content here stands for IV, ciphertext and ICV).</summary>
    public static byte[] IkeAuth() => Ikev2Encoder.Encode(Header(Ikev2Exchange.IkeAuth, 1),
        [new Ikev2EncryptedPayload(Ikev2PayloadType.IdInitiator, Enumerable.Range(0, 96).Select(i => (byte)i).ToArray())]);

    /// <summary>The first of three fragments of an IKE_AUTH (RFC 7383).</summary>
    public static byte[] Fragment() => Ikev2Encoder.Encode(Header(Ikev2Exchange.IkeAuth, 1),
        [new Ikev2EncryptedFragmentPayload(Ikev2PayloadType.IdInitiator, 1, 3, new byte[48])]);

    /// <summary>An INFORMATIONAL response in clear (as no real one travels, but every payload once).</summary>
    public static byte[] Everything() => Ikev2Encoder.Encode(Header(Ikev2Exchange.Informational, 7, Ikev2Flags.Response), EveryPayload());
}
