using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>IPsec SA attributes (RFC 2407 §4.5) and encapsulation modes (RFC 3947 §5.1, and the draft values).</summary>
public static class IpsecAttributes
{
    public const ushort LifeType = 1, LifeDuration = 2, GroupDescription = 3, EncapsulationMode = 4, AuthenticationAlgorithm = 5, KeyLength = 6;
    public const ushort Tunnel = 1, Transport = 2, UdpTunnel = 3, UdpTransport = 4, UdpTunnelDraft = 61443, UdpTransportDraft = 61444;
    public const ushort LifeSeconds = 1, LifeKilobytes = 2;
    public const byte ProtocolEsp = SecurityProtocols.Esp;
}

/// <summary>One Quick Mode exchange in progress (between QM1 and QM3).</summary>
public sealed record QuickModeExchange(uint MessageId, byte[] NonceI, byte[] NonceR, uint InboundSpi, uint OutboundSpi,
    EspTransform Transform, bool UdpEncapsulated, byte[] PfsSecret, Ipv4 RemoteAddress, Ipv4 RemoteMask, Ipv4 LocalAddress,
    Ipv4 LocalMask, long LifetimeSeconds, long? LifetimeKilobytes, string CryptoMap, int Sequence, bool ReverseRoute, int? PfsGroup = null);

/// <summary>
/// Quick Mode, responder side (RFC 2409 §5.5):
/// <code>
///   HDR*, HASH(1), SA, Ni [, KE ] [, IDci, IDcr ]  --&gt;
///                    &lt;--  HDR*, HASH(2), SA, Nr [, KE ] [, IDci, IDcr ] [, RESPONDER-LIFETIME ]
///   HDR*, HASH(3)                                  --&gt;
/// </code>
/// Proposals are matched against the transform sets of the crypto map bound to the interface and of
/// its dynamic maps, by sequence number; the result is an SA pair for the dataplane.
/// </summary>
public sealed class QuickModeResponder(IkeSa sa, IkeKeys keys) : IkeTask(sa)
{
    private const int NonceLength = 20;

    /// <summary>What QM1 settled, kept for QM3; null before.</summary>
    private QuickModeExchange? _exchange;

    /// <summary>The SA pair QM2 made and installed for its inbound side; QM3 installs it whole.</summary>
    private ChildSa? _receiving;

    public override ExchangeType Exchange => ExchangeType.QuickMode;

    public override IkeSaState State => IkeSaState.AmActive;

