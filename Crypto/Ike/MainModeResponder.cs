using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Main mode with pre-shared keys, responder side (RFC 2409 §5.4):
/// <code>
///   Initiator                         Responder
///   HDR, SA                     --&gt;
///                               &lt;--   HDR, SA
///   HDR, KE, Ni [, NAT-D, NAT-D] --&gt;
///                               &lt;--   HDR, KE, Nr [, NAT-D, NAT-D]
///   HDR*, IDii, HASH_I          --&gt;
///                               &lt;--   HDR*, IDir, HASH_R
/// </code>
/// The identity comes only in message 5, encrypted, so the key is chosen by the peer's address: the
/// tunnel-group named after it, else DefaultRAGroup for a client that offers XAUTH (Android's and
/// iOS's "IPsec Xauth PSK") and DefaultL2LGroup for a site (reference §4.5). A peer whose group has
/// no key gets no message 4, as on the ASA (it waits in MM_WAIT_MSG4). With NAT-T the peer moves to
/// UDP 4500 for message 5 (RFC 3947 §4). Debug lines follow the aggressive-mode ones [M where the
/// reference has no main-mode line].
/// </summary>
public sealed class MainModeResponder(IkeSa sa) : IkeTask(sa)
{
    private const int NonceLength = 20;

    private enum Step { WaitMsg1, WaitMsg3, WaitDh, WaitMsg5 }

    private Step _step;
    private TunnelGroup? _group;
    private Phase1Selection? _selection;
    private byte[] _saBodyI = [], _publicValueI = [], _publicValueR = [], _nonceI = [];
    private List<NatDPayload> _natD = [];

    public override ExchangeType Exchange => ExchangeType.IdentityProtection;

    public override IkeSaState State => _step switch
    {
        Step.WaitMsg1 or Step.WaitMsg3 => IkeSaState.MmWaitMsg3,
        Step.WaitDh => IkeSaState.MmWaitDh,
        _ => IkeSaState.MmWaitMsg5,
    };

    public override TaskStatus Process(IkeContext ctx, InboundMessage message) => _step switch
    {
        Step.WaitMsg1 => ProcessFirst(ctx, message),
        Step.WaitMsg3 when !message.Header.Encrypted => ProcessThird(ctx, message),
        Step.WaitMsg5 when Sa.Keys is { } keys => ProcessFifth(ctx, keys, message),
        _ => TaskStatus.NeedMore,
    };

    /// <summary>The tunnel-group whose key a main-mode peer at <paramref name="peer"/> uses.</summary>
    public static TunnelGroup? GroupFor(AsaConfig config, string peer, bool offersXauth) =>
        config.Get<TunnelGroup>(peer)
        ?? config.Get<TunnelGroup>(offersXauth ? TunnelGroup.DefaultRemoteAccess : TunnelGroup.DefaultLanToLan);

    /// <summary>MM1: the proposals against the policies (the group by the peer's address decides XAUTH), then MM2.</summary>
    private TaskStatus ProcessFirst(IkeContext ctx, InboundMessage mm1)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        if (mm1.First<SaPayload>() is not { } saPayload)
        {
            log.Main(IkeLog.Milestone, "Received a main mode message 1 without an SA payload, dropping");
            return TaskStatus.Failed;
        }
        log.Debug("processing SA payload");
        log.Debug("Oakley proposal is acceptable");
        Phase1.ProcessVendorIds(Sa, mm1.Payloads, log);
        var offersXauth = saPayload.Proposals.SelectMany(p => p.Transforms)
            .Any(t => t.Attribute(OakleyAttributes.AuthenticationMethod)?.Number == OakleyAttributes.XauthInitPreShared);
        var group = GroupFor(ctx.Config, Sa.Peer.Address.ToString(), offersXauth);
        var xauth = group is { Type: TunnelGroup.RemoteAccess } && group.UserAuthenticationFor(Sa.NameIf) == "xauth";
        log.Debug("processing IKE SA payload");
        var methods = new HashSet<ushort> { xauth ? OakleyAttributes.XauthInitPreShared : OakleyAttributes.PreSharedKey };
        var selection = group is null ? null : Phase1Selector.Select(ctx.Config.IkePolicies(), saPayload, methods);
        if (selection is null)
        {
            log.Debug("All SA proposals found unacceptable", ctx.Config.IkePolicies().SelectMany(p => p.Sources));
            log.Main(IkeLog.Milestone, "Error processing payload: Payload ID: 1");
            UnsupportedPeer.SendNoProposalChosen(ctx, Sa.CookieI, Sa.CookieR, Sa.Local, Sa.Peer, log);
            return TaskStatus.Failed;
        }
        _group = group;
        _selection = selection;
        _saBodyI = saPayload.Body.ToArray();
        log.Debug($"IKE SA Proposal # 1, Transform # {selection.Transform.Number} acceptable  Matches global IKE entry # {selection.Policy.Priority}",
            selection.Policy.Sources);

