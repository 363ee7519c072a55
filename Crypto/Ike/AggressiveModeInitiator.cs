using System.Net;
using System.Text;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Aggressive mode with pre-shared keys, initiator side (RFC 2409 §5.4), as an EzVPN client runs
/// it: AM1 offers the profile's proposals with its group name as ID_KEY_ID, AM2's HASH_R proves the
/// headend holds the group key, AM3 answers with HASH_I, NAT-D and INITIAL-CONTACT (not in a phase 1
/// rekey, <see cref="IkeSa.Rekeys"/>), from UDP 4500 when both ends spoke NAT-T (RFC 3947 §4). Our key pair and then g^xy are Diffie-Hellman work for
/// the driver, as the responder's is. An AM2 that does not verify is dropped and another awaited: a
/// sender on the path may have raced the headend with it.
/// </summary>
public sealed class AggressiveModeInitiator(IkeSa sa, RemoteAccessProfile profile) : IkeTask(sa)
{
    private const int NonceLength = 20;
    private const int NatTPort = 4500;

    private enum Step { MakeKeyPair, WaitMsg2, WaitDh }

    private Step _step;
    private IDiffieHellman? _pair;
    private byte[] _nonceI = [], _saBodyI = [], _idBodyI = [];
    private IkeDatagram? _am2;
    private Phase1Selection? _selection;
    private byte[] _publicValueR = [], _nonceR = [], _idBodyR = [], _hashR = [];
    private List<NatDPayload> _natD = [];

    public override ExchangeType Exchange => ExchangeType.Aggressive;

    public override IkeSaState State => _step == Step.WaitDh ? IkeSaState.AmWaitDh : IkeSaState.AmWaitMsg2;

    private DhGroup Group => DhGroup.FromAttribute((ushort)profile.DhGroup) ?? DhGroup.Modp1024;

