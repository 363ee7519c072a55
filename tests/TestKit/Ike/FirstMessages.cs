using System.Buffers.Binary;
using System.Text;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.TestKit.Ike;

/// <summary>Aggressive Mode first messages as an EzVPN client sends them (group EZ, AES/SHA/group 2, XAUTH), each with its own cookie.</summary>
public static class FirstMessages
{
    public static IEnumerable<(ulong Cookie, byte[] Datagram)> Aggressive(int count, ulong firstCookie = 0x4000_0000_0000_0001UL)
    {
        var ke = DhGroup.Modp1024.CreateKeyPair(SystemRandom.Instance).PublicValue.ToArray();
        var sa = new SaPayload(1, 1, [new Proposal(1, OakleyAttributes.ProtocolIsakmp, ReadOnlyMemory<byte>.Empty,
            [new Transform(1, OakleyAttributes.KeyIke,
            [
                DataAttribute.Basic(OakleyAttributes.KeyLength, 128),
                DataAttribute.Basic(OakleyAttributes.EncryptionAlgorithm, OakleyAttributes.AesCbc),
                DataAttribute.Basic(OakleyAttributes.HashAlgorithm, OakleyAttributes.Sha),
                DataAttribute.Basic(OakleyAttributes.GroupDescription, 2),
                DataAttribute.Basic(OakleyAttributes.AuthenticationMethod, OakleyAttributes.XauthInitPreShared),
            ])])]);
        var nonce = new byte[20];
        for (var i = 0; i < count; i++)
        {
            var cookie = firstCookie + ((ulong)i << 8);
            BinaryPrimitives.WriteInt32BigEndian(nonce, i);
            List<Payload> payloads = [sa, new KePayload(ke), new DataPayload(PayloadType.Nonce, nonce.ToArray()), new IdPayload(IdPayload.KeyId, 17, 500, Encoding.ASCII.GetBytes("EZ"))];
            yield return (cookie, IsakmpEncoder.Encode(new IsakmpHeader(cookie, 0, 0, IsakmpHeader.Version1, ExchangeType.Aggressive, 0, 0, 0), payloads));
        }
    }

    /// <summary>The config of a headend on <paramref name="outside"/> that answers them (pre-shared key cisco).</summary>
    public static string HeadendConfig(string outside = "127.0.0.1", string mask = "255.0.0.0") => $"""
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address {outside} {mask}
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         authentication pre-share
         encryption aes
         hash sha
         group 2
         lifetime 86400
        tunnel-group EZ type remote-access
        tunnel-group EZ ipsec-attributes
         ikev1 pre-shared-key cisco
        """;
}
