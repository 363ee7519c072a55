using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What this end offers in a phase 1 it begins: the transforms (in order), the pre-shared key, the
/// identity it sends, and the exchanges that follow once phase 1 is done (a site's Quick Mode for
/// the traffic that started it; a client's XAUTH and Mode Config).
/// </summary>
/// <param name="NatTraversal">Offer NAT-T (its VID) when <c>crypto isakmp nat-traversal</c> is on; false for a site whose entry says <c>set nat-t-disable</c>.</param>
/// <param name="InitialContact">
/// MM5 carries INITIAL-CONTACT: this is the first IKE SA with the peer (RFC 2407 §4.6.3.3), not a
/// phase 1 rekey, where it would tell the peer to drop the SAs the new one is to take over.
/// </param>
public sealed record Phase1Offer(IReadOnlyList<Transform> Transforms, string PreSharedKey, byte[] IdBody,
    Func<IkeSa, IkeKeys, IEnumerable<IkeTask>> FollowUps, bool NatTraversal = true, bool InitialContact = true);

/// <summary>
/// Main mode with pre-shared keys, initiator side (RFC 2409 §5.4): MM1 offers the transforms,
/// MM3 sends our public value and nonce (with NAT-D when both ends spoke NAT-T, RFC 3947 §3.2),
/// MM5 our identity and HASH_I, encrypted, from UDP 4500 when a NAT was found (§4); MM6's HASH_R
/// proves the peer holds the key. Our key pair and then g^xy are Diffie-Hellman work for the driver.
/// </summary>
public sealed class MainModeInitiator(IkeSa sa, Phase1Offer offer) : IkeTask(sa)
{
    private const int NonceLength = 20;
    private const int NatTPort = 4500;

    private enum Step { WaitMsg2, WaitMsg4, WaitDh, WaitMsg6 }

    private Step _step;
    private IDiffieHellman? _pair;
    private DhGroupId? _asked; // the group of the key pair asked for last
    private bool _thirdDue;
    private Phase1Selection? _selection;
    private byte[] _saBodyI = [], _nonceI = [], _publicValueR = [], _nonceR = [];
    private List<NatDPayload> _natD = [];

    public override ExchangeType Exchange => ExchangeType.IdentityProtection;

    public override IkeSaState State => _step switch
    {
        Step.WaitMsg2 => IkeSaState.MmWaitMsg2,
        Step.WaitMsg6 => IkeSaState.MmWaitMsg6,
        _ => IkeSaState.MmWaitMsg4,
    };

