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
/// The tunnel-group is the client's ID_KEY_ID (the EzVPN group name), or for a site (LAN-to-LAN) the
/// one its ID names, by address as the ASA does; its pre-shared key keys the SA. AM1 asks for the Diffie-Hellman work, which runs off the control loop; its result sends AM2.
/// Once HASH_I proves the client holds the key, XAUTH (when the tunnel-group asks for it) and Mode
/// Config follow as tasks of their own.
/// </summary>
public sealed class AggressiveModeResponder(IkeSa sa) : IkeTask(sa)
{
    private const int NonceLength = 20;

    private enum Step { WaitMsg1, WaitDh, WaitMsg3 }

    private Step _step;
    private bool _site;
    private Phase1Selection? _selection;
    private string _preSharedKey = "";
    private byte[] _publicValueI = [], _publicValueR = [], _nonceI = [], _saBodyI = [], _idBodyI = [], _idBodyR = [];

    public override ExchangeType Exchange => ExchangeType.Aggressive;

    public override IkeSaState State => _step == Step.WaitDh ? IkeSaState.AmWaitDh : IkeSaState.AmWaitMsg3;

    public override TaskStatus Process(IkeContext ctx, InboundMessage message) =>
        _step switch
        {
            Step.WaitMsg1 => ProcessFirst(ctx, message),
            Step.WaitMsg3 when Sa.Keys is { } keys => ProcessThird(ctx, keys, message.Payloads),
            _ => TaskStatus.NeedMore,
        };

    /// <summary>
    /// AM1 up to the point where only the Diffie-Hellman work is left, which it asks for in
    /// <see cref="IkeOutputs.DhWork"/>; failed when the negotiation ends here.
    /// </summary>
    private TaskStatus ProcessFirst(IkeContext ctx, InboundMessage am1)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        var saPayload = am1.First<SaPayload>();
        var ke = am1.First<KePayload>();
        var nonce = am1.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var id = am1.First<IdPayload>();
        if (saPayload is null || ke is null || nonce is null || id is null)
        {
            log.Main(IkeLog.Milestone, "Received an aggressive mode message 1 without SA, KE, nonce and ID payloads, dropping");
            return TaskStatus.Failed;
        }

        log.Debug("processing SA payload");
        log.Debug("processing ke payload");
        log.Debug("processing ISA_KE payload");
        log.Debug("processing nonce payload");
        log.Debug("processing ID payload");
        log.Decode($"{Phase1.IdTypeName(id.IdType)} ID received, len {id.Data.Length}");
        Phase1.ProcessVendorIds(Sa, am1.Payloads, log);

        // A site names itself by its address (its tunnel-group is named after it), a client by its group.
        // An ASA takes a site in aggressive mode too (a peer with a dynamic address, or one set to
        // `set ikev1 phase1-mode aggressive`): pre-shared key only, and Quick Mode follows phase 1.
        var groupName = id.IdType == IdPayload.Ipv4Address ? Phase1.IdText(id) : Encoding.ASCII.GetString(id.Data.Span);
        var group = ctx.Config.Get<TunnelGroup>(groupName);
        _site = group is { Type: TunnelGroup.LanToLan };
        if (!_site && (id.IdType != IdPayload.KeyId || group is null || group.Type != TunnelGroup.RemoteAccess))
        {
            log.Syslog(713255, 4, $"Received ISAKMP Aggressive Mode message 1 with unknown tunnel group name {groupName}");
            SendSpoofedSecond(ctx, saPayload, log);
            return TaskStatus.Failed;
        }
        Sa.TunnelGroup = groupName;
        log.Main(IkeLog.Notice, $"Connection landed on tunnel_group {groupName}", group!.Sources);

