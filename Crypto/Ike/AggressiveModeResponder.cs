using System.Buffers.Binary;
using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Aggressive mode with pre-shared keys, responder side (RFC 2409 §5.4):
/// <code>
///   Initiator                         Responder
///   HDR, SA, KE, Ni, IDii       --&gt;
///                               &lt;--   HDR, SA, KE, Nr, IDir, HASH_R
///   HDR*, HASH_I                --&gt;
/// </code>
/// The tunnel-group is the client's ID_KEY_ID (the EzVPN group name); its pre-shared key keys the SA.
/// </summary>
public static class AggressiveModeResponder
{
    private const int NonceLength = 20;

    /// <summary>
    /// Processes AM1 up to the point where only the Diffie-Hellman work is left, which it asks for
    /// in <see cref="IkeOutputs.DhWork"/>; false when the negotiation ends here (the SA is then dropped).
    /// </summary>
    public static bool ProcessFirst(IkeContext ctx, IkeSa sa, IsakmpMessage am1, string nameIf)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        var saPayload = am1.First<SaPayload>();
        var ke = am1.First<KePayload>();
        var nonce = am1.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var id = am1.First<IdPayload>();
        if (saPayload is null || ke is null || nonce is null || id is null)
        {
            log.Main(IkeLog.Milestone, "Received an aggressive mode message 1 without SA, KE, nonce and ID payloads, dropping");
            return false;
        }

        log.Debug("processing SA payload");
        log.Debug("processing ke payload");
        log.Debug("processing ISA_KE payload");
        log.Debug("processing nonce payload");
        log.Debug("processing ID payload");
        log.Decode($"{IdTypeName(id.IdType)} ID received, len {id.Data.Length}");
        ProcessVendorIds(sa, am1, log);

        var groupName = Encoding.ASCII.GetString(id.Data.Span);
        var group = ctx.Config.Get<TunnelGroup>(groupName);
        if (group is { Type: TunnelGroup.LanToLan })
        {
            UnsupportedPeer.RefuseLanToLan(ctx, sa, group, log);
            return false;
        }
        if (id.IdType != IdPayload.KeyId || group is null || group.Type != TunnelGroup.RemoteAccess)
        {
            log.Syslog(713255, 4, $"Received ISAKMP Aggressive Mode message 1 with unknown tunnel group name {groupName}");
            SendSpoofedSecond(ctx, sa, saPayload, log);
            return false;
        }
        sa.TunnelGroup = groupName;
        log.Main(IkeLog.Notice, $"Connection landed on tunnel_group {groupName}", group.Sources);

        log.Debug("processing IKE SA payload");
        var xauth = group.UserAuthenticationFor(nameIf) == "xauth";
        var methods = new HashSet<ushort> { xauth ? OakleyAttributes.XauthInitPreShared : OakleyAttributes.PreSharedKey };
        var selection = Phase1Selector.Select(ctx.Config.IkePolicies(), saPayload, methods);
        if (selection is null)
        {
            log.Debug("All SA proposals found unacceptable", ctx.Config.IkePolicies().SelectMany(p => p.Sources));
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 1");
            UnsupportedPeer.SendNoProposalChosen(ctx, sa.CookieI, sa.CookieR, sa.Local, sa.Peer, log);
            return false;
        }
        sa.Selection = selection;
        log.Debug($"IKE SA Proposal # 1, Transform # {selection.Transform.Number} acceptable  Matches global IKE entry # {selection.Policy.Priority}",
            selection.Policy.Sources);

        if (group.PreSharedKey is not { } psk)
        {
            log.Main(IkeLog.Milestone, $"No Group found matching {groupName} for Pre-shared key peer {sa.Peer.Address}");
            return false;
        }

