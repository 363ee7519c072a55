using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// IKE_AUTH with pre-shared keys and the first Child SA (RFC 7296 §1.2, §2.15), either role:
/// <code>
/// Initiator                         Responder
/// HDR, SK {IDi, AUTH, SAi2,
///          TSi, TSr}     --&gt;
///                      &lt;--    HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
/// </code>
/// Each end proves the key of its tunnel-group's <c>ikev2 local-authentication pre-shared-key</c> and
/// checks the peer's against <c>ikev2 remote-authentication pre-shared-key</c>. A wrong AUTH gets
/// AUTHENTICATION_FAILED and nothing is installed. The Child SA's traffic selectors are narrowed to
/// the crypto ACL entry (<see cref="Ikev2TrafficSelectors.Narrow"/>, else TS_UNACCEPTABLE) and its ESP
/// transforms chosen from the entry's <c>set ikev2 ipsec-proposal</c> (else NO_PROPOSAL_CHOSEN): then
/// the IKE SA goes too, as a site's IKE SA without its tunnel is of no use [M].
/// </summary>
public sealed class IkeAuth(Ikev2Sa sa) : Ikev2Task(sa)
{
    private uint _inboundSpi;
    private List<EspSuite> _offer = [];

    public override Ikev2Exchange Exchange => Ikev2Exchange.IkeAuth;

    /// <summary>The tunnel-group the engine found for the peer when the negotiation began (<see cref="Ikev2Sa.TunnelGroup"/>), as it stands now.</summary>
    private TunnelGroup? Group(AsaConfig config) => Sa.TunnelGroup is { } name ? config.Get<TunnelGroup>(name) : null;

    /// <summary>The ID this end sends: its address (ID_IPV4_ADDR), as the ASA with <c>crypto isakmp identity auto</c> and a pre-shared key [M].</summary>
    private Ikev2IdPayload OwnId(bool initiator) => new(initiator, Ikev2IdTypes.Ipv4Address, Sa.Local.Address.GetAddressBytes());

    /// <summary>The body of an ID payload (ID type, three reserved octets, data), which AUTH signs (§2.15).</summary>
    private static byte[] IdBody(Ikev2IdPayload id)
    {
        if (!id.Body.IsEmpty) return id.Body.ToArray();
        var body = new byte[4 + id.Data.Length];
        body[0] = id.IdType;
        id.Data.Span.CopyTo(body.AsSpan(4));
        return body;
    }

    /// <summary>This end's AUTH: for the initiator over its IKE_SA_INIT request and Nr, SK_pi; for the responder its response and Ni, SK_pr.</summary>
    private byte[] OwnAuth(byte[] key, Ikev2IdPayload id)
    {
        var keys = Sa.Keys!;
        var initiator = Sa.Role == IkeRole.Initiator;
        return Ikev2KeyDerivation.PreSharedKeyAuth(Sa.Suite!.PrfHash, key, initiator ? Sa.InitRequest : Sa.InitResponse,
            initiator ? Sa.NonceR : Sa.NonceI, initiator ? keys.SkPi : keys.SkPr, IdBody(id));
    }

