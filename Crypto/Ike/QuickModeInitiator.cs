using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Quick Mode with this end as initiator (RFC 2409 §5.5): a rekey of an IPsec SA before it expires
/// (EzVPN clients such as vpnc wait for the headend to do it; the new SA repeats the old one's
/// transform, proxies and PFS group, carries the traffic once installed, and the old one is deleted
/// when it expires), or a new SA (an EzVPN client's, for its Mode Config address).
/// <code>
///   HDR*, HASH(1), SA, Ni [, KE ], IDci, IDcr  --&gt;
///                  &lt;--  HDR*, HASH(2), SA, Nr [, KE ], IDci, IDcr [, RESPONDER-LIFETIME ]
///   HDR*, HASH(3)                      --&gt;
/// </code>
/// </summary>
public sealed class QuickModeInitiator(IkeSa sa, IkeKeys keys, QuickModeOffer offer) : IkeTask(sa)
{
    private const int NonceLength = 20;

    private uint _inboundSpi;
    private byte[] _nonceI = [];
    private IDiffieHellman? _pfs;

    public QuickModeInitiator(IkeSa sa, IkeKeys keys, ChildSa old) : this(sa, keys, QuickModeOffer.Rekey(old))
    {
    }

    /// <summary>Whether it rekeys an SA (<see cref="QuickModeOffer.Replaces"/>) rather than asking for a new one.</summary>
    public bool IsRekey => offer.Replaces is not null;

    /// <summary>Our nonce Ni (empty before QM1): two rekeys that cross are settled by it (<see cref="RekeyCollision"/>).</summary>
    public ReadOnlySpan<byte> NonceI => _nonceI;

    /// <summary>The traffic selector this Quick Mode asks for.</summary>
    public ProxyPair Proxies => new(offer.LocalAddress, offer.LocalMask, offer.RemoteAddress, offer.RemoteMask);

    public override ExchangeType Exchange => ExchangeType.QuickMode;

    public override IkeSaState State => IkeSaState.AmActive;

    public override bool Essential => false;

