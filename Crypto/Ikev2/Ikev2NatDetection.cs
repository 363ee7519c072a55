using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// NAT detection in IKE_SA_INIT (RFC 7296 §2.23): NAT_DETECTION_SOURCE_IP and _DESTINATION_IP carry
/// SHA-1 (SPIi | SPIr | IP | port) of the message's own header SPIs (SPIr zero in the request) and
/// the addresses as the sender sees them; a receiver whose view hashes differently has found a NAT.
/// Either end behind one: IKE moves to UDP 4500 from IKE_AUTH on and ESP is UDP-encapsulated.
/// </summary>
public static class Ikev2NatDetection
{
    public static byte[] Hash(ulong spiI, ulong spiR, IPEndPoint endpoint)
    {
        var address = endpoint.Address.GetAddressBytes();
        Span<byte> data = stackalloc byte[16 + address.Length + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(data[8..], spiR);
        address.CopyTo(data[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[(16 + address.Length)..], (ushort)endpoint.Port);
        return SHA1.HashData(data);
    }

    /// <summary>Our pair for a message with these SPIs sent from <paramref name="local"/> to <paramref name="peer"/>.</summary>
    public static Ikev2NotifyPayload[] Payloads(ulong spiI, ulong spiR, IPEndPoint local, IPEndPoint peer) =>
    [
        new(0, default, Ikev2NotifyTypes.NatDetectionSourceIp, Hash(spiI, spiR, local)),
        new(0, default, Ikev2NotifyTypes.NatDetectionDestinationIp, Hash(spiI, spiR, peer)),
    ];

    /// <summary>
    /// Checks a received IKE_SA_INIT message's pair against its addresses as they arrived; a message
    /// without them (a peer that does not do NAT-T) finds no NAT.
    /// </summary>
    public static (bool PeerBehindNat, bool LocalBehindNat) Detect(Ikev2Inbound message)
    {
        var (spiI, spiR) = (message.Header.SpiI, message.Header.SpiR);
        var sources = message.Payloads.OfType<Ikev2NotifyPayload>().Where(n => n.NotifyType == Ikev2NotifyTypes.NatDetectionSourceIp).ToList();
        var destination = message.Notify(Ikev2NotifyTypes.NatDetectionDestinationIp);
        if (sources.Count == 0 || destination is null) return (false, false);
        var peer = Hash(spiI, spiR, message.Datagram.Remote);
        var local = Hash(spiI, spiR, message.Datagram.Local);
        return (!sources.Any(s => s.Data.Span.SequenceEqual(peer)), !destination.Data.Span.SequenceEqual(local));
    }
}
