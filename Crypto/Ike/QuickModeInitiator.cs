using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>A rekey in progress: the new SA the headend proposed, waiting for the client's QM2 (with our PFS key pair when the old SA had PFS).</summary>
public sealed record QuickModeRekey(uint MessageId, ChildSa Old, uint InboundSpi, byte[] NonceI, byte[] IdCi, byte[] IdCr, IDiffieHellman? Pfs);

/// <summary>
/// Quick Mode with the headend as initiator (RFC 2409 §5.5), to rekey an IPsec SA before it
/// expires: EzVPN clients such as vpnc wait for the server to do it. The new SA repeats the old
/// one's transform, proxies and PFS group; once installed it carries the traffic, and the old one is
/// deleted when it expires.
/// <code>
///   HDR*, HASH(1), SA, Ni [, KE ], IDci, IDcr  --&gt;
///                  &lt;--  HDR*, HASH(2), SA, Nr [, KE ], IDci, IDcr
///   HDR*, HASH(3)                      --&gt;
/// </code>
/// </summary>
public static class QuickModeInitiator
{
    private const int NonceLength = 20;

    public static void Start(IkeContext ctx, IkeSa sa, ChildSa old)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        var messageId = ctx.RandomMessageId();
        var inboundSpi = NewSpi(ctx);
        IpsecDebug.Embryonic(ctx, sa, "inbound", inboundSpi);
        var nonce = ctx.RandomBytes(NonceLength);
        var t = old.Transform;
        var attributes = new List<DataAttribute>
        {
            DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeSeconds),
            DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)old.LifetimeSeconds),
        };
        if (old.LifetimeKilobytes is { } kb)
        {
            attributes.Add(DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeKilobytes));
            attributes.Add(DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)kb));
        }
        attributes.Add(DataAttribute.Basic(IpsecAttributes.EncapsulationMode, old.UdpEncapsulated ? IpsecAttributes.UdpTunnel : IpsecAttributes.Tunnel));
        if (t.Authentication is { } auth) attributes.Add(DataAttribute.Basic(IpsecAttributes.AuthenticationAlgorithm, auth));
        if (t.KeyBits is { } bits) attributes.Add(DataAttribute.Basic(IpsecAttributes.KeyLength, (ushort)bits));
        // PFS again with the old SA's group (vpnc refuses a rekey without KE when it asked for PFS).
        var pfs = old.PfsGroup is { } groupId ? DhGroup.FromAttribute((ushort)groupId)?.CreateKeyPair(ctx.Random) : null;
        if (pfs is not null) attributes.Add(DataAttribute.Basic(IpsecAttributes.GroupDescription, (ushort)old.PfsGroup!.Value));
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, inboundSpi);
        // Initiator proxy first: the headend's side (local), then the client's.
        var idCi = Identity(old.LocalAddress, old.LocalMask);
        var idCr = Identity(old.RemoteAddress, old.RemoteMask);
        var payloads = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, [new Proposal(1, IpsecAttributes.ProtocolEsp, spi, [new Transform(1, t.TransformId, attributes)])]),
            new DataPayload(PayloadType.Nonce, nonce),
        };
        if (pfs is not null) payloads.Add(new KePayload(pfs.PublicValue.ToArray()));
        payloads.Add(new IdPayload(idCi[0], 0, 0, idCi.AsMemory(4)));
        payloads.Add(new IdPayload(idCr[0], 0, 0, idCr.AsMemory(4)));
        var body = new byte[IsakmpEncoder.PayloadsLength(payloads)];
        IsakmpEncoder.WritePayloads(payloads, body);
        var hash = new byte[sa.Keys!.HashLength];
        sa.Keys.ComputeQuickModeHash1(messageId, body, hash);
        log.Debug($"IKE got SPI from key engine: SPI = 0x{inboundSpi:x8}");
        log.Debug("oakley constucting quick mode");
        log.Debug("constructing blank hash payload");
        log.Debug("constructing IPSec SA payload");
        log.Debug("constructing IPSec nonce payload");
        if (pfs is not null) log.Debug("constructing pfs ke payload");
        log.Debug("constructing proxy ID");
        log.Debug("constructing qm hash payload");
        log.Decode($"IKE Initiator sending 1st QM pkt: msg id = {messageId:x8}");
        var message = MessageProtection.SealPayloads(sa, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
        log.DecodeLine("SENDING", messageId, new IsakmpMessage(default, [new DataPayload(PayloadType.Hash, hash), .. payloads]).PayloadSummary(), message.Length);
        sa.Rekeys[messageId] = new QuickModeRekey(messageId, old, inboundSpi, nonce, idCi, idCr, pfs);
        sa.RekeyStarted[old.InboundSpi] = ctx.Now;
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    /// <summary>QM2 from the client: HASH(2) checked, QM3 sent, the new SA pair installed.</summary>
    public static void ProcessSecond(IkeContext ctx, IkeSa sa, uint messageId, IReadOnlyList<Payload> payloads, byte[] plaintext)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        if (!sa.Rekeys.TryGetValue(messageId, out var rekey)) return;
        log.Debug("processing hash payload");
        var nonce = payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var proposal = payloads.OfType<SaPayload>().FirstOrDefault()?.Proposals.FirstOrDefault();
        if (payloads.Count < 2 || payloads[0] is not DataPayload { Kind: PayloadType.Hash } hash || nonce is null || proposal is not { Spi.Length: 4 })
        {
            log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
            return;
        }
        var last = payloads[^1];
        var after = plaintext.AsSpan(payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength);
        var expected = new byte[sa.Keys!.HashLength];
        sa.Keys.ComputeQuickModeHash2(messageId, rekey.NonceI, after, expected);
        if (!KeyMaterial.HashesEqual(hash.Data.Span, expected))
        {
            // Not from the peer: the rekey stays, for the real QM2.
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 8");
            return;
        }
        sa.Rekeys.Remove(messageId);
        sa.Iv!.Confirm(messageId);
        ctx.PeerProven(sa, hash.Data.Span);
        log.Debug("processing SA payload");
        log.Debug("processing nonce payload");
        var outboundSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        var nonceR = nonce.Data.ToArray();
        var pfsSecret = Array.Empty<byte>();
        if (rekey.Pfs is { } pfs)
        {
            log.Debug("processing ke payload");
            pfsSecret = new byte[pfs.Group.SharedSecretLength];
            if (payloads.OfType<KePayload>().FirstOrDefault() is not { } ke || pfs.TryComputeSharedSecret(ke.Data.Span, pfsSecret) != DhStatus.Ok)
            {
                log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
                return;
            }
        }

        var hash3 = new byte[sa.Keys.HashLength];
        sa.Keys.ComputeQuickModeHash3(messageId, rekey.NonceI, nonceR, hash3);
        log.Debug("constructing qm hash payload");
        var message = MessageProtection.SealPayloads(sa, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash3)]);
        log.DecodeLine("SENDING", messageId, "HDR + HASH (8) + NONE (0)", message.Length);
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
        sa.Iv.Forget(messageId);

        var old = rekey.Old;
        EspKeySizes.TryGet(old.Transform.TransformId, old.Transform.KeyBits, old.Transform.Authentication, out var encLength, out var authLength);
        // We are the initiator here: our nonce is Ni.
        var keys = sa.Keys.DeriveChildSaKeys(IpsecAttributes.ProtocolEsp, rekey.InboundSpi, outboundSpi, rekey.NonceI, nonceR, pfsSecret, encLength, authLength);
        var who = sa.Username is { } user ? $"User ({user})" : $"LAN-to-LAN Group ({sa.TunnelGroup})";
        var child = old with { Keys = keys, Created = ctx.Now };
        IpsecDebug.OutboundInstalled(ctx, sa, child);
        log.Syslog(713049, 5, $"Security negotiation complete for {who}  Initiator, Inbound SPI = 0x{rekey.InboundSpi:x8}, Outbound SPI = 0x{outboundSpi:x8}");
        IpsecDebug.InboundInstalled(ctx, sa, child);
        log.Syslog(713120, 5, $"PHASE 2 COMPLETED (msgid={messageId:x8})");
        sa.Children.Add(child);
        ctx.Outputs.Installed.Add(child);
        IpsecSaEvents.Created(ctx, sa, child);
    }

    /// <summary>An ID payload body's type byte and address data: a host, or a subnet with its mask.</summary>
    private static byte[] Identity(Ipv4 address, Ipv4 mask)
    {
        var host = mask == Ipv4.HostMask;
        var id = new byte[host ? 8 : 12];
        id[0] = host ? IdPayload.Ipv4Address : IdPayload.Ipv4Subnet;
        BinaryPrimitives.WriteUInt32BigEndian(id.AsSpan(4), address.Value);
        if (!host) BinaryPrimitives.WriteUInt32BigEndian(id.AsSpan(8), mask.Value);
        return id;
    }

    private static uint NewSpi(IkeContext ctx)
    {
        Span<byte> b = stackalloc byte[4];
        uint spi;
        do { ctx.Random.Fill(b); spi = BinaryPrimitives.ReadUInt32BigEndian(b); } while (spi < 256);
        return spi;
    }
}