        log.Debug("processing IKE SA payload");
        var xauth = !_site && group!.UserAuthenticationFor(Sa.NameIf) == "xauth";
        var methods = new HashSet<ushort> { xauth ? OakleyAttributes.XauthInitPreShared : OakleyAttributes.PreSharedKey };
        var selection = Phase1Selector.Select(ctx.Config.IkePolicies(), saPayload, methods);
        if (selection is null)
        {
            log.Debug("All SA proposals found unacceptable", ctx.Config.IkePolicies().SelectMany(p => p.Sources));
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 1");
            UnsupportedPeer.SendNoProposalChosen(ctx, Sa.CookieI, Sa.CookieR, Sa.Local, Sa.Peer, log);
            return TaskStatus.Failed;
        }
        _selection = selection;
        log.Debug($"IKE SA Proposal # 1, Transform # {selection.Transform.Number} acceptable  Matches global IKE entry # {selection.Policy.Priority}",
            selection.Policy.Sources);

        if (group.PreSharedKey is not { } psk)
        {
            log.Main(IkeLog.Milestone, $"No Group found matching {groupName} for Pre-shared key peer {Sa.Peer.Address}");
            return TaskStatus.Failed;
        }

        _publicValueI = ke.Data.ToArray();
        _nonceI = nonce.Data.ToArray();
        _saBodyI = saPayload.Body.ToArray();
        _idBodyI = id.Body.ToArray();
        _preSharedKey = psk;
        _step = Step.WaitDh;
        ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, selection.Group, _publicValueI));
        return TaskStatus.NeedMore;
    }

    /// <summary>
    /// Finishes AM1 once the Diffie-Hellman work is done (off the control loop): keys the SA and
    /// sends AM2. Failed when the peer's public value was bad or the keys weak.
    /// </summary>
    public override TaskStatus DhCompleted(IkeContext ctx, DhResult dh)
    {
        if (_step != Step.WaitDh || _selection is not { } selection) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        if (dh.Status != DhStatus.Ok)
        {
            log.Main(IkeLog.Milestone, "Received an invalid Diffie-Hellman public value, dropping");
            return TaskStatus.Failed;
        }
        _publicValueR = dh.PublicValue;
        var nonceR = ctx.RandomBytes(NonceLength);
        if (Phase1.DeriveKeys(Sa, selection, _preSharedKey, _nonceI, nonceR, dh.SharedSecret, _publicValueI, _publicValueR) is not { } keys)
        {
            log.Main(IkeLog.Milestone, "Failed to derive the phase-1 keys (weak key), dropping");
            return TaskStatus.Failed;
        }
        _preSharedKey = "";
        Sa.Keys = keys;

        var payloads = BuildSecond(ctx, keys, nonceR, log);
        var message = IsakmpEncoder.Encode(
            new IsakmpHeader(Sa.CookieI, Sa.CookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.Aggressive, IsakmpFlags.None, 0, 0),
            payloads);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        _step = Step.WaitMsg3;
        Sa.Tasks.Send(ctx, message);
        return TaskStatus.NeedMore;
    }

    private List<Payload> BuildSecond(IkeContext ctx, IkeKeys keys, byte[] nonceR, IkeLog log)
    {
        var selection = keys.Selection;
        log.Debug("constructing ISAKMP SA payload");
        var chosen = selection.Transform with { Attributes = Phase1.WithLifetime(selection.Transform.Attributes, selection.LifetimeSeconds) };
        var saPayload = new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly,
            [selection.Proposal with { Transforms = [chosen], Spi = ReadOnlyMemory<byte>.Empty }]);
        log.Debug("constructing ke payload");
        log.Debug("constructing nonce payload");
        log.Debug("Generating keys for Responder...");
        log.Debug("constructing ID payload");
        _idBodyR = Phase1.AddressIdBody(Sa.Local.Address);
        var idR = new IdPayload(_idBodyR[0], _idBodyR[1], BinaryPrimitives.ReadUInt16BigEndian(_idBodyR.AsSpan(2)), _idBodyR.AsMemory(4));

        log.Debug("constructing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var hashR = new byte[keys.HashLength];
        keys.Material.ComputeHashR(_publicValueI, _publicValueR, _saBodyI, _idBodyR, hashR);

        var payloads = new List<Payload>
        {
            saPayload,
            new KePayload(_publicValueR),
            new DataPayload(PayloadType.Nonce, nonceR),
            idR,
            new DataPayload(PayloadType.Hash, hashR),
        };
        log.Debug("constructing Cisco Unity VID payload");
        payloads.Add(new VendorIdPayload(VendorIds.CiscoUnity));
        log.Debug("constructing xauth V6 VID payload");
        payloads.Add(new VendorIdPayload(VendorIds.Xauth));
        log.Debug("constructing dpd vid payload");
        payloads.Add(new VendorIdPayload(VendorIds.Dpd));
        if (Sa.NatT is { } natT && ctx.Config.EffectiveNatTraversal().Enabled)
        {
            log.Debug($"constructing NAT-Traversal VID ver {Phase1.NatTName(natT)} payload");
            payloads.Add(new VendorIdPayload(VendorIds.NatTVid(natT)));
            foreach (var natD in NatDetection.Payloads(Sa, selection.Hash, natT))
            {
                log.Debug("constructing NAT-Discovery payload");
                log.Debug("computing NAT Discovery hash");
                payloads.Add(natD);
            }
        }
        else
        {
            Sa.NatT = null;
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
    private void SendSpoofedSecond(IkeContext ctx, SaPayload offered, IkeLog log)
    {
        var methods = new HashSet<ushort> { OakleyAttributes.XauthInitPreShared, OakleyAttributes.PreSharedKey };
        if (Phase1Selector.Select(ctx.Config.IkePolicies(), offered, methods) is not { } selection) return;
        log.Syslog(713256, 6, "Sending spoofed ISAKMP Aggressive Mode message 2 due to receipt of unknown tunnel group. Aborting connection.");
        var idBody = new byte[4];
        Sa.Local.Address.MapToIPv4().GetAddressBytes().CopyTo(idBody, 0);
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
            new IsakmpHeader(Sa.CookieI, Sa.CookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.Aggressive, IsakmpFlags.None, 0, 0),
            payloads);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        ctx.Outputs.Send(new IkeDatagram(Sa.Local, Sa.Peer, message));
    }

    /// <summary>AM3: HASH_I proves the client holds the group's key; then the NAT-D verdict, and the tasks that follow phase 1.</summary>
    private TaskStatus ProcessThird(IkeContext ctx, IkeKeys keys, IReadOnlyList<Payload> payloads)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        log.Debug("processing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var hash = payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Hash);
        var expected = new byte[keys.HashLength];
        keys.Material.ComputeHashI(_publicValueI, _publicValueR, _saBodyI, _idBodyI, expected);
        if (hash is null || !KeyMaterial.HashesEqual(hash.Data.Span, expected))
        {
            ctx.Services.Statistics.HashValidFails++;
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 8");
            return TaskStatus.Failed;
        }
        keys.Iv.Confirm(0);
        ctx.PeerProven(Sa, hash.Data.Span);
        var natD = payloads.OfType<NatDPayload>().ToList();
        foreach (var _ in natD)
        {
            log.Debug("processing NAT-Discovery payload");
            log.Debug("computing NAT Discovery hash");
        }
        foreach (var notify in payloads.OfType<NotifyPayload>())
        {
            log.Debug("processing notify payload");
            if (notify.MessageType == NotifyTypes.InitialContact) Sa.PeerInitialContact = true;
        }
        if (Sa.NatT is not null && natD.Count >= 2)
        {
            NatDetection.Detect(Sa, keys.Selection.Hash, natD);
            log.Main(IkeLog.Notice, NatDetection.Status(Sa));
        }
        if (_site) return TaskStatus.Done; // a site's Quick Mode follows phase 1 at once
        if (RemoteAccessRekey.Note(ctx, Sa)) return TaskStatus.Done; // the session goes on
        if (keys.Selection.Xauth) Sa.Tasks.Plan(new XauthServer(Sa, keys));
        Sa.Tasks.Plan(new ModeConfigServer(Sa, keys, xauthRan: keys.Selection.Xauth));
        return TaskStatus.Done;
    }
}