        sa.PublicValueI = ke.Data.ToArray();
        sa.NonceI = nonce.Data.ToArray();
        sa.SaBodyI = saPayload.Body.ToArray();
        sa.IdBodyI = id.Body.ToArray();
        sa.PreSharedKey = psk;
        sa.State = IkeSaState.AmWaitDh;
        ctx.Outputs.DhWork.Add(new DhRequest(sa.CookieI, selection.Group, sa.PublicValueI));
        return true;
    }

    /// <summary>
    /// Finishes AM1 once the Diffie-Hellman work is done (off the control loop): keys the SA and
    /// sends AM2. False when the peer's public value was bad or the keys weak.
    /// </summary>
    public static bool CompleteFirst(IkeContext ctx, IkeSa sa, DhResult dh)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        var selection = sa.Selection!;
        if (dh.Status != DhStatus.Ok)
        {
            log.Main(IkeLog.Milestone, "Received an invalid Diffie-Hellman public value, dropping");
            return false;
        }
        sa.PublicValueR = dh.PublicValue;
        sa.NonceR = ctx.RandomBytes(NonceLength);

        Span<byte> cookies = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(cookies, sa.CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(cookies[8..], sa.CookieR);
        if (!KeyMaterial.TryDerivePreSharedKey(selection.Hash, selection.Cipher, Encoding.UTF8.GetBytes(sa.PreSharedKey!), sa.NonceI, sa.NonceR,
                dh.SharedSecret, cookies[..8], cookies[8..], out var keys))
        {
            log.Main(IkeLog.Milestone, "Failed to derive the phase-1 keys (weak key), dropping");
            return false;
        }
        sa.PreSharedKey = null;
        sa.Keys = keys;
        sa.Iv = keys.CreateIvChain(sa.PublicValueI, sa.PublicValueR);

        var payloads = BuildSecond(ctx, sa, log);
        var message = IsakmpEncoder.Encode(
            new IsakmpHeader(sa.CookieI, sa.CookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.Aggressive, IsakmpFlags.None, 0, 0),
            payloads);
        log.DecodeLine("SENDING", 0, new IsakmpMessage(default, payloads).PayloadSummary(), message.Length);
        sa.LastSent = message;
        sa.State = IkeSaState.AmWaitMsg3;
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
        return true;
    }

    private static List<Payload> BuildSecond(IkeContext ctx, IkeSa sa, IkeLog log)
    {
        var selection = sa.Selection!;
        log.Debug("constructing ISAKMP SA payload");
        var chosen = selection.Transform with { Attributes = WithLifetime(selection.Transform.Attributes, selection.LifetimeSeconds) };
        var saPayload = new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly,
            [selection.Proposal with { Transforms = [chosen], Spi = ReadOnlyMemory<byte>.Empty }]);
        log.Debug("constructing ke payload");
        log.Debug("constructing nonce payload");
        log.Debug("Generating keys for Responder...");
        log.Debug("constructing ID payload");
        var idBody = new byte[8];
        idBody[0] = IdPayload.Ipv4Address;
        idBody[1] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(idBody.AsSpan(2), 500);
        sa.Local.Address.MapToIPv4().GetAddressBytes().CopyTo(idBody, 4);
        sa.IdBodyR = idBody;
        var idR = new IdPayload(idBody[0], idBody[1], 500, idBody.AsMemory(4));

        log.Debug("constructing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var hashR = new byte[sa.Keys!.HashLength];
        sa.Keys.ComputeHashR(sa.PublicValueI, sa.PublicValueR, sa.SaBodyI, sa.IdBodyR, hashR);

        var payloads = new List<Payload>
        {
            saPayload,
            new KePayload(sa.PublicValueR),
            new DataPayload(PayloadType.Nonce, sa.NonceR),
            idR,
            new DataPayload(PayloadType.Hash, hashR),
        };
        log.Debug("constructing Cisco Unity VID payload");
        payloads.Add(new VendorIdPayload(VendorIds.CiscoUnity));
        log.Debug("constructing xauth V6 VID payload");
        payloads.Add(new VendorIdPayload(VendorIds.Xauth));
        log.Debug("constructing dpd vid payload");
        payloads.Add(new VendorIdPayload(VendorIds.Dpd));
        if (sa.NatT is { } natT && ctx.Config.EffectiveNatTraversal().Enabled)
        {
            log.Debug($"constructing NAT-Traversal VID ver {NatTName(natT)} payload");
            payloads.Add(new VendorIdPayload(natT switch
            {
                NatTVersion.Rfc3947 => VendorIds.NatTRfc3947,
                NatTVersion.Draft03 => VendorIds.NatTDraft03,
                _ => VendorIds.NatTDraft02N,
            }));
            foreach (var natD in NatDetection.ResponderPayloads(sa))
            {
                log.Debug("constructing NAT-Discovery payload");
                log.Debug("computing NAT Discovery hash");
                payloads.Add(natD);
            }
        }
        else
        {
            sa.NatT = null;
        }
        log.Debug("constructing Fragmentation VID + extended capabilities payload");
        payloads.Add(new VendorIdPayload(VendorIds.Fragmentation.Concat(VendorIds.FragmentationAsaCapabilities).ToArray()));
        log.Debug("constructing VID payload");
        log.Debug("Send Altiga/Cisco VPN3000/Cisco ASA GW VID");
        payloads.Add(new VendorIdPayload(VendorIds.CiscoVpn3000));
        return payloads;
    }

    /// <summary>
    /// 9.x answers an unknown group with an AM2 that looks real but is keyed by nothing, so group
    /// names cannot be probed (syslog 713256): random KE, nonce and HASH of the right sizes.
    /// </summary>
    private static void SendSpoofedSecond(IkeContext ctx, IkeSa sa, SaPayload offered, IkeLog log)
    {
        var methods = new HashSet<ushort> { OakleyAttributes.XauthInitPreShared, OakleyAttributes.PreSharedKey };
        if (Phase1Selector.Select(ctx.Config.IkePolicies(), offered, methods) is not { } selection) return;
        log.Syslog(713256, 6, "Sending spoofed ISAKMP Aggressive Mode message 2 due to receipt of unknown tunnel group. Aborting connection.");
        var idBody = new byte[4];
        sa.Local.Address.MapToIPv4().GetAddressBytes().CopyTo(idBody, 0);
        var payloads = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, [selection.Proposal with { Transforms = [selection.Transform], Spi = ReadOnlyMemory<byte>.Empty }]),
            new KePayload(ctx.RandomBytes(selection.Group.PublicValueLength)),
            new DataPayload(PayloadType.Nonce, ctx.RandomBytes(NonceLength)),
            new IdPayload(IdPayload.Ipv4Address, 17, 500, idBody),
            new DataPayload(PayloadType.Hash, ctx.RandomBytes(selection.Hash.Length)),
            new VendorIdPayload(VendorIds.CiscoUnity),
            new VendorIdPayload(VendorIds.Xauth),
            new VendorIdPayload(VendorIds.Dpd),
        };
        var message = IsakmpEncoder.Encode(
            new IsakmpHeader(sa.CookieI, sa.CookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.Aggressive, IsakmpFlags.None, 0, 0),
            payloads);
        log.DecodeLine("SENDING", 0, new IsakmpMessage(default, payloads).PayloadSummary(), message.Length);
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    /// <summary>The chosen transform's attributes with the lifetime the ASA grants.</summary>
    private static IReadOnlyList<DataAttribute> WithLifetime(IReadOnlyList<DataAttribute> attributes, long seconds)
    {
        var kept = attributes.Where(a => a.Type is not (OakleyAttributes.LifeType or OakleyAttributes.LifeDuration)).ToList();
        kept.Add(DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds));
        kept.Add(DataAttribute.Integer(OakleyAttributes.LifeDuration, (uint)Math.Min(seconds, uint.MaxValue)));
        return kept;
    }

    /// <summary>Processes AM3: HASH_I proves the client holds the group's key; then the NAT-D verdict.</summary>
    public static bool ProcessThird(IkeContext ctx, IkeSa sa, IReadOnlyList<Payload> payloads)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        log.Debug("processing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var hash = payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Hash);
        var expected = new byte[sa.Keys!.HashLength];
        sa.Keys.ComputeHashI(sa.PublicValueI, sa.PublicValueR, sa.SaBodyI, sa.IdBodyI, expected);
        if (hash is null || !KeyMaterial.HashesEqual(hash.Data.Span, expected))
        {
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 8");
            return false;
        }
        sa.Iv!.Confirm(0);
        ctx.PeerProven(sa, hash.Data.Span);
        var natD = payloads.OfType<NatDPayload>().ToList();
        foreach (var _ in natD)
        {
            log.Debug("processing NAT-Discovery payload");
            log.Debug("computing NAT Discovery hash");
        }
        foreach (var notify in payloads.OfType<NotifyPayload>())
            log.Debug("processing notify payload");
        if (sa.NatT is not null && natD.Count >= 2)
        {
            NatDetection.Detect(sa, natD);
            log.Main(IkeLog.Notice, NatDetection.Status(sa));
        }
        return true;
    }

    private static void ProcessVendorIds(IkeSa sa, IsakmpMessage am1, IkeLog log)
    {
        foreach (var vid in am1.All<VendorIdPayload>())
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

    private static string NatTName(NatTVersion version) => version switch
    {
        NatTVersion.Rfc3947 => "RFC",
        NatTVersion.Draft03 => "03",
        _ => "02",
    };

    private static string IdTypeName(byte type) => type switch
    {
        IdPayload.Ipv4Address => "ID_IPV4_ADDR",
        IdPayload.Fqdn => "ID_FQDN",
        IdPayload.UserFqdn => "ID_USER_FQDN",
        IdPayload.Ipv4Subnet => "ID_IPV4_ADDR_SUBNET",
        IdPayload.KeyId => "ID_KEY_ID",
        _ => $"ID type {type}",
    };
}
