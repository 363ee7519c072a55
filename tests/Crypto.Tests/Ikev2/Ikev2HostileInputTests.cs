using System.Buffers.Binary;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Isakmp;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// Issue 10's rule for the IKEv2 decoder: a datagram with counts and lengths at their largest, counts its
/// bytes do not back, or lengths that lie, costs no more than <see cref="Allocations.DecodeBudget"/> of
/// its own length, as the ISAKMP decoder's datagrams do.
/// </summary>
public class Ikev2HostileInputTests
{
    private const int MaxDatagram = RawIsakmp.MaxDatagram;
    private const int MaxBody = MaxDatagram - Ikev2Header.Size - Ikev2Codec.GenericHeaderSize;

    private static byte[] Message(params (byte Type, byte[] Body)[] payloads)
    {
        var length = Ikev2Header.Size + payloads.Sum(p => 4 + p.Body.Length);
        var message = new byte[length];
        new Ikev2Header(1, 0, payloads.Length == 0 ? 0 : (Ikev2PayloadType)payloads[0].Type, Ikev2Header.Version2, Ikev2Exchange.IkeSaInit,
            Ikev2Flags.Initiator, 0, (uint)length).Write(message);
        var at = Ikev2Header.Size;
        for (var i = 0; i < payloads.Length; i++)
        {
            message[at] = i + 1 < payloads.Length ? payloads[i + 1].Type : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), (ushort)(4 + payloads[i].Body.Length));
            payloads[i].Body.CopyTo(message, at + 4);
            at += 4 + payloads[i].Body.Length;
        }
        return message;
    }

    private static byte[] Repeated(int count, Ikev2PayloadType type, byte[] body) => Message([.. Enumerable.Repeat(((byte)type, body), count)]);

    private static byte[] Transforms(int count) =>
        [.. Enumerable.Range(0, count).SelectMany(i => new byte[] { (byte)(i == count - 1 ? 0 : 3), 0, 0, 8, 1, 0, 0, 12 })];

    private static byte[] Proposal(bool last, byte declared, byte[] transforms) =>
        [(byte)(last ? 0 : 2), 0, (byte)((8 + transforms.Length) >> 8), (byte)(8 + transforms.Length), 1, 1, 0, declared, .. transforms];

    private static byte[] Selectors(int declared, int present) =>
        [(byte)declared, 0, 0, 0, .. Enumerable.Range(0, present).SelectMany(_ => new byte[] { 7, 0, 0, 16, 0, 0, 255, 255, 10, 0, 0, 0, 10, 0, 0, 255 })];

    public static readonly IReadOnlyDictionary<string, Func<byte[]>> All = new Dictionary<string, Func<byte[]>>
    {
        ["256 empty vendor IDs"] = () => Repeated(256, Ikev2PayloadType.VendorId, []),
        ["257 empty vendor IDs"] = () => Repeated(257, Ikev2PayloadType.VendorId, []),
        ["Delete counting 65,535 ESP SPIs with one"] = () => Message(((byte)Ikev2PayloadType.Delete, [3, 4, 255, 255, 1, 2, 3, 4])),
        ["Delete of the most ESP SPIs a datagram holds"] = () => Message(((byte)Ikev2PayloadType.Delete,
            [3, 4, (byte)((MaxBody - 4) / 4 >> 8), unchecked((byte)((MaxBody - 4) / 4)), .. new byte[(MaxBody - 4) / 4 * 4]])),
        ["256 deletes of 65,535 SPIs of size 0"] = () => Repeated(256, Ikev2PayloadType.Delete, [1, 0, 255, 255]),
        ["TS declaring 255 selectors with none"] = () => Message(((byte)Ikev2PayloadType.TsInitiator, Selectors(255, 0))),
        ["TS with 255 selectors"] = () => Message(((byte)Ikev2PayloadType.TsInitiator, Selectors(255, 255))),
        ["256 TS of 15 selectors"] = () => Repeated(256, Ikev2PayloadType.TsResponder, Selectors(15, 15)),
        ["Proposal declaring 255 transforms with none"] = () => Message(((byte)Ikev2PayloadType.SecurityAssociation, Proposal(true, 255, []))),
        ["Proposal with 255 transforms"] = () => Message(((byte)Ikev2PayloadType.SecurityAssociation, Proposal(true, 255, Transforms(255)))),
        ["SA with the most empty proposals"] = () => Message(((byte)Ikev2PayloadType.SecurityAssociation,
            [.. Enumerable.Range(0, MaxBody / 8).SelectMany(i => Proposal(i == MaxBody / 8 - 1, 0, []))])),
        ["Transform with the most attributes"] = () => Message(((byte)Ikev2PayloadType.SecurityAssociation,
            Proposal(true, 1, [0, 0, (byte)((MaxBody - 8) >> 8), unchecked((byte)(MaxBody - 8)), 1, 0, 0, 12, .. Enumerable.Range(0, (MaxBody - 16) / 4).SelectMany(_ => new byte[] { 0x80, 14, 1, 0 })]))),
        ["Notify with the largest data"] = () => Message(((byte)Ikev2PayloadType.Notify, [3, 4, 0, 11, .. new byte[MaxBody - 4]])),
        ["KE of the largest size"] = () => Message(((byte)Ikev2PayloadType.KeyExchange, new byte[MaxBody])),
        ["SK of the largest size"] = () => Message(((byte)Ikev2PayloadType.Encrypted, new byte[MaxBody])),
        ["SKF fragment 65,535 of 65,535"] = () => Repeated(1, Ikev2PayloadType.EncryptedFragment, [255, 255, 255, 255]),
        ["A chain whose last length runs past the datagram"] = () =>
        {
            var message = Repeated(200, Ikev2PayloadType.Nonce, new byte[16]);
            message[^19] = 0xff;
            return message;
        },
    };

    public static TheoryData<string> Names => new(All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Decoding_a_hostile_datagram_allocates_within_the_budget(string name)
    {
        var datagram = All[name]();
        Assert.True(datagram.Length <= MaxDatagram);
        Ikev2Codec.TryDecode(datagram, out _, out _); // type loading and the JIT belong to no datagram

        var allocated = Allocations.Of(() => Ikev2Codec.TryDecode(datagram, out _, out _));

        Allocations.AssertWithin(Allocations.DecodeBudget(datagram.Length), allocated, $"a {datagram.Length:N0}-byte datagram");
    }
}
