using System.Security.Cryptography;

namespace AsaEmu.Crypto.Keying;

/// <summary>
/// An elliptic-curve group over a NIST prime field (RFC 5903): the KE payload carries x | y, each
/// padded to the field length, and g^xy is the x coordinate of the shared point (RFC 5903 §7, §9).
/// The curve arithmetic is .NET's (OpenSSL on Linux); the private scalar comes from our IRandom.
/// </summary>
public sealed class EcpGroup : DhGroup
{
    private readonly int fieldLength;
    private readonly byte[] order;
    private readonly ECCurve curve;

    internal EcpGroup(DhGroupId id, int fieldLength)
        : base(id)
    {
        this.fieldLength = fieldLength;
        (curve, order) = id switch
        {
            DhGroupId.Ecp256 => (ECCurve.NamedCurves.nistP256, Convert.FromHexString(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")),
            DhGroupId.Ecp384 => (ECCurve.NamedCurves.nistP384, Convert.FromHexString(
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973")),
            DhGroupId.Ecp521 => (ECCurve.NamedCurves.nistP521, Convert.FromHexString(
                "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409")),
            _ => throw new ArgumentOutOfRangeException(nameof(id)),
        };
    }

    public override int PublicValueLength => 2 * fieldLength;

    public override int SharedSecretLength => fieldLength;

    public override IDiffieHellman CreateKeyPair(IRandom random)
    {
        var d = new byte[fieldLength];
        while (true)
        {
            random.Fill(d);
            // P-521's field is 66 octets for 521 bits: the top octet keeps the order's one bit, or
            // nearly every draw would be rejected (RFC 5903 §7 pads to the field length).
            d[0] &= (byte)(0xFF >> System.Numerics.BitOperations.LeadingZeroCount((uint)order[0]) - 24);
            if (d.AsSpan().IndexOfAnyExcept((byte)0) >= 0 && d.AsSpan().SequenceCompareTo(order) < 0)
            {
                return CreateKeyPair(d);
            }
        }
    }

    /// <summary>A key pair from a known private scalar d (known-answer tests), 1 &lt;= d &lt; n, big-endian, field length.</summary>
    public IDiffieHellman CreateKeyPair(ReadOnlySpan<byte> privateScalar)
    {
        if (privateScalar.Length != fieldLength)
        {
            throw new ArgumentException($"the private scalar must be {fieldLength} bytes", nameof(privateScalar));
        }

        var ecdh = ECDiffieHellman.Create(new ECParameters { Curve = curve, D = privateScalar.ToArray() });
        var q = ecdh.ExportParameters(false).Q;
        var publicValue = new byte[PublicValueLength];
        q.X!.CopyTo(publicValue.AsSpan(fieldLength - q.X!.Length));
        q.Y!.CopyTo(publicValue.AsSpan(PublicValueLength - q.Y!.Length));
        return new KeyPair(this, ecdh, publicValue);
    }

    public override DhStatus Validate(ReadOnlySpan<byte> peerPublicValue)
    {
        var status = ImportPeer(peerPublicValue, out var peer);
        peer?.Dispose();
        return status;
    }

    private DhStatus ImportPeer(ReadOnlySpan<byte> value, out ECDiffieHellman? peer)
    {
        peer = null;
        if (value.Length != PublicValueLength)
        {
            return DhStatus.WrongLength;
        }

        var point = new ECPoint { X = value[..fieldLength].ToArray(), Y = value[fieldLength..].ToArray() };
        try
        {
            // The import checks that the point lies on the curve; the curves have cofactor 1.
            peer = ECDiffieHellman.Create(new ECParameters { Curve = curve, Q = point });
            return DhStatus.Ok;
        }
        catch (CryptographicException)
        {
            return DhStatus.InvalidValue;
        }
    }

    private sealed class KeyPair(EcpGroup group, ECDiffieHellman ecdh, byte[] publicValue) : IDiffieHellman
    {
        public DhGroup Group => group;

        public ReadOnlySpan<byte> PublicValue => publicValue;

        public DhStatus TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, Span<byte> sharedSecret)
        {
            var status = group.ImportPeer(peerPublicValue, out var peer);
            if (status != DhStatus.Ok)
            {
                return status;
            }

            using (peer)
            {
                byte[] x;
                try
                {
                    x = ecdh.DeriveRawSecretAgreement(peer!.PublicKey);
                }
                catch (CryptographicException)
                {
                    return DhStatus.InvalidValue;
                }

                x.CopyTo(sharedSecret[..group.fieldLength]);
                CryptographicOperations.ZeroMemory(x);
                return DhStatus.Ok;
            }
        }
    }
}
