using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

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
public sealed class QuickModeInitiator(IkeSa sa, IkeKeys keys, ChildSa old) : IkeTask(sa)
{
    private const int NonceLength = 20;

    private uint _inboundSpi;
    private byte[] _nonceI = [];
    private IDiffieHellman? _pfs;

    public override ExchangeType Exchange => ExchangeType.QuickMode;

    public override IkeSaState State => IkeSaState.AmActive;

    public override bool Essential => false;

    /// <summary>QM1: the old SA's transform, proxies and PFS group again, with a fresh SPI and nonce.</summary>
    public override TaskStatus Initiate(IkeContext ctx)
    {
        var sa = Sa;
        var log = new IkeLog(sa, ctx.Outputs);
        var messageId = MessageId = ctx.RandomMessageId();
        var inboundSpi = _inboundSpi = ctx.RandomSpi();
        IpsecDebug.Embryonic(ctx, sa, "inbound", inboundSpi);
        var nonce = _nonceI = ctx.RandomBytes(NonceLength);
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
        var pfs = _pfs = old.PfsGroup is { } groupId ? DhGroup.FromAttribute((ushort)groupId)?.CreateKeyPair(ctx.Random) : null;
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
        var hash = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash1(messageId, body, hash);
        log.Debug($"IKE got SPI from key engine: SPI = 0x{inboundSpi:x8}");
        log.Debug("oakley constucting quick mode");
        log.Debug("constructing blank hash payload");
        log.Debug("constructing IPSec SA payload");
        log.Debug("constructing IPSec nonce payload");
        if (pfs is not null) log.Debug("constructing pfs ke payload");
        log.Debug("constructing proxy ID");
        log.Debug("constructing qm hash payload");
        log.Decode($"IKE Initiator sending 1st QM pkt: msg id = {messageId:x8}");
        var message = MessageProtection.SealPayloads(sa, keys, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
        log.DecodeLine("SENDING", messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads], message.Length);
        sa.RekeyStarted[old.InboundSpi] = ctx.Now;
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
        return TaskStatus.NeedMore;
    }

    /// <summary>QM2 from the client: HASH(2) checked, QM3 sent, the new SA pair installed. A QM2 that is not the peer's leaves the rekey waiting.</summary>
    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        var sa = Sa;
        var (messageId, payloads) = (message.MessageId, message.Payloads);
        var plaintext = message.Plaintext.Span;
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug("processing hash payload");
        var nonce = payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var proposal = payloads.OfType<SaPayload>().FirstOrDefault()?.Proposals.FirstOrDefault();
        if (payloads.Count < 2 || payloads[0] is not DataPayload { Kind: PayloadType.Hash } hash || nonce is null || proposal is not { Spi.Length: 4 })
        {
            log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
            return TaskStatus.NeedMore;
        }
        var last = payloads[^1];
        var after = plaintext.Slice(payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength);
        var expected = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash2(messageId, _nonceI, after, expected);
        if (!KeyMaterial.HashesEqual(hash.Data.Span, expected))
        {
            // Not from the peer: the rekey stays, for the real QM2.
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 8");
            return TaskStatus.NeedMore;
        }
        keys.Iv.Confirm(messageId);
        ctx.PeerProven(sa, hash.Data.Span);
        log.Debug("processing SA payload");
        log.Debug("processing nonce payload");
        var outboundSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        var nonceR = nonce.Data.ToArray();
        var pfsSecret = Array.Empty<byte>();
        if (_pfs is { } pfs)
        {
            log.Debug("processing ke payload");
            pfsSecret = new byte[pfs.Group.SharedSecretLength];
            if (payloads.OfType<KePayload>().FirstOrDefault() is not { } ke || pfs.TryComputeSharedSecret(ke.Data.Span, pfsSecret) != DhStatus.Ok)
            {
                log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
                return TaskStatus.NeedMore;
            }
        }

        var hash3 = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash3(messageId, _nonceI, nonceR, hash3);
        log.Debug("constructing qm hash payload");
        var qm3 = MessageProtection.SealPayloads(sa, keys, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash3)]);
        log.DecodeLine("SENDING", messageId, "HDR + HASH (8) + NONE (0)", qm3.Length);
        sa.Tasks.Send(ctx, qm3);
        keys.Iv.Forget(messageId);

        EspKeySizes.TryGet(old.Transform.TransformId, old.Transform.KeyBits, old.Transform.Authentication, out var encLength, out var authLength);
        // We are the initiator here: our nonce is Ni.
        var childKeys = keys.Material.DeriveChildSaKeys(IpsecAttributes.ProtocolEsp, _inboundSpi, outboundSpi, _nonceI, nonceR, pfsSecret, encLength, authLength);
        var who = sa.Username is { } user ? $"User ({user})" : $"LAN-to-LAN Group ({sa.TunnelGroup})";
        var child = old with { Keys = childKeys, Created = ctx.Now };
        IpsecDebug.OutboundInstalled(ctx, sa, child);
        log.Syslog(713049, 5, $"Security negotiation complete for {who}  Initiator, Inbound SPI = 0x{_inboundSpi:x8}, Outbound SPI = 0x{outboundSpi:x8}");
        IpsecDebug.InboundInstalled(ctx, sa, child);
        log.Syslog(713120, 5, $"PHASE 2 COMPLETED (msgid={messageId:x8})");
        sa.Children.Add(child);
        ctx.Outputs.Installed.Add(child);
        IpsecSaEvents.Created(ctx, sa, child);
        return TaskStatus.Done;
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
}