        log.Debug("constructing ISAKMP SA payload");
        var chosen = selection.Transform with { Attributes = Phase1.WithLifetime(selection.Transform.Attributes, selection.LifetimeSeconds) };
        var payloads = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, [selection.Proposal with { Transforms = [chosen], Spi = ReadOnlyMemory<byte>.Empty }]),
        };
        // No NAT-T VID back: crypto isakmp nat-traversal off, or the site's map entry says set nat-t-disable.
        if (Sa.NatT is { } natT && ctx.Config.EffectiveNatTraversal().Enabled && !ctx.Config.NatTDisabledFor(Sa.NameIf, Sa.Peer.Address.ToString()))
        {
            log.Debug($"constructing NAT-Traversal VID ver {Phase1.NatTName(natT)} payload");
            payloads.Add(new VendorIdPayload(VendorIds.NatTVid(natT)));
        }
        else Sa.NatT = null;
        log.Debug("constructing Fragmentation VID + extended capabilities payload");
        payloads.Add(new VendorIdPayload(VendorIds.Fragmentation.Concat(VendorIds.FragmentationAsaCapabilities).ToArray()));
        Send(ctx, log, payloads);
        _step = Step.WaitMsg3;
        return TaskStatus.NeedMore;
    }

    /// <summary>MM3: the peer's public value, nonce and NAT-D; the group must have a key before any work is done.</summary>
    private TaskStatus ProcessThird(IkeContext ctx, InboundMessage mm3)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        var ke = mm3.First<KePayload>();
        var nonce = mm3.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        if (ke is null || nonce is null || _selection is not { } selection || _group is not { } group)
        {
            log.Main(IkeLog.Milestone, "Received a main mode message 3 without KE and nonce payloads, dropping");
            return TaskStatus.NeedMore;
        }
        log.Debug("processing ke payload");
        log.Debug("processing ISA_KE payload");
        log.Debug("processing nonce payload");
        Phase1.ProcessVendorIds(Sa, mm3.Payloads, log);
        _natD = [.. mm3.Payloads.OfType<NatDPayload>()];
        foreach (var _ in _natD)
        {
            log.Debug("processing NAT-Discovery payload");
            log.Debug("computing NAT Discovery hash");
        }
        if (group.PreSharedKey is null)
        {
            // The ASA answers nothing: the peer waits in MM_WAIT_MSG4 [reference §2.8; wording M].
            log.Main(IkeLog.Milestone, $"Can't find a valid tunnel group, aborting...", group.Sources);
            return TaskStatus.Failed;
        }
        Sa.TunnelGroup = group.Name;
        _publicValueI = ke.Data.ToArray();
        _nonceI = nonce.Data.ToArray();
        _step = Step.WaitDh;
        ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, selection.Group, _publicValueI));
        return TaskStatus.NeedMore;
    }

    /// <summary>The Diffie-Hellman work is done: keys, then MM4.</summary>
    public override TaskStatus DhCompleted(IkeContext ctx, DhResult dh)
    {
        if (_step != Step.WaitDh || _selection is not { } selection || _group?.PreSharedKey is not { } psk) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        if (dh.Status != DhStatus.Ok)
        {
            log.Main(IkeLog.Milestone, "Received an invalid Diffie-Hellman public value, dropping");
            return TaskStatus.Failed;
        }
        _publicValueR = dh.PublicValue;
        var nonceR = ctx.RandomBytes(NonceLength);
        if (Phase1.DeriveKeys(Sa, selection, psk, _nonceI, nonceR, dh.SharedSecret, _publicValueI, _publicValueR) is not { } keys)
        {
            log.Main(IkeLog.Milestone, "Failed to derive the phase-1 keys (weak key), dropping");
            return TaskStatus.Failed;
        }
        Sa.Keys = keys;
        log.Debug("constructing ke payload");
        log.Debug("constructing nonce payload");
        var payloads = new List<Payload> { new KePayload(_publicValueR), new DataPayload(PayloadType.Nonce, nonceR) };
        log.Debug("constructing Cisco Unity VID payload");
        payloads.Add(new VendorIdPayload(VendorIds.CiscoUnity));
        log.Debug("constructing xauth V6 VID payload");
        payloads.Add(new VendorIdPayload(VendorIds.Xauth));
        log.Debug("constructing VID payload");
        log.Debug("Send Altiga/Cisco VPN3000/Cisco ASA GW VID");
        payloads.Add(new VendorIdPayload(VendorIds.CiscoVpn3000));
        if (Sa.NatT is { } natT)
            foreach (var natD in NatDetection.Payloads(Sa, selection.Hash, natT))
            {
                log.Debug("constructing NAT-Discovery payload");
                log.Debug("computing NAT Discovery hash");
                payloads.Add(natD);
            }
        log.Main(IkeLog.Notice, $"Connection landed on tunnel_group {Sa.TunnelGroup}", _group.Sources);
        log.Debug("Generating keys for Responder...");
        if (Sa.NatT is not null && _natD.Count >= 2)
        {
            NatDetection.Detect(Sa, selection.Hash, _natD);
            log.Main(IkeLog.Notice, NatDetection.Status(Sa));
        }
        Send(ctx, log, payloads);
        _step = Step.WaitMsg5;
        return TaskStatus.NeedMore;
    }

    /// <summary>MM5: the peer's identity and HASH_I; then MM6 with ours and HASH_R, and the tasks that follow phase 1.</summary>
    private TaskStatus ProcessFifth(IkeContext ctx, IkeKeys keys, InboundMessage mm5)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        // An ASA as initiator sends its DPD VID in message 5 (so does this engine's MainModeInitiator): read with the others once the hash checks.
        if (!Phase1.ProvePeer(ctx, Sa, keys, mm5, log, (idBody, hash) => keys.Material.ComputeHashI(_publicValueI, _publicValueR, _saBodyI, idBody, hash)))
            return TaskStatus.Failed;
        foreach (var notify in mm5.Payloads.OfType<NotifyPayload>())
        {
            log.Debug("processing notify payload");
            if (notify.MessageType == NotifyTypes.InitialContact) Sa.PeerInitialContact = true;
        }
        log.Main(IkeLog.Notice, $"Connection landed on tunnel_group {Sa.TunnelGroup}", _group?.Sources);

        log.Debug("constructing ID payload");
        var idBody = Phase1.AddressIdBody(Sa.Local.Address);
        log.Debug("constructing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var hashR = new byte[keys.HashLength];
        keys.Material.ComputeHashR(_publicValueI, _publicValueR, _saBodyI, idBody, hashR);
        log.Debug("constructing dpd vid payload");
        var payloads = new List<Payload>
        {
            new IdPayload(idBody[0], idBody[1], BinaryPrimitives.ReadUInt16BigEndian(idBody.AsSpan(2)), idBody.AsMemory(4)),
            new DataPayload(PayloadType.Hash, hashR),
            new VendorIdPayload(VendorIds.Dpd),
        };
        var message = MessageProtection.SealPayloads(Sa, keys, ExchangeType.IdentityProtection, 0, payloads);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        Sa.Tasks.Send(ctx, message);
        if (_group?.Type == TunnelGroup.RemoteAccess && RemoteAccessRekey.Note(ctx, Sa)) return TaskStatus.Done; // the session goes on
        if (keys.Selection.Xauth) Sa.Tasks.Plan(new XauthServer(Sa, keys));
        if (_group?.Type == TunnelGroup.RemoteAccess) Sa.Tasks.Plan(new ModeConfigServer(Sa, keys, xauthRan: keys.Selection.Xauth));
        return TaskStatus.Done;
    }

    private void Send(IkeContext ctx, IkeLog log, List<Payload> payloads)
    {
        var message = IsakmpEncoder.Encode(
            new IsakmpHeader(Sa.CookieI, Sa.CookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.IdentityProtection, IsakmpFlags.None, 0, 0),
            payloads);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        Sa.Tasks.Send(ctx, message);
    }
}