    /// <summary>MM1: the SA with our transforms and the VIDs; our key pair is asked for at the same time.</summary>
    public override TaskStatus Initiate(IkeContext ctx)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        log.Debug("constructing ISAKMP SA payload");
        var payloads = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, [new Proposal(1, OakleyAttributes.ProtocolIsakmp, ReadOnlyMemory<byte>.Empty, offer.Transforms)]),
        };
        if (ctx.Config.EffectiveNatTraversal().Enabled && offer.NatTraversal)
        {
            log.Debug("constructing NAT-Traversal VID ver RFC payload");
            payloads.Add(new VendorIdPayload(VendorIds.NatTRfc3947));
        }
        log.Debug("constructing Fragmentation VID + extended capabilities payload");
        payloads.Add(new VendorIdPayload(VendorIds.Fragmentation.Concat(VendorIds.FragmentationAsaCapabilities).ToArray()));
        var message = IsakmpEncoder.Encode(new IsakmpHeader(Sa.CookieI, 0, 0, IsakmpHeader.Version1, ExchangeType.IdentityProtection, 0, 0, 0), payloads);
        IsakmpCodec.TryDecode(message, out var sent, out _);
        _saBodyI = sent!.First<SaPayload>()!.Body.ToArray();
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        Sa.Tasks.SendRequest(ctx, this, message);
        if (offer.Transforms.FirstOrDefault()?.Attribute(OakleyAttributes.GroupDescription)?.Number is { } group && DhGroup.FromAttribute((ushort)group) is { } dh)
        {
            _asked = dh.Id;
            ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, dh, []));
        }
        return TaskStatus.NeedMore;
    }

    public override TaskStatus Process(IkeContext ctx, InboundMessage message) => _step switch
    {
        Step.WaitMsg2 when !message.Header.Encrypted => ProcessSecond(ctx, message),
        Step.WaitMsg4 when !message.Header.Encrypted => ProcessFourth(ctx, message),
        Step.WaitMsg6 when Sa.Keys is { } keys => ProcessSixth(ctx, keys, message),
        _ => TaskStatus.NeedMore,
    };

    public override TaskStatus DhCompleted(IkeContext ctx, DhResult result)
    {
        // A pair made for the first offered group is stale once the peer chose another (asked anew in ProcessSecond).
        if (result.Pair is { } made && !ReferenceEquals(made, _pair) && made.Group.Id != _asked) return TaskStatus.NeedMore;
        if (_step == Step.WaitDh) return Authenticate(ctx, result);
        _pair ??= result.Pair;
        return _thirdDue ? SendThird(ctx) : TaskStatus.NeedMore;
    }

    /// <summary>MM2: the peer's choice of our transforms (its cookie with it), its VIDs; then MM3.</summary>
    private TaskStatus ProcessSecond(IkeContext ctx, InboundMessage mm2)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        var chosen = mm2.First<SaPayload>()?.Proposals is [{ Transforms: [var t] } proposal]
            && offer.Transforms.Any(o => SameChoice(o, t)) ? Phase1Selector.Chosen(proposal, t) : null;
        if (chosen is null)
        {
            log.Main(IkeLog.Milestone, "Received a main mode message 2 without one of the offered transforms, dropping");
            return TaskStatus.NeedMore;
        }
        log.Debug("processing SA payload");
        log.Debug("Oakley proposal is acceptable");
        Phase1.ProcessVendorIds(Sa, mm2.Payloads, log);
        if (!ctx.Config.EffectiveNatTraversal().Enabled) Sa.NatT = null;
        _selection = chosen;
        Sa.CookieR = mm2.Header.ResponderCookie;
        Sa.LastReceived = mm2.Datagram.Data.ToArray();
        _thirdDue = true;
        // Our key pair was made ahead for the first offered transform's group; the peer may choose a
        // later transform with another group, whose KE must be of that group's length.
        if (_pair is { } pair && pair.Group.Id != chosen.Group.Id) _pair = null;
        if (_pair is null && _asked != chosen.Group.Id)
        {
            _asked = chosen.Group.Id;
            ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, chosen.Group, []));
        }
        return _pair is null ? TaskStatus.NeedMore : SendThird(ctx);
    }

    private static bool SameChoice(Transform offered, Transform chosen) =>
        offered.Attributes.Where(a => a.Type is not (OakleyAttributes.LifeType or OakleyAttributes.LifeDuration)).All(a => chosen.Attribute(a.Type)?.Number == a.Number);

    /// <summary>MM3: our public value, nonce, and NAT-D when both ends spoke NAT-T.</summary>
    private TaskStatus SendThird(IkeContext ctx)
    {
        if (_pair is not { } pair || _selection is not { } selection) return TaskStatus.NeedMore;
        _thirdDue = false;
        var log = new IkeLog(Sa, ctx.Outputs);
        _nonceI = ctx.RandomBytes(NonceLength);
        log.Debug("constructing ke payload");
        log.Debug("constructing nonce payload");
        var payloads = new List<Payload> { new KePayload(pair.PublicValue.ToArray()), new DataPayload(PayloadType.Nonce, _nonceI) };
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
        var message = IsakmpEncoder.Encode(
            new IsakmpHeader(Sa.CookieI, Sa.CookieR, PayloadType.None, IsakmpHeader.Version1, ExchangeType.IdentityProtection, IsakmpFlags.None, 0, 0), payloads);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        _step = Step.WaitMsg4;
        Sa.Tasks.SendRequest(ctx, this, message);
        return TaskStatus.NeedMore;
    }

    /// <summary>MM4: the peer's public value and nonce; g^xy is asked for.</summary>
    private TaskStatus ProcessFourth(IkeContext ctx, InboundMessage mm4)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        var ke = mm4.First<KePayload>();
        var nonce = mm4.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        if (ke is null || nonce is null || _selection is not { } selection || _pair is null) return TaskStatus.NeedMore;
        log.Debug("processing ke payload");
        log.Debug("processing ISA_KE payload");
        log.Debug("processing nonce payload");
        Phase1.ProcessVendorIds(Sa, mm4.Payloads, log);
        _natD = [.. mm4.Payloads.OfType<NatDPayload>()];
        _publicValueR = ke.Data.ToArray();
        _nonceR = nonce.Data.ToArray();
        Sa.LastReceived = mm4.Datagram.Data.ToArray();
        _step = Step.WaitDh;
        ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, selection.Group, _publicValueR, _pair));
        return TaskStatus.NeedMore;
    }

    /// <summary>g^xy is here: keys, the NAT-D verdict, then MM5 (from UDP 4500 when a NAT lies between).</summary>
    private TaskStatus Authenticate(IkeContext ctx, DhResult dh)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        if (_selection is not { } selection || _pair is not { } pair || dh.Status != DhStatus.Ok
            || Phase1.DeriveKeys(Sa, selection, offer.PreSharedKey, _nonceI, _nonceR, dh.SharedSecret, pair.PublicValue.ToArray(), _publicValueR) is not { } keys)
        {
            log.Main(IkeLog.Milestone, "Received an invalid Diffie-Hellman public value, dropping");
            return TaskStatus.Failed;
        }
        Sa.Keys = keys;
        log.Debug("Generating keys for Initiator...");
        foreach (var _ in _natD)
        {
            log.Debug("processing NAT-Discovery payload");
            log.Debug("computing NAT Discovery hash");
        }
        if (Sa.NatT is not null && _natD.Count >= 2)
        {
            NatDetection.Detect(Sa, selection.Hash, _natD);
            log.Main(IkeLog.Notice, NatDetection.Status(Sa));
            if (Sa.PeerBehindNat || Sa.LocalBehindNat)
            {
                Sa.Local = new IPEndPoint(Sa.Local.Address, NatTPort);
                Sa.Peer = new IPEndPoint(Sa.Peer.Address, NatTPort);
            }
        }
        log.Debug("constructing ID payload");
        log.Debug("constructing hash payload");
        log.Debug("Computing hash for ISAKMP");
        var hashI = new byte[keys.HashLength];
        keys.Material.ComputeHashI(pair.PublicValue, _publicValueR, _saBodyI, offer.IdBody, hashI);
        log.Debug("constructing dpd vid payload");
        var payloads = new List<Payload>
        {
            new IdPayload(offer.IdBody[0], offer.IdBody[1], BinaryPrimitives.ReadUInt16BigEndian(offer.IdBody.AsSpan(2)), offer.IdBody.AsMemory(4)),
            new DataPayload(PayloadType.Hash, hashI),
        };
        if (offer.InitialContact)
            payloads.Add(new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, Sa.Cookies(), NotifyTypes.InitialContact, ReadOnlyMemory<byte>.Empty));
        payloads.Add(new VendorIdPayload(VendorIds.Dpd));
        var message = MessageProtection.SealPayloads(Sa, keys, ExchangeType.IdentityProtection, 0, payloads);
        ctx.Services.Statistics.Sent(payloads);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        _step = Step.WaitMsg6;
        Sa.Tasks.SendRequest(ctx, this, message);
        return TaskStatus.NeedMore;
    }

    /// <summary>MM6: the peer's identity and HASH_R; phase 1 is done and what follows it is planned.</summary>
    private TaskStatus ProcessSixth(IkeContext ctx, IkeKeys keys, InboundMessage mm6)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        if (!Phase1.ProvePeer(ctx, Sa, keys, mm6, log, (idBody, hash) =>
            {
                if (_pair is { } pair) keys.Material.ComputeHashR(pair.PublicValue, _publicValueR, _saBodyI, idBody, hash);
            }))
            return TaskStatus.Failed;
        foreach (var task in offer.FollowUps(Sa, keys)) Sa.Tasks.Plan(task);
        return TaskStatus.Done;
    }
}
