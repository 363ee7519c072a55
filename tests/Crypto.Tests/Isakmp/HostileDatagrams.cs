using AsaEmu.Crypto.Isakmp;
using static AsaEmu.Crypto.Tests.Isakmp.RawIsakmp;

namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>
/// Datagrams an attacker sends to port 500 as first messages: every payload type with its counts and
/// lengths at their largest, counts that their bytes do not back, and lengths that lie. Each is one
/// datagram of at most <see cref="RawIsakmp.MaxDatagram"/> bytes.
/// </summary>
internal static class HostileDatagrams
{
    private const byte Esp = SecurityProtocols.Esp, Isakmp = SecurityProtocols.Isakmp, UnknownProtocol = 200;

    /// <summary>Payloads of <paramref name="bodyLength"/> bytes that fit one datagram.</summary>
    private static int Fitting(int bodyLength) => (MaxDatagram - IsakmpHeader.Size) / (IsakmpCodec.GenericHeaderSize + bodyLength);

    private static byte[] One(PayloadType type, byte[] body) => Message(type, Chain((type, body)));

    private static byte[] EmptyTransform() => Transform([]);

    public static readonly IReadOnlyDictionary<string, Func<byte[]>> All = new Dictionary<string, Func<byte[]>>
    {
        // Issue 10: each DELETE's count of SPIs of size 0 made a list of 65,535 entries; 257 fit in 3 KB.
        ["DELETE bomb: 257 DELETEs of 65,535 SPIs of size 0"] = () => Repeated(257, PayloadType.Delete, Delete(Isakmp, 0, 65_535, 0)),
        ["DELETE bomb: 256 DELETEs of 65,535 SPIs of size 0"] = () => Repeated(256, PayloadType.Delete, Delete(Esp, 0, 65_535, 0)),
        ["DELETE bomb filling a datagram"] = () => Repeated(Fitting(8), PayloadType.Delete, Delete(UnknownProtocol, 0, 65_535, 0)),
        ["DELETE counting 65,535 ESP SPIs with 16 bytes of them"] = () => One(PayloadType.Delete, Delete(Esp, 4, 65_535, 16)),
        ["DELETE of the most ESP SPIs a datagram holds"] = () => One(PayloadType.Delete, Delete(Esp, 4, (MaxBody - 8) / 4, (MaxBody - 8) / 4 * 4)),
        ["DELETE of the most 1-byte SPIs of an unknown protocol"] = () => One(PayloadType.Delete, Delete(UnknownProtocol, 1, MaxBody - 8, MaxBody - 8)),
        ["256 DELETEs of the most ESP SPIs each"] = () => Repeated(256, PayloadType.Delete, Delete(Esp, 4, 60, 240)),

        ["Notify with the largest SPI and data"] = () => One(PayloadType.Notification, Notify(UnknownProtocol, 255, MaxBody - 8 - 255)),
        ["Notify for ISAKMP with a 255-byte SPI"] = () => One(PayloadType.Notification, Notify(Isakmp, 255, 0)),
        ["256 notifies with 16-byte SPIs"] = () => Repeated(256, PayloadType.Notification, Notify(Isakmp, 16, 4)),

        ["SA with the most proposals"] = () => One(PayloadType.SecurityAssociation,
            Sa(Enumerable.Range(0, (MaxBody - 8) / 8).Select(_ => Proposal(Isakmp, 0, 0, [])))),
        ["SA with 255 transforms of the most attributes"] = () => One(PayloadType.SecurityAssociation,
            Sa([Proposal(Isakmp, 0, 255, Enumerable.Range(0, 255).Select(_ => Transform(BasicAttributes((MaxBody - 16) / 255 / 4 - 2))))])),
        ["SA with the most proposals of 255 transforms"] = () => One(PayloadType.SecurityAssociation,
            Sa(Enumerable.Range(0, (MaxBody - 8) / (8 + 255 * 8)).Select(_ => Proposal(Isakmp, 0, 255, Enumerable.Range(0, 255).Select(_ => EmptyTransform()))))),
        ["Transform with the most attributes"] = () => One(PayloadType.SecurityAssociation,
            Sa([Proposal(Isakmp, 0, 1, [Transform(BasicAttributes((MaxBody - 24) / 4))])])),
        ["Transform with the most empty variable attributes"] = () => One(PayloadType.SecurityAssociation,
            Sa([Proposal(Isakmp, 0, 1, [Transform(EmptyVariableAttributes((MaxBody - 24) / 4))])])),
        ["Proposal declaring 255 transforms with one"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(Isakmp, 0, 255, [EmptyTransform()])])),
        ["Proposal declaring 255 transforms with none"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(Isakmp, 0, 255, [])])),
        ["Proposal for ESP with a 255-byte SPI"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(Esp, 255, 1, [EmptyTransform()])])),
        ["Proposal for an unknown protocol with a 255-byte SPI"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(UnknownProtocol, 255, 1, [EmptyTransform()])])),
        ["240 SAs of 30 empty transforms"] = () => Repeated(240, PayloadType.SecurityAssociation,
            Sa([Proposal(Isakmp, 0, 30, Enumerable.Range(0, 30).Select(_ => EmptyTransform()))])),

        ["KE of the largest size"] = () => One(PayloadType.KeyExchange, new byte[MaxBody]),
        ["ID of the largest size"] = () => One(PayloadType.Identification, new byte[MaxBody]),
        ["Nonce of the largest size"] = () => One(PayloadType.Nonce, new byte[MaxBody]),
        ["Hash of the largest size"] = () => One(PayloadType.Hash, new byte[MaxBody]),
        ["Signature of the largest size"] = () => One(PayloadType.Signature, new byte[MaxBody]),
        ["Vendor ID of the largest size"] = () => One(PayloadType.VendorId, new byte[MaxBody]),
        ["NAT-D of the largest size"] = () => One(PayloadType.NatDiscovery, new byte[MaxBody]),
        ["Certificate (kept opaque) of the largest size"] = () => One(PayloadType.Certificate, new byte[MaxBody]),
        ["Attribute payload with the most attributes"] = () => One(PayloadType.Attribute, Attributes(EmptyVariableAttributes((MaxBody - 4) / 4))),
        ["256 attribute payloads of 60 attributes"] = () => Repeated(256, PayloadType.Attribute, Attributes(EmptyVariableAttributes(60))),

        ["256 empty vendor IDs"] = () => Repeated(256, PayloadType.VendorId, []),
        ["257 empty vendor IDs"] = () => Repeated(257, PayloadType.VendorId, []),
        ["The most empty payloads a datagram holds"] = () => Repeated(Fitting(0), PayloadType.VendorId, []),
        ["248 empty vendor IDs (256 after a real AM1's 8 payloads)"] = () => Repeated(248, PayloadType.VendorId, []),
        ["256 empty IDs"] = () => Repeated(256, PayloadType.Identification, new byte[4]),

        ["Header length past the datagram"] = () => Message(PayloadType.VendorId, Chain((PayloadType.VendorId, new byte[16])), length: uint.MaxValue),
        ["Payload length past the datagram"] = () => Message(PayloadType.Nonce, [0, 0, 0xFF, 0xFF, .. new byte[64]]),
        ["Payload length shorter than its header"] = () => Message(PayloadType.Nonce, [0, 0, 0, 2, .. new byte[64]]),
        ["Proposal length past its SA"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(Isakmp, 0, 1, [EmptyTransform()], length: 65_000)])),
        ["Transform length past its proposal"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(Isakmp, 0, 1, [Transform([], length: 65_000)])])),
        ["Attribute length past its transform"] = () => One(PayloadType.SecurityAssociation, Sa([Proposal(Isakmp, 0, 1, [Transform([0, 1, 0xFF, 0xFF, 1, 2])])])),
        ["Attribute length past its payload"] = () => One(PayloadType.Attribute, Attributes([0, 1, 0xFF, 0xFF, 1, 2])),

        ["Every payload type, the most of each"] = () => Message(PayloadType.SecurityAssociation, Chain(
            (PayloadType.SecurityAssociation, Sa([Proposal(Isakmp, 0, 255, Enumerable.Range(0, 255).Select(_ => Transform(BasicAttributes(6))))])),
            (PayloadType.KeyExchange, new byte[4096]),
            (PayloadType.Nonce, new byte[4096]),
            (PayloadType.Identification, new byte[4096]),
            (PayloadType.Hash, new byte[4096]),
            (PayloadType.Notification, Notify(UnknownProtocol, 255, 4096)),
            (PayloadType.Delete, Delete(Esp, 4, 1024, 4096)),
            (PayloadType.VendorId, new byte[4096]),
            (PayloadType.Attribute, Attributes(EmptyVariableAttributes(1024))),
            (PayloadType.NatDiscovery, new byte[4096]),
            (PayloadType.Certificate, new byte[4096]))),
    };
}