    /// <summary>Whether the peer's AUTH proves <paramref name="key"/>: its IKE_SA_INIT message, our nonce, its SK_p.</summary>
    private bool PeerAuthValid(byte[] key, Ikev2IdPayload id, Ikev2AuthPayload auth)
    {
        if (auth.Method != Ikev2AuthMethods.SharedKeyMic) return false;
        var keys = Sa.Keys!;
        var peerInitiator = Sa.Role == IkeRole.Responder;
        var expected = Ikev2KeyDerivation.PreSharedKeyAuth(Sa.Suite!.PrfHash, key, peerInitiator ? Sa.InitRequest : Sa.InitResponse,
            peerInitiator ? Sa.NonceR : Sa.NonceI, peerInitiator ? keys.SkPi : keys.SkPr, IdBody(id));
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, auth.Data.Span);
    }

    public override IReadOnlyList<Ikev2Payload>? BuildRequest(IkeContext ctx)
    {
        if (Sa.Keys is null || Sa.Site is not { } site) return null;
        var group = Group(ctx.Config);
        if (group?.Ikev2LocalKey?.Octets() is not { } key)
        {
            Sa.Ending = Ikev2Text.AuthFailed;
            return null;
        }
        _offer = Ikev2Suites.EspSuites(ctx.Config, site.Entry);
        _inboundSpi = ctx.RandomSpi();
        var id = OwnId(initiator: true);
        var (tsi, tsr) = Ikev2TrafficSelectors.Payloads(site.Proxies);
        return
        [
            id,
            new Ikev2AuthPayload(Ikev2AuthMethods.SharedKeyMic, OwnAuth(key, id)),
            new Ikev2SaPayload(Ikev2Suites.EspOffer(_offer, _inboundSpi)),
            tsi,
            tsr,
            new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.InitialContact, default),
        ];
    }

    public override TaskStatus ProcessResponse(IkeContext ctx, Ikev2Inbound response)
    {
        var id = response.First<Ikev2IdPayload>();
        var auth = response.First<Ikev2AuthPayload>();
        var group = Group(ctx.Config);
        if (response.Notify(Ikev2NotifyTypes.AuthenticationFailed) is not null || id is null || auth is null)
        {
            Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, Ikev2Text.AuthFailed);
            return TaskStatus.Failed;
        }
        if (group?.Ikev2RemoteKey?.Octets() is not { } key || !PeerAuthValid(key, id, auth))
        {
            // §2.21.2: the responder thinks the SA up; it is deleted there.
            Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, Ikev2Text.AuthFailed);
            Sa.Ending = Ikev2Text.AuthFailed;
            return TaskStatus.Done;
        }
        Established(ctx);
        var sa = response.First<Ikev2SaPayload>();
        var tsi = response.First<Ikev2TsPayload>();
        var tsr = response.Payloads.OfType<Ikev2TsPayload>().FirstOrDefault(t => !t.Initiator);
        var site = Sa.Site!;
        if (response.Error is { } error || sa is null || tsi is null || tsr is null || Ikev2Suites.AcceptEsp(_offer, sa) is not { } chosen)
        {
            var why = response.Error?.NotifyType == Ikev2NotifyTypes.TsUnacceptable ? Ikev2Text.TsUnacceptable : Ikev2Text.NoProposal;
            Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, why);
            Sa.Ending = why;
            return TaskStatus.Done;
        }
        // The responder may narrow (§2.9): what it chose must lie within what we proposed.
        var narrowed = Ikev2TrafficSelectors.Proposed(tsi, tsr, responder: false).FirstOrDefault(site.Proxies.Covers);
        if (narrowed == default)
        {
            Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, Ikev2Text.TsUnacceptable);
            Sa.Ending = Ikev2Text.TsUnacceptable;
            return TaskStatus.Done;
        }
        Ikev2ChildSas.Create(ctx, Sa, chosen.Suite, _inboundSpi, chosen.PeerSpi, site with { Proxies = narrowed });
        return TaskStatus.Done;
    }

    public override (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request)
    {
        var id = request.First<Ikev2IdPayload>();
        var auth = request.First<Ikev2AuthPayload>();
        var group = Group(ctx.Config);
        if (id is null || auth is null || group?.Ikev2RemoteKey?.Octets() is not { } remoteKey || group.Ikev2LocalKey?.Octets() is not { } localKey
            || !PeerAuthValid(remoteKey, id, auth))
        {
            Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, Ikev2Text.AuthFailed);
            return ([new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.AuthenticationFailed, default)], TaskStatus.Failed);
        }
        var ownId = OwnId(initiator: false);
        var response = new List<Ikev2Payload> { ownId, new Ikev2AuthPayload(Ikev2AuthMethods.SharedKeyMic, OwnAuth(localKey, ownId)) };
        Established(ctx);

        var sa = request.First<Ikev2SaPayload>();
        var tsi = request.First<Ikev2TsPayload>();
        var tsr = request.Payloads.OfType<Ikev2TsPayload>().FirstOrDefault(t => !t.Initiator);
        var proposed = tsi is null || tsr is null ? [] : Ikev2TrafficSelectors.Proposed(tsi, tsr, responder: true).ToList();
        if (sa is null || Ikev2TrafficSelectors.Narrow(ctx.Config, Sa.NameIf, Sa.Peer.Address.ToString(), proposed) is not { } site)
            return Refuse(ctx, response, Ikev2NotifyTypes.TsUnacceptable, Ikev2Text.TsUnacceptable);
        if (Ikev2Suites.ChooseEsp(Ikev2Suites.EspSuites(ctx.Config, site.Entry), sa) is not { } chosen)
            return Refuse(ctx, response, Ikev2NotifyTypes.NoProposalChosen, Ikev2Text.NoProposal);
        var inboundSpi = ctx.RandomSpi();
        Ikev2ChildSas.Create(ctx, Sa, chosen.Suite, inboundSpi, chosen.PeerSpi, site);
        // TSi is the initiator's side: the peer's networks; TSr ours.
        var (ourTs, peerTs) = Ikev2TrafficSelectors.Payloads(site.Proxies);
        response.Add(new Ikev2SaPayload([chosen.Suite.Proposal(chosen.Number, inboundSpi)]));
        response.Add(new Ikev2TsPayload(true, peerTs.Selectors));
        response.Add(new Ikev2TsPayload(false, ourTs.Selectors));
        return (response, TaskStatus.Done);
    }

    private void Established(IkeContext ctx)
    {
        Sa.Established = true;
        Sa.EstablishedAt = ctx.Now;
        Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.SaUp, Ikev2Text.NewConnection);
    }

    /// <summary>The IKE SA is authenticated but its Child SA refused (§2.21.3: the error in the IKE_AUTH response); the IKE SA goes after it.</summary>
    private (IReadOnlyList<Ikev2Payload>, TaskStatus) Refuse(IkeContext ctx, List<Ikev2Payload> response, ushort notify, string why)
    {
        Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, why);
        response.Add(new Ikev2NotifyPayload(0, default, notify, default));
        Sa.Ending = why;
        return (response, TaskStatus.Done);
    }
}