    /// <summary>Asks for our key pair: AM1 carries its public value.</summary>
    public override TaskStatus Initiate(IkeContext ctx)
    {
        ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, Group, []));
        return TaskStatus.NeedMore;
    }

    public override TaskStatus DhCompleted(IkeContext ctx, DhResult result) => _step switch
    {
        Step.MakeKeyPair => SendFirst(ctx, result),
        Step.WaitDh => Authenticate(ctx, result),
        _ => TaskStatus.NeedMore,
    };

    private TaskStatus SendFirst(IkeContext ctx, DhResult result)
    {
        if (result.Pair is not { } pair) return TaskStatus.Failed;
        _pair = pair;
        _nonceI = ctx.RandomBytes(NonceLength);
        var transforms = profile.Phase1Transforms();
        var payloads = new List<Payload>
        {
            new SaPayload(SaPayload.IpsecDoi, SaPayload.IdentityOnly, [new Proposal(0, OakleyAttributes.ProtocolIsakmp, ReadOnlyMemory<byte>.Empty, transforms)]),
            new KePayload(result.PublicValue),
            new DataPayload(PayloadType.Nonce, _nonceI),
            new IdPayload(IdPayload.KeyId, 17, 500, Encoding.ASCII.GetBytes(profile.Group)),
            new VendorIdPayload(VendorIds.Xauth),
            new VendorIdPayload(VendorIds.Dpd),
        };
        if (profile.NatTraversal) payloads.Add(new VendorIdPayload(VendorIds.NatTRfc3947));
        payloads.Add(new VendorIdPayload(VendorIds.CiscoUnity));
        var message = IsakmpEncoder.Encode(new IsakmpHeader(Sa.CookieI, 0, 0, IsakmpHeader.Version1, ExchangeType.Aggressive, 0, 0, 0), payloads);
        // HASH_I and HASH_R cover the SA and ID bodies as they are on the wire.
        IsakmpCodec.TryDecode(message, out var sent, out _);
        _saBodyI = sent!.First<SaPayload>()!.Body.ToArray();
        _idBodyI = sent.First<IdPayload>()!.Body.ToArray();
        new IkeLog(Sa, ctx.Outputs).DecodeLine("SENDING", 0, payloads, message.Length);
        _step = Step.WaitMsg2;
        Sa.Tasks.SendRequest(ctx, this, message);
        return TaskStatus.NeedMore;
    }

    /// <summary>AM2: the headend's choice, its public value, nonce, identity and HASH_R; g^xy is asked for before HASH_R can be checked.</summary>
    public override TaskStatus Process(IkeContext ctx, InboundMessage am2)
    {
        if (_step != Step.WaitMsg2 || am2.Header.Encrypted) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        var transform = am2.First<SaPayload>()?.Proposals is [{ Transforms: [var t] } proposal] ? (proposal, t) : default;
        var ke = am2.First<KePayload>();
        var nonce = am2.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Nonce);
        var id = am2.First<IdPayload>();
        var hash = am2.Payloads.OfType<DataPayload>().FirstOrDefault(p => p.Kind == PayloadType.Hash);
        if (transform.t is null || ke is null || nonce is null || id is null || hash is null
            || Selection(transform.proposal, transform.t) is not { } selection)
        {
            log.Main(IkeLog.Milestone, "Received an aggressive mode message 2 without an offered proposal, KE, nonce, ID and HASH payloads, dropping");
            return TaskStatus.NeedMore;
        }
        log.Debug("processing SA payload");
        log.Debug("processing ke payload");
        log.Debug("processing nonce payload");
        log.Debug("processing ID payload");
        Phase1.ProcessVendorIds(Sa, am2.Payloads, log);
        if (!profile.NatTraversal) Sa.NatT = null;
        _selection = selection;
        _publicValueR = ke.Data.ToArray();
        _nonceR = nonce.Data.ToArray();
        _idBodyR = id.Body.ToArray();
        _hashR = hash.Data.ToArray();
        _natD = [.. am2.Payloads.OfType<NatDPayload>()];
        _am2 = am2.Datagram;
        // The responder's cookie keys the SA; a forged AM2 that fails HASH_R gives it back.
        Sa.CookieR = am2.Header.ResponderCookie;
        _step = Step.WaitDh;
        ctx.Outputs.DhWork.Add(new DhRequest(Sa.CookieI, selection.Group, _publicValueR, _pair));
        return TaskStatus.NeedMore;
    }

    /// <summary>The transform AM2 chose, if it is one we offered.</summary>
    private Phase1Selection? Selection(Proposal proposal, Transform t)
    {
        var offered = profile.Phase1Ciphers.Any(c => c.Algorithm == t.Attribute(OakleyAttributes.EncryptionAlgorithm)?.Number
            && (ulong?)c.KeyBits == t.Attribute(OakleyAttributes.KeyLength)?.Number)
            && t.Attribute(OakleyAttributes.GroupDescription)?.Number == (ulong)profile.DhGroup;
        return offered ? Phase1Selector.Chosen(proposal, t) : null;
    }

    /// <summary>g^xy is here: keys, HASH_R, the NAT-D verdict, then AM3.</summary>
    private TaskStatus Authenticate(IkeContext ctx, DhResult dh)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        if (_selection is not { } selection || dh.Status != DhStatus.Ok
            || Phase1.DeriveKeys(Sa, selection, profile.GroupKey, _nonceI, _nonceR, dh.SharedSecret, _pair!.PublicValue.ToArray(), _publicValueR) is not { } keys)
            return AwaitAnother(log, "Received an invalid Diffie-Hellman public value, dropping");
        var expected = new byte[keys.HashLength];
        keys.Material.ComputeHashR(_pair.PublicValue, _publicValueR, _saBodyI, _idBodyR, expected);
        if (!KeyMaterial.HashesEqual(_hashR, expected))
        {
            ctx.Services.Statistics.HashValidFails++;
            keys.Dispose();
            return AwaitAnother(log, "Error processing payload: Payload ID: 8");
        }
        Sa.Keys = keys;
        Sa.LastReceived = _am2?.Data.ToArray();
        Sa.LastHeard = ctx.Now;
        if (Sa.NatT is not null && _natD.Count >= 2)
        {
            NatDetection.Detect(Sa, selection.Hash, _natD);
            log.Main(IkeLog.Notice, NatDetection.Status(Sa));
        }
        if (Sa.NatT is not null)
        {
            // RFC 3947 §4: with NAT-T agreed the client moves to UDP 4500 for message 3 on, as the Cisco clients do.
            Sa.Local = new IPEndPoint(Sa.Local.Address, NatTPort);
            Sa.Peer = new IPEndPoint(Sa.Peer.Address, NatTPort);
        }
        var hashI = new byte[keys.HashLength];
        keys.Material.ComputeHashI(_pair.PublicValue, _publicValueR, _saBodyI, _idBodyI, hashI);
        var payloads = new List<Payload> { new DataPayload(PayloadType.Hash, hashI) };
        if (Sa.NatT is { } natT) payloads.AddRange(NatDetection.Payloads(Sa, selection.Hash, natT));
        // INITIAL-CONTACT says this is our first SA with the headend (RFC 2407 §4.6.3.3); a phase 1 rekey's is not.
        if (Sa.Rekeys is null)
            payloads.Add(new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, Sa.Cookies(), NotifyTypes.InitialContact, ReadOnlyMemory<byte>.Empty));
        var message = MessageProtection.SealPayloads(Sa, keys, ExchangeType.Aggressive, 0, payloads);
        ctx.Services.Statistics.Sent(payloads);
        keys.Iv.Confirm(0);
        log.DecodeLine("SENDING", 0, payloads, message.Length);
        // No answer comes to AM3 as such: a headend that did not get it repeats AM2, which has it resent.
        Sa.Tasks.Send(ctx, message);
        // A phase 1 rekey keeps the session: the headend asks for neither XAUTH nor Mode Config again.
        if (Sa.Rekeys is null)
            foreach (var task in IkeEngine.ClientFollowUps(Sa, keys, profile)) Sa.Tasks.Plan(task);
        return TaskStatus.Done;
    }

    private TaskStatus AwaitAnother(IkeLog log, string why)
    {
        log.Main(IkeLog.Milestone, why);
        Sa.CookieR = 0;
        _step = Step.WaitMsg2;
        return TaskStatus.NeedMore;
    }
}