    /// <summary>QM1: the offer's transforms, a fresh SPI and nonce, PFS's public value, the proxies.</summary>
    public override TaskStatus Initiate(IkeContext ctx)
    {
        var sa = Sa;
        var log = new IkeLog(sa, ctx.Outputs);
        var messageId = MessageId = ctx.RandomMessageId();
        var inboundSpi = _inboundSpi = ctx.RandomSpi();
        IpsecDebug.Embryonic(ctx, sa, "inbound", inboundSpi);
        var nonce = _nonceI = ctx.RandomBytes(NonceLength);
        // PFS with the offer's group (a rekey repeats it: vpnc refuses a rekey without KE when it asked for PFS).
        var pfs = _pfs = offer.PfsGroup is { } groupId ? DhGroup.FromAttribute((ushort)groupId)?.CreateKeyPair(ctx.Random) : null;
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, inboundSpi);
        // Initiator proxy first: this end's side, then the peer's.
        var idCi = Identity(offer.LocalAddress, offer.LocalMask);
        var idCr = Identity(offer.RemoteAddress, offer.RemoteMask);
        var payloads = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, Proposals(spi)),
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
        log.Debug(LanToLanText.TransmittingProxyId(offer.LocalAddress, offer.LocalMask, offer.RemoteAddress, offer.RemoteMask));
        log.Debug("constructing qm hash payload");
        log.Decode($"IKE Initiator sending 1st QM pkt: msg id = {messageId:x8}");
        var message = MessageProtection.SealPayloads(sa, keys, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
        log.DecodeLine("SENDING", messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads], message.Length);
        ctx.Services.Statistics.OutP2Exchanges++;
        if (offer.Replaces is { } old) sa.RekeyStarted[old.InboundSpi] = ctx.Now;
        sa.Tasks.SendRequest(ctx, this, message);
        return TaskStatus.NeedMore;
    }

    /// <summary>
    /// A rekey offers its one transform as proposal 1, transform 1; a client offers each of its
    /// transforms as a proposal of its own, numbered from 0 as the Cisco client and vpnc do.
    /// </summary>
    private List<Proposal> Proposals(byte[] spi)
    {
        if (offer.Replaces is not null)
            return [new Proposal(1, IpsecAttributes.ProtocolEsp, spi, [new Transform(1, offer.Transforms[0].TransformId, RekeyAttributes(offer.Transforms[0]))])];
        var proposals = new List<Proposal>();
        byte n = 0;
        foreach (var t in offer.Transforms)
        {
            var attributes = new List<DataAttribute>();
            if (t.KeyBits is { } bits) attributes.Add(DataAttribute.Basic(IpsecAttributes.KeyLength, (ushort)bits));
            attributes.Add(DataAttribute.Basic(IpsecAttributes.EncapsulationMode, Encapsulation));
            if (t.Authentication is { } auth) attributes.Add(DataAttribute.Basic(IpsecAttributes.AuthenticationAlgorithm, auth));
            attributes.Add(DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeSeconds));
            attributes.Add(DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)offer.LifetimeSeconds));
            // A site offers its kilobyte lifetime too, as the ASA does; an EzVPN client offers seconds only.
            if (offer.LifetimeKilobytes is { } kb)
            {
                attributes.Add(DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeKilobytes));
                attributes.Add(DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)Math.Min(kb, uint.MaxValue)));
            }
            if (offer.PfsGroup is { } group) attributes.Add(DataAttribute.Basic(IpsecAttributes.GroupDescription, (ushort)group));
            proposals.Add(new Proposal(n++, IpsecAttributes.ProtocolEsp, spi, [new Transform(0, t.TransformId, attributes)]));
        }
        return proposals;
    }

    private ushort Encapsulation => offer.UdpEncapsulated ? IpsecAttributes.UdpTunnel : IpsecAttributes.Tunnel;

    private List<DataAttribute> RekeyAttributes(EspTransform t)
    {
        var attributes = new List<DataAttribute>
        {
            DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeSeconds),
            DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)offer.LifetimeSeconds),
        };
        if (offer.LifetimeKilobytes is { } kb)
        {
            attributes.Add(DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeKilobytes));
            attributes.Add(DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)kb));
        }
        attributes.Add(DataAttribute.Basic(IpsecAttributes.EncapsulationMode, Encapsulation));
        if (t.Authentication is { } auth) attributes.Add(DataAttribute.Basic(IpsecAttributes.AuthenticationAlgorithm, auth));
        if (t.KeyBits is { } bits) attributes.Add(DataAttribute.Basic(IpsecAttributes.KeyLength, (ushort)bits));
        if (offer.PfsGroup is { } group) attributes.Add(DataAttribute.Basic(IpsecAttributes.GroupDescription, (ushort)group));
        return attributes;
    }

    /// <summary>QM2: HASH(2) checked, the chosen transform one we offered, QM3 sent, the new SA pair installed. A QM2 that is not the peer's leaves the exchange waiting.</summary>
    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        var sa = Sa;
        var (messageId, payloads) = (message.MessageId, message.Payloads);
        var plaintext = message.Plaintext.Span;
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug("processing hash payload");
        var nonce = payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var proposal = payloads.OfType<SaPayload>().FirstOrDefault()?.Proposals.FirstOrDefault();
        var chosen = proposal is { Transforms: [var t] } ? Offered(t) : null;
        if (payloads.Count < 2 || payloads[0] is not DataPayload { Kind: PayloadType.Hash } hash || nonce is null || proposal is not { Spi.Length: 4 } || chosen is null)
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
            ctx.Services.Statistics.HashValidFails++;
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
                // The peer's own answer (its HASH checked) without the PFS we asked for: the exchange fails.
                log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
                return TaskStatus.Failed;
            }
        }
        else if (payloads.OfType<KePayload>().Any())
        {
            // A KE we did not ask for: the peer keys the SA with a PFS secret we do not have.
            log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
            return TaskStatus.Failed;
        }

        var hash3 = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash3(messageId, _nonceI, nonceR, hash3);
        log.Debug("constructing qm hash payload");
        var qm3 = MessageProtection.SealPayloads(sa, keys, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash3)]);
        log.DecodeLine("SENDING", messageId, "HDR + HASH (8) + NONE (0)", qm3.Length);
        sa.Tasks.Send(ctx, qm3);
        keys.Iv.Forget(messageId);

        EspKeySizes.TryGet(chosen.TransformId, chosen.KeyBits, chosen.Authentication, out var encLength, out var authLength);
        // We are the initiator here: our nonce is Ni.
        var childKeys = keys.Material.DeriveChildSaKeys(IpsecAttributes.ProtocolEsp, _inboundSpi, outboundSpi, _nonceI, nonceR, pfsSecret, encLength, authLength);
        var who = sa.Username is { } user ? $"User ({user})" : $"LAN-to-LAN Group ({sa.TunnelGroup})";
        var (seconds, kilobytes) = ResponderLifetime(payloads) ?? (offer.LifetimeSeconds, offer.LifetimeKilobytes);
        var child = offer.Replaces is { } old ? old with { Keys = childKeys, Created = ctx.Now }
            : new ChildSa(sa.CookieI, childKeys, chosen, sa.Local, sa.Peer, offer.UdpEncapsulated, offer.RemoteAddress, offer.RemoteMask,
                offer.LocalAddress, offer.LocalMask, seconds, kilobytes, offer.CryptoMap, offer.Sequence, offer.ReverseRoute, sa.TunnelGroup,
                sa.Username, ctx.Now, offer.PfsGroup) { VpnFilter = SessionPolicy.VpnFilter(ctx.Config, sa) };
        IpsecDebug.OutboundInstalled(ctx, sa, child);
        log.Syslog(713049, 5, $"Security negotiation complete for {who}  Initiator, Inbound SPI = 0x{_inboundSpi:x8}, Outbound SPI = 0x{outboundSpi:x8}");
        IpsecDebug.InboundInstalled(ctx, sa, child);
        log.Debug($"Starting P2 rekey timer: {child.LifetimeSeconds * 95 / 100} seconds.");
        log.Syslog(713120, 5, $"PHASE 2 COMPLETED (msgid={messageId:x8})");
        sa.Children.Add(child);
        ctx.Outputs.Installed.Add(child);
        IpsecSaEvents.Created(ctx, sa, child);
        return TaskStatus.Done;
    }

    /// <summary>The offered transform the responder's one transform is, if it is one.</summary>
    private EspTransform? Offered(Transform t)
    {
        var keyBits = (int?)t.Attribute(IpsecAttributes.KeyLength)?.Number;
        var auth = (ushort?)t.Attribute(IpsecAttributes.AuthenticationAlgorithm)?.Number;
        return offer.Transforms.FirstOrDefault(o => o.TransformId == t.TransformId && o.KeyBits == keyBits && o.Authentication == auth);
    }

    /// <summary>The lifetimes a RESPONDER-LIFETIME notify in QM2 lowers ours to (RFC 2407 §4.6.3.1).</summary>
    private (long Seconds, long? Kilobytes)? ResponderLifetime(IReadOnlyList<Payload> payloads)
    {
        if (payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.MessageType == NotifyTypes.ResponderLifetime) is not { } notify) return null;
        var (seconds, kilobytes) = (offer.LifetimeSeconds, offer.LifetimeKilobytes);
        foreach (var (type, value) in ResponderLifetimeNotify.Read(notify, IpsecAttributes.LifeType, IpsecAttributes.LifeDuration))
        {
            if (type == IpsecAttributes.LifeSeconds) seconds = Math.Min(seconds, value);
            else if (type == IpsecAttributes.LifeKilobytes) kilobytes = kilobytes is { } kb ? Math.Min(kb, value) : value;
        }
        return (seconds, kilobytes);
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
