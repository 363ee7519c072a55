using System.Buffers.Binary;
using System.Net;
using System.Text;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What every phase-1 exchange shares, whichever mode and role (strongSwan keeps it in phase1.c):
/// the peer's vendor IDs, the pre-shared-key keying, the address identity, the granted lifetime.
/// </summary>
public static class Phase1
{
    /// <summary>Notes what the peer's vendor IDs announce (DPD, NAT-T, Unity, fragmentation), with the ASA's debug lines.</summary>
    public static void ProcessVendorIds(IkeSa sa, IEnumerable<Payload> payloads, IkeLog log)
    {
        foreach (var vid in payloads.OfType<VendorIdPayload>())
        {
            log.Debug("processing VID payload");
            var data = vid.Data.Span;
            if (VendorIds.Is(data, VendorIds.Xauth)) log.Debug("Received xauth V6 VID");
            else if (VendorIds.Is(data, VendorIds.Dpd)) { sa.ClientDpd = true; log.Debug("Received DPD VID"); }
            else if (VendorIds.StartsWith(data, VendorIds.Fragmentation))
            {
                log.Debug("Received Fragmentation VID");
                var caps = data.Length >= 20 ? BinaryPrimitives.ReadUInt32BigEndian(data[16..]) : 0u;
                log.Debug($"IKE Peer included IKE fragmentation capability flags:  Main Mode:        {(caps & 0x80000000) != 0}  Aggressive Mode:{(caps & 0x40000000) != 0}");
            }
            else if (VendorIds.NatT(data) is { } version)
            {
                log.Debug($"Received NAT-Traversal ver {NatTName(version)} VID");
                if (sa.NatT is null || version > sa.NatT) sa.NatT = version;
            }
            else if (VendorIds.StartsWith(data, VendorIds.CiscoUnity[..14])) { sa.ClientUnity = true; log.Debug("Received Cisco Unity client VID"); }
        }
    }

    public static string NatTName(NatTVersion version) => version switch
    {
        NatTVersion.Rfc3947 => "RFC",
        NatTVersion.Draft03 => "03",
        _ => "02",
    };

    public static string IdTypeName(byte type) => type switch
    {
        IdPayload.Ipv4Address => "ID_IPV4_ADDR",
        IdPayload.Fqdn => "ID_FQDN",
        IdPayload.UserFqdn => "ID_USER_FQDN",
        IdPayload.Ipv4Subnet => "ID_IPV4_ADDR_SUBNET",
        IdPayload.KeyId => "ID_KEY_ID",
        _ => $"ID type {type}",
    };

    /// <summary>An identity as the debug lines print it: an address, a name, or the hex of anything else.</summary>
    public static string IdText(IdPayload id) => id.IdType switch
    {
        IdPayload.Ipv4Address when id.Data.Length == 4 => new IPAddress(id.Data.Span).ToString(),
        IdPayload.KeyId or IdPayload.Fqdn or IdPayload.UserFqdn => Encoding.ASCII.GetString(id.Data.Span),
        _ => Convert.ToHexStringLower(id.Data.Span),
    };

    /// <summary>
    /// SKEYID from the pre-shared key and the nonces, then its descendants, and the IV chain from the
    /// public values (RFC 2409 §5, Appendix B); null for a weak key.
    /// </summary>
    public static IkeKeys? DeriveKeys(IkeSa sa, Phase1Selection selection, string preSharedKey, byte[] nonceI, byte[] nonceR,
        byte[] sharedSecret, byte[] publicValueI, byte[] publicValueR)
    {
        Span<byte> cookies = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(cookies, sa.CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(cookies[8..], sa.CookieR);
        if (!KeyMaterial.TryDerivePreSharedKey(selection.Hash, selection.Cipher, Encoding.UTF8.GetBytes(preSharedKey), nonceI, nonceR,
                sharedSecret, cookies[..8], cookies[8..], out var material))
            return null;
        return new IkeKeys(selection, material, material.CreateIvChain(publicValueI, publicValueR));
    }

    /// <summary>The HASH the peer's identity must carry, computed from its ID payload's body.</summary>
    public delegate void ExpectedHash(ReadOnlySpan<byte> idBody, Span<byte> hash);

    /// <summary>
    /// The peer's ID and HASH in main mode's last message from it (MM5 to the responder, MM6 to the
    /// initiator), checked against <paramref name="expected"/>; once it checks, the IV chain is confirmed,
    /// the SA takes the peer's address and liveness from it, and its vendor IDs are read. A peer with
    /// another key sends what decrypts to nonsense or fails its hash [reference §2.8, M].
    /// </summary>
    public static bool ProvePeer(IkeContext ctx, IkeSa sa, IkeKeys keys, InboundMessage message, IkeLog log, ExpectedHash expected)
    {
        var id = message.First<IdPayload>();
        var hash = message.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Hash);
        log.Debug("processing ID payload");
        if (id is not null) log.Decode($"{IdTypeName(id.IdType)} ID received {IdText(id)}");
        log.Debug("processing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var computed = new byte[keys.HashLength];
        if (id is not null) expected(id.Body.Span, computed);
        if (id is null || hash is null || !KeyMaterial.HashesEqual(hash.Data.Span, computed))
        {
            ctx.Services.Statistics.HashValidFails++;
            log.Main(IkeLog.Milestone, "Received encrypted Oakley Main Mode packet with invalid payloads, MessID = 0");
            return false;
        }
        keys.Iv.Confirm(0);
        ctx.PeerProven(sa, hash.Data.Span);
        ProcessVendorIds(sa, message.Payloads, log);
        return true;
    }

    /// <summary>The body of an ID_IPV4_ADDR identity (RFC 2407 §4.6.2) as the ASA sends it: UDP, port 500, its address.</summary>
    public static byte[] AddressIdBody(IPAddress address)
    {
        var body = new byte[8];
        body[0] = IdPayload.Ipv4Address;
        body[1] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), 500);
        address.MapToIPv4().GetAddressBytes().CopyTo(body, 4);
        return body;
    }

    /// <summary>The chosen transform's attributes with the lifetime the ASA grants.</summary>
    public static IReadOnlyList<DataAttribute> WithLifetime(IReadOnlyList<DataAttribute> attributes, long seconds)
    {
        var kept = attributes.Where(a => a.Type is not (OakleyAttributes.LifeType or OakleyAttributes.LifeDuration)).ToList();
        kept.Add(DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds));
        kept.Add(DataAttribute.Integer(OakleyAttributes.LifeDuration, (uint)Math.Min(seconds, uint.MaxValue)));
        return kept;
    }
}