    public override bool Essential => false;

    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        if (_exchange is { } qm && _receiving is { } receiving) return ProcessThird(ctx, qm, receiving, message);
        MessageId = message.MessageId;
        return ProcessFirst(ctx, message.MessageId, message.Payloads, message.Plaintext);
    }

    private TaskStatus ProcessFirst(IkeContext ctx, uint messageId, IReadOnlyList<Payload> payloads, ReadOnlyMemory<byte> plaintext)
    {
        var sa = Sa;
        var nameIf = Sa.NameIf;
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug("processing hash payload");
        if (!HashAfter(payloads, plaintext, out var after) || !Hash1Valid(messageId, payloads, after))
        {
            ctx.Services.Statistics.HashValidFails++;
            ctx.Services.Statistics.InP2ExchangeInvalids++;
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 8");
            return TaskStatus.Failed;
        }
        keys.Iv.Confirm(messageId);
        ctx.PeerProven(sa, ((DataPayload)payloads[0]).Data.Span);
        log.Debug("processing SA payload");
        log.Debug("processing nonce payload");
        var saPayload = payloads.OfType<SaPayload>().FirstOrDefault();
        var nonce = payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var ke = payloads.OfType<KePayload>().FirstOrDefault();
        var ids = payloads.OfType<IdPayload>().ToList();
        if (saPayload is null || nonce is null)
        {
            ctx.Services.Statistics.InP2ExchangeInvalids++;
            return TaskStatus.Failed;
        }

        // Proxy identities: the client's address (or network) and what it wants to reach.
        var (remote, remoteMask) = ids.Count > 0 ? Identity(ids[0]) : (sa.AssignedAddress ?? Ipv4.Any, Ipv4.HostMask);
        var (local, localMask) = ids.Count > 1 ? Identity(ids[1]) : (Ipv4.Any, Ipv4.Any);
        if (ids.Count > 0)
        {
            log.Debug("processing ID payload");
            if (ids[0].IdType == IdPayload.Ipv4Subnet)
            {
                // A hardware client in network extension mode speaks for its network.
                log.Decode($"ID_IPV4_ADDR_SUBNET ID received--{remote}--{remoteMask}");
                log.Main(IkeLog.Notice, $"Received remote IP Proxy Subnet data in ID Payload:   Address {remote}, Mask {remoteMask}, Protocol 0, Port 0");
            }
            else
            {
                log.Decode($"ID_IPV4_ADDR ID received {remote}");
                log.Main(IkeLog.Notice, $"Received remote Proxy Host data in ID Payload:  Address {remote}, Protocol 0, Port 0");
            }
        }
        if (ids.Count > 1)
        {
            log.Debug("processing ID payload");
            log.Decode($"ID_IPV4_ADDR_SUBNET ID received--{local}--{localMask}");
            log.Main(IkeLog.Notice, $"Received local IP Proxy Subnet data in ID Payload:   Address {local}, Mask {localMask}, Protocol 0, Port 0");
        }

        if (RekeyCollision.OwnRekeyWins(ctx, Sa, new ProxyPair(local, localMask, remote, remoteMask), nonce.Data.Span, log)) return TaskStatus.Failed;
        var accepted = Sa.RemoteAccessClient
            ? FromOwnSa(ctx, log, saPayload, ke is not null, remote, remoteMask, local, localMask)
            : FromCryptoMap(ctx, log, messageId, saPayload, ke is not null, remote, remoteMask, local, localMask);
        if (accepted is null)
        {
            ctx.Services.Statistics.InP2ExchangeRejects++;
            return TaskStatus.Failed;
        }
        var (proposal, transform, esp, udp) = (accepted.Proposal, accepted.Transform, accepted.Esp, accepted.UdpEncapsulated);
        var (seconds, kilobytes) = (accepted.Seconds, accepted.Kilobytes);
        var offeredSeconds = Offered(transform, IpsecAttributes.LifeSeconds);
        var offeredKilobytes = Offered(transform, IpsecAttributes.LifeKilobytes);
        var lowerSeconds = offeredSeconds is null || offeredSeconds > seconds;
        var lowerKilobytes = kilobytes is not null && (offeredKilobytes is null || offeredKilobytes > kilobytes);
        // A shorter lifetime the initiator offers stands: both ends of the SA then rekey it alike (RFC 2407 §4.5).
        if (offeredSeconds is { } os && os < seconds) seconds = os;
        if (offeredKilobytes is { } ok && (kilobytes is null || ok < kilobytes)) kilobytes = ok;

        // PFS: the entry's group (Select took only a transform that offers it), or the client's
        // when it offers PFS to an entry without.
        var pfsSecret = Array.Empty<byte>();
        byte[]? kePublic = null;
        int? pfsGroup = null;
        if (ke is not null)
        {
            var groupId = (ushort)(accepted.PfsGroup ?? (int?)transform.Attribute(IpsecAttributes.GroupDescription)?.Number ?? 2);
            pfsGroup = groupId;
            var group = DhGroup.FromAttribute(groupId);
            if (group is null)
            {
                ctx.Services.Statistics.InP2ExchangeRejects++;
                SendNotify(ctx, NotifyTypes.NoProposalChosen);
                return TaskStatus.Failed;
            }
            var pair = group.CreateKeyPair(ctx.Random);
            pfsSecret = new byte[group.SharedSecretLength];
            if (pair.TryComputeSharedSecret(ke.Data.Span, pfsSecret) != DhStatus.Ok)
            {
                ctx.Services.Statistics.InP2ExchangeInvalids++;
                return TaskStatus.Failed;
            }
            kePublic = pair.PublicValue.ToArray();
        }

        log.Main(IkeLog.Notice, "IKE: requesting SPI!");
        var inboundSpi = ctx.RandomSpi();
        IpsecDebug.Embryonic(ctx, sa, "inbound", inboundSpi);
        log.Debug($"IKE got SPI from key engine: SPI = 0x{inboundSpi:x8}");
        var outboundSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        var nonceR = ctx.RandomBytes(NonceLength);

        log.Debug("oakley constucting quick mode");
        log.Debug("constructing blank hash payload");
        log.Debug("constructing IPSec SA payload");
        if (lowerSeconds && offeredSeconds is not null)
            log.Main(IkeLog.Notice, $"Overriding Initiator's IPSec rekeying duration from {offeredSeconds} to {seconds} seconds");
        if (lowerKilobytes)
            log.Main(IkeLog.Notice, $"Overriding Initiator's IPSec rekeying duration from {offeredKilobytes ?? 0} to {kilobytes} Kbs");
        var reply = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, [proposal with { Spi = BigEndian(inboundSpi), Transforms = [transform] }]),
        };
        log.Debug("constructing IPSec nonce payload");
        reply.Add(new DataPayload(PayloadType.Nonce, nonceR));
        if (kePublic is not null) reply.Add(new KePayload(kePublic));
        if (ids.Count >= 2)
        {
            log.Debug("constructing proxy ID");
            log.Debug($"Transmitting Proxy Id:\n  Remote host: {remote}  Protocol 0  Port 0\n  Local subnet:  {local}  mask {localMask} Protocol 0  Port 0");
            reply.Add(ids[0] with { Body = default });
            reply.Add(ids[1] with { Body = default });
        }
        if (lowerSeconds || lowerKilobytes)
        {
            log.Debug("Sending RESPONDER LIFETIME notification to Initiator");
            var attributes = new List<DataAttribute>
            {
                DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeSeconds),
                DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)seconds),
            };
            if (kilobytes is { } kb)
            {
                attributes.Add(DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeKilobytes));
                attributes.Add(DataAttribute.Integer(IpsecAttributes.LifeDuration, (uint)kb));
            }
            var data = new byte[attributes.Sum(a => a.EncodedLength)];
            var at = 0;
            foreach (var a in attributes) at += a.Write(data.AsSpan(at));
            reply.Add(new NotifyPayload(SaPayload.IpsecDoi, IpsecAttributes.ProtocolEsp, BigEndian(inboundSpi), NotifyTypes.ResponderLifetime, data));
        }

        log.Debug("constructing qm hash payload");
        var body = new byte[IsakmpEncoder.PayloadsLength(reply)];
        IsakmpEncoder.WritePayloads(reply, body);
        var hash2 = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash2(messageId, nonce.Data.Span, body, hash2);
        log.Decode($"IKE Responder sending 2nd QM pkt: msg id = {messageId:x8}");
        var message = MessageProtection.SealPayloads(sa, keys, ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash2), .. reply]);
        ctx.Services.Statistics.Sent(reply);
        log.DecodeLine("SENDING", messageId, [new DataPayload(PayloadType.Hash, hash2), .. reply], message.Length);
        sa.Tasks.Send(ctx, message);

        _exchange = new QuickModeExchange(messageId, nonce.Data.ToArray(), nonceR, inboundSpi, outboundSpi, esp, udp, pfsSecret,
            remote, remoteMask, local, localMask, seconds, kilobytes, accepted.CryptoMap, accepted.Sequence, accepted.ReverseRoute, pfsGroup);
        // The peer encrypts with the new SA as soon as it sent QM3, and its first packets can reach the
        // dataplane (a thread of its own) before QM3 reaches this loop: the inbound SA is installed now,
        // sending nothing until the peer's first packet by it or QM3, so a rekey under traffic loses nothing.
        var receiving = _receiving = Child(ctx, _exchange) with { InboundOnly = true };
        if (Sa.Receiving.Count >= MaxReceiving)
        {
            ctx.Outputs.Removed.Add(Sa.Receiving[0]);
            Sa.Receiving.RemoveAt(0);
        }
        Sa.Receiving.Add(receiving);
        ctx.Outputs.Receiving.Add(receiving);
        return TaskStatus.NeedMore;
    }

    /// <summary>QM3: HASH(3) proves the client has the keys; the SA pair is then installed.</summary>
    private TaskStatus ProcessThird(IkeContext ctx, QuickModeExchange qm, ChildSa receiving, InboundMessage message)
    {
        var sa = Sa;
        var (messageId, payloads) = (message.MessageId, message.Payloads);
        var log = new IkeLog(sa, ctx.Outputs);
        log.Debug("processing hash payload");
        var expected = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash3(messageId, qm.NonceI, qm.NonceR, expected);
        if (payloads.FirstOrDefault() is not DataPayload { Kind: PayloadType.Hash } hash || !KeyMaterial.HashesEqual(hash.Data.Span, expected))
        {
            // Not from the peer: the exchange stays, for the real QM3.
            ctx.Services.Statistics.HashValidFails++;
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 8");
            return TaskStatus.NeedMore;
        }
        keys.Iv.Confirm(messageId);
        ctx.PeerProven(sa, hash.Data.Span);
        keys.Iv.Forget(messageId);
        log.Debug("loading all IPSEC SAs");
        log.Debug("Generating Quick Mode Key!");
        log.Debug($"NP encrypt rule look up for crypto map {qm.CryptoMap} {qm.Sequence} matching ACL Unknown: returned cs_id=0x{qm.InboundSpi ^ 0x5a5a5a5au:x8}; rule=00000000");
        log.Debug("Generating Quick Mode Key!");
        // The pair QM2 derived, now for both directions; its lifetime counts from here.
        var child = receiving with { InboundOnly = false, Created = ctx.Now };
        sa.Receiving.RemoveAll(c => c.InboundSpi == child.InboundSpi);
        IpsecDebug.OutboundInstalled(ctx, sa, child);
        var who = sa.Username is { } user ? $"User ({user})" : $"LAN-to-LAN Group ({sa.TunnelGroup})";
        log.Syslog(713049, 5, $"Security negotiation complete for {who}  Responder, Inbound SPI = 0x{qm.InboundSpi:x8}, Outbound SPI = 0x{qm.OutboundSpi:x8}");
        log.Debug($"IKE got a KEY_ADD msg for SA: SPI = 0x{qm.OutboundSpi:x8}");
        IpsecDebug.InboundInstalled(ctx, sa, child);
        log.Debug($"Pitcher: received KEY_UPDATE, spi 0x{qm.InboundSpi:x8}");
        log.Debug($"Starting P2 rekey timer: {qm.LifetimeSeconds * 95 / 100} seconds.");
        if (qm.ReverseRoute) log.Main(IkeLog.Notice, $"Adding static route for client address: {qm.RemoteAddress}");
        log.Syslog(713120, 5, $"PHASE 2 COMPLETED (msgid={messageId:x8})");
        IpsecSaEvents.Created(ctx, sa, child);
        sa.Children.Add(child);
        ctx.Outputs.Installed.Add(child);
        return TaskStatus.Done;
    }

    /// <summary>
    /// Inbound SAs an IKE SA holds for Quick Modes still waiting for their QM3; past it the oldest
    /// leaves the dataplane, so a peer that never sends QM3 cannot make it grow [M: a bound of ours].
    /// </summary>
    public const int MaxReceiving = 8;

    /// <summary>The SA pair an exchange makes, its keys from the two nonces (and the PFS secret).</summary>
    private ChildSa Child(IkeContext ctx, QuickModeExchange qm)
    {
        var sa = Sa;
        EspKeySizes.TryGet(qm.Transform.TransformId, qm.Transform.KeyBits, qm.Transform.Authentication, out var encLength, out var authLength);
        var childKeys = keys.Material.DeriveChildSaKeys(IpsecAttributes.ProtocolEsp, qm.InboundSpi, qm.OutboundSpi, qm.NonceI, qm.NonceR, qm.PfsSecret, encLength, authLength);
        return new ChildSa(sa.CookieI, childKeys, qm.Transform, sa.Local, sa.Peer, qm.UdpEncapsulated, qm.RemoteAddress, qm.RemoteMask,
            qm.LocalAddress, qm.LocalMask, qm.LifetimeSeconds, qm.LifetimeKilobytes, qm.CryptoMap, qm.Sequence, qm.ReverseRoute, sa.TunnelGroup,
            sa.Username, ctx.Now, qm.PfsGroup)
        {
            // The session's group policy filters its decrypted traffic in the dataplane (vpn-filter).
            VpnFilter = SessionPolicy.VpnFilter(ctx.Config, sa),
            // NAT-T takes precedence over IPsec over UDP, as on the ASA.
            IpsecUdpPort = qm.UdpEncapsulated ? null : sa.IpsecUdpPort,
        };
    }

    /// <summary>What a responder accepted of a QM1: the proposal and transform, the SA it makes and where it came from.</summary>
    private sealed record Acceptance(Proposal Proposal, Transform Transform, EspTransform Esp, bool UdpEncapsulated, int? PfsGroup,
        long Seconds, long? Kilobytes, string CryptoMap, int Sequence, bool ReverseRoute);

    /// <summary>
    /// The headend's choice: the crypto map on the interface (its static entries, then the dynamic
    /// maps it names) decides transform, PFS and lifetimes; a remote-access client may speak only
    /// for the address it was given.
    /// </summary>
    private Acceptance? FromCryptoMap(IkeContext ctx, IkeLog log, uint messageId, SaPayload saPayload, bool pfs,
        Ipv4 remote, Ipv4 remoteMask, Ipv4 local, Ipv4 localMask)
    {
        var sa = Sa;
        var nameIf = sa.NameIf;
        // The first Quick Mode of a client replaces none of its SAs [M wording].
        if (!sa.Children.Any(c => c.RemoteAddress == remote)) log.Main(IkeLog.Notice, "QM IsRekeyed old sa not found by addr");

        var map = ctx.Config.CryptoMapOn(nameIf);
        if (map is null)
        {
            log.Main(IkeLog.Milestone, $"Rejecting IPSec tunnel: no matching crypto map entry for remote proxy {remote}/{remoteMask}/0/0 local proxy {local}/{localMask}/0/0 on interface {nameIf}");
            return null;
        }
        // A remote-access client speaks only for the address Mode Config gave it: any other remote
        // proxy would route someone else's traffic into its tunnel (RFC 2409 §5.5 leaves the check
        // to the responder's policy; INVALID-ID-INFORMATION, RFC 2408 §3.14.1).
        if (sa.AssignedAddress is { } assigned && (remote != assigned || remoteMask != Ipv4.HostMask))
        {
            log.Main(IkeLog.Milestone, $"Rejecting IPSec tunnel: no matching crypto map entry for remote proxy {remote}/{remoteMask}/0/0 local proxy {local}/{localMask}/0/0 on interface {nameIf}");
            SendNotify(ctx, NotifyTypes.InvalidIdInformation);
            return null;
        }
        if (sa.AssignedAddress is null && !NetworkExtensionAllowed(ctx, log, remote, remoteMask)) return null;
        var proposed = new ProxyPair(local, localMask, remote, remoteMask);
        var rekey = sa.Children.Any(c => c.Proxies == proposed);
        var candidates = Candidates(ctx.Config, map, sa.Peer.Address.ToString(), proposed, rekey).ToList();
        if (candidates.Count == 0)
        {
            // A site whose proxies mirror no entry of the map for its address (syslog 713061): the
            // ASA ends the session (reference §2.8).
            log.Syslog(713061, 3, $"Rejecting IPSec tunnel: no matching crypto map entry for remote proxy {remote}/{remoteMask}/0/0 local proxy {local}/{localMask}/0/0 on interface {nameIf}");
            sa.Ending = "crypto map policy not found";
            return null;
        }
        var match = Select(ctx.Config, candidates, saPayload, sa.NatT is not null, pfs);
        if (match is null)
        {
            log.Debug("processing IPSec SA payload");
            log.Debug("All IPSec SA proposals found unacceptable!");
            log.Main(IkeLog.Milestone, $"QM FSM error (P2 struct &0x00000000, mess id 0x{messageId:x8})!");
            SendNotify(ctx, NotifyTypes.NoProposalChosen);
            return null;
        }
        var (proposal, transform, entry, mapName, esp, udp) = match.Value;
        log.Main(IkeLog.Notice, $"IKE Remote Peer configured for crypto map: {mapName}");
        log.Debug("processing IPSec SA payload");
        log.Debug($"IPSec SA Proposal # {proposal.Number}, Transform # {transform.Number} acceptable  Matches global IPSec SA entry # {entry.Sequence}",
            [.. ctx.Config.FindDynamicMap(mapName)?.Sources ?? map.Sources, .. ctx.Config.FindTransformSet(esp.TransformSet)?.Sources ?? []]);
        var lifetime = ctx.Config.IpsecSaLifetimeOf(entry);
        return new Acceptance(proposal, transform, esp, udp, entry.PfsGroup, lifetime.Seconds,
            lifetime.Kilobytes, mapName, entry.Sequence, entry.ReverseRoute);
    }

    /// <summary>
    /// A remote-access client without an assigned address is a hardware client in network extension
    /// mode (an IOS or ASA 5505 EzVPN client, strongSwan with its LAN as local traffic selector): it
    /// proposes its own network as its proxy. The group policy's <c>nem enable</c> lets it; without,
    /// the ASA refuses the Quick Mode [M: the message]. LAN-to-LAN tunnel-groups are not concerned.
    /// </summary>
    private bool NetworkExtensionAllowed(IkeContext ctx, IkeLog log, Ipv4 remote, Ipv4 remoteMask)
    {
        if (Sa.TunnelGroup is not { } name || ctx.Config.Get<TunnelGroup>(name)?.Type != TunnelGroup.RemoteAccess) return true;
        // A network of everything would route all the inside's traffic into one client's tunnel.
        if (remoteMask == Ipv4.Any)
        {
            log.Main(IkeLog.Milestone, $"Rejecting IPSec tunnel: no matching crypto map entry for remote proxy {remote}/{remoteMask}/0/0 local proxy 0.0.0.0/0.0.0.0/0/0 on interface {Sa.NameIf}");
            SendNotify(ctx, NotifyTypes.InvalidIdInformation);
            return false;
        }
        if (!SessionPolicy.For(ctx.Config, Sa).Nem)
        {
            log.Main(IkeLog.Milestone, RemoteAccessText.NemNotAllowed);
            SendNotify(ctx, NotifyTypes.InvalidIdInformation);
            return false;
        }
        log.Main(IkeLog.Notice, RemoteAccessText.NetworkExtension(remote.ToString(), remoteMask.ToString()));
        return true;
    }

    /// <summary>
    /// An EzVPN client answers the headend's rekey of one of its SAs (the Cisco client and vpnc do):
    /// the proxies must be those of an SA it has, the transform that SA's; the headend's lifetimes stand.
    /// </summary>
    private Acceptance? FromOwnSa(IkeContext ctx, IkeLog log, SaPayload saPayload, bool pfs, Ipv4 remote, Ipv4 remoteMask, Ipv4 local, Ipv4 localMask)
    {
        var sa = Sa;
        var old = sa.Children.FirstOrDefault(c => c.RemoteAddress == remote && c.RemoteMask == remoteMask && c.LocalAddress == local && c.LocalMask == localMask);
        foreach (var proposal in saPayload.Proposals.Where(p => p.ProtocolId == IpsecAttributes.ProtocolEsp && p.Spi.Length == 4))
            foreach (var t in proposal.Transforms)
            {
                var keyBits = (int?)t.Attribute(IpsecAttributes.KeyLength)?.Number;
                var auth = (ushort?)t.Attribute(IpsecAttributes.AuthenticationAlgorithm)?.Number;
                if (old is null || t.TransformId != old.Transform.TransformId || keyBits != old.Transform.KeyBits || auth != old.Transform.Authentication) continue;
                if (pfs != (t.Attribute(IpsecAttributes.GroupDescription) is not null)) continue;
                return new Acceptance(proposal, t, old.Transform, old.UdpEncapsulated, (int?)t.Attribute(IpsecAttributes.GroupDescription)?.Number,
                    Offered(t, IpsecAttributes.LifeSeconds) ?? old.LifetimeSeconds, Offered(t, IpsecAttributes.LifeKilobytes), old.CryptoMap, old.Sequence, old.ReverseRoute);
            }
        log.Main(IkeLog.Milestone, $"Rejecting IPSec tunnel: no SA of this client for remote proxy {remote}/{remoteMask}/0/0 local proxy {local}/{localMask}/0/0");
        SendNotify(ctx, NotifyTypes.NoProposalChosen);
        return null;
    }

    /// <summary>
    /// The map entries a peer's Quick Mode may take, in the order the ASA tries them: a static entry
    /// when the peer is one of its <c>set peer</c> addresses and its crypto ACL covers the proxies
    /// proposed, unless it is <c>originate-only</c> and the peer asks for a new SA rather than the
    /// rekey of one this end began; the entries of the dynamic maps an entry names, for anyone.
    /// </summary>
    private static IEnumerable<(CryptoMapEntry Entry, string Name)> Candidates(AsaConfig config, CryptoMap map, string peer, ProxyPair proposed, bool rekey)
    {
        foreach (var mapEntry in map.OrderedEntries)
        {
            if (mapEntry.DynamicMap is { } dynamicName)
            {
                if (config.FindDynamicMap(dynamicName) is { } dynamic)
                    foreach (var entry in dynamic.OrderedEntries) yield return (entry, dynamic.Name);
            }
            else if (mapEntry.Peers.Contains(peer) && mapEntry.MatchAddress is { } acl
                && (rekey || mapEntry.ConnectionType != CryptoMapEntry.OriginateOnly)
                && config.CryptoAclEntries(acl).Any(e => e.Permit && e.Proxies.Covers(proposed)))
                yield return (mapEntry, map.Name);
        }
    }

    private static (Proposal, Transform, CryptoMapEntry, string, EspTransform, bool)? Select(AsaConfig config,
        IEnumerable<(CryptoMapEntry Entry, string Name)> candidates, SaPayload sa, bool natT, bool pfs)
    {
        foreach (var (entry, name) in candidates)
        {
            // An entry with PFS requires the client's KE; without, the client may still offer it.
            if (entry.PfsGroup is not null && !pfs) continue;
            foreach (var setName in entry.TransformSets)
            {
                if (config.FindTransformSet(setName) is not { } set) continue;
                foreach (var proposal in sa.Proposals.Where(p => p.ProtocolId == IpsecAttributes.ProtocolEsp && p.Spi.Length == 4))
                    foreach (var transform in proposal.Transforms)
                        if (PfsFits(entry, transform) && Matches(set, transform, natT) is { } udp)
                            return (proposal, transform, entry, name,
                                new EspTransform(transform.TransformId, (int?)transform.Attribute(IpsecAttributes.KeyLength)?.Number,
                                    (ushort?)transform.Attribute(IpsecAttributes.AuthenticationAlgorithm)?.Number, set.Name), udp);
            }
        }
        return null;
    }

    /// <summary>An entry with <c>set pfs groupN</c> takes only a transform that offers group N (<c>set pfs</c> alone: group 2).</summary>
    private static bool PfsFits(CryptoMapEntry entry, Transform transform) =>
        entry.PfsGroup is not { } group || (transform.Attribute(IpsecAttributes.GroupDescription)?.Number ?? 2) == (ulong)group;

    /// <summary>Null when the transform does not fit the set; else whether it asks for UDP encapsulation.</summary>
    private static bool? Matches(TransformSet set, Transform t, bool natT)
    {
        if (EspTransforms.Of(set) is not { } esp || t.TransformId != esp.TransformId) return null;
        var keyLength = (int?)t.Attribute(IpsecAttributes.KeyLength)?.Number;
        if (keyLength != esp.KeyBits) return null;
        if ((ushort?)t.Attribute(IpsecAttributes.AuthenticationAlgorithm)?.Number != esp.Authentication) return null;
        var mode = (ushort)(t.Attribute(IpsecAttributes.EncapsulationMode)?.Number ?? IpsecAttributes.Tunnel);
        var tunnel = set.Mode == TransformSet.Tunnel;
        return mode switch
        {
            IpsecAttributes.Tunnel when tunnel => false,
            IpsecAttributes.Transport when !tunnel => false,
            IpsecAttributes.UdpTunnel or IpsecAttributes.UdpTunnelDraft when tunnel && natT => true,
            IpsecAttributes.UdpTransport or IpsecAttributes.UdpTransportDraft when !tunnel && natT => true,
            _ => null,
        };
    }

    private static long? Offered(Transform t, ushort lifeType)
    {
        for (var i = 0; i + 1 < t.Attributes.Count; i++)
            if (t.Attributes[i].Type == IpsecAttributes.LifeType && t.Attributes[i].Number == lifeType && t.Attributes[i + 1].Type == IpsecAttributes.LifeDuration)
                return (long)t.Attributes[i + 1].Number;
        return null;
    }

    private static (Ipv4, Ipv4) Identity(IdPayload id)
    {
        var d = id.Data.Span;
        return id.IdType switch
        {
            IdPayload.Ipv4Address when d.Length >= 4 => (new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(d)), Ipv4.HostMask),
            IdPayload.Ipv4Subnet when d.Length >= 8 => (new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(d)), new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(d[4..]))),
            _ => (Ipv4.Any, Ipv4.Any),
        };
    }

    private static bool HashAfter(IReadOnlyList<Payload> payloads, ReadOnlyMemory<byte> plaintext, out ReadOnlyMemory<byte> after)
    {
        after = default;
        if (payloads.Count < 2 || payloads[0] is not DataPayload { Kind: PayloadType.Hash }) return false;
        var last = payloads[^1];
        after = plaintext.Slice(payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength);
        return true;
    }

    private bool Hash1Valid(uint messageId, IReadOnlyList<Payload> payloads, ReadOnlyMemory<byte> after)
    {
        var expected = new byte[keys.HashLength];
        keys.Material.ComputeQuickModeHash1(messageId, after.Span, expected);
        return KeyMaterial.HashesEqual(((DataPayload)payloads[0]).Data.Span, expected);
    }

    private void SendNotify(IkeContext ctx, ushort type)
    {
        var id = ctx.RandomMessageId();
        Payload[] notify = [new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, Sa.Cookies(), type, ReadOnlyMemory<byte>.Empty)];
        var message = MessageProtection.Seal(Sa, keys, ExchangeType.Informational, id, notify);
        ctx.Services.Statistics.Sent(notify);
        new IkeLog(Sa, ctx.Outputs).DecodeLine("SENDING", id, "HDR + HASH (8) + NOTIFY (11) + NONE (0)", message.Length);
        ctx.Outputs.Send(new IkeDatagram(Sa.Local, Sa.Peer, message));
    }

    private static byte[] BigEndian(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }
}
