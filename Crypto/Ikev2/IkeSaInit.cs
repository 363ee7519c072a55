using System.Buffers.Binary;
using System.Net;
using AsaEmu.Crypto.Ike;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// IKE_SA_INIT (RFC 7296 §1.2), either role:
/// <code>
/// Initiator                         Responder
/// HDR, SAi1, KEi, Ni,
///   N(NAT_DETECTION_*)   --&gt;
///                      &lt;--    HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*)
/// </code>
/// The responder chooses from the <c>crypto ikev2 policy</c> entries (<see cref="Ikev2Suites.ChooseIke"/>);
/// a KE of another group than the one chosen gets INVALID_KE_PAYLOAD naming it, and the initiator
/// tries again with that group (§1.2). Both ends then key the SA (§2.14) and check for NATs (§2.23).
/// The Diffie-Hellman work is done here, on the control loop: site negotiations are few.
/// </summary>
public sealed class IkeSaInit : Ikev2Task
{
    /// <summary>Our nonce: 32 octets, at least half the PRF's key size for every PRF we offer (§2.10).</summary>
    public const int NonceLength = 32;

    private readonly IReadOnlyList<Ikev2Proposal> _offer;
    private ushort _group;
    private byte[]? _cookie;
    private IDiffieHellman? _pair;
    private int _retries;

    /// <summary>The initiator's exchange, offering <paramref name="offer"/> (<see cref="Ikev2Suites.Offer"/>).</summary>
    public IkeSaInit(Ikev2Sa sa, IReadOnlyList<Ikev2Proposal> offer) : base(sa)
    {
        _offer = offer;
        _group = Ikev2Suites.FirstGroup(offer);
    }

    /// <summary>The responder's exchange.</summary>
    public IkeSaInit(Ikev2Sa sa) : base(sa) => _offer = [];

    public override Ikev2Exchange Exchange => Ikev2Exchange.IkeSaInit;

    public override IReadOnlyList<Ikev2Payload> BuildRequest(IkeContext ctx)
    {
        // §2.6: repeated with a COOKIE, the request is otherwise unchanged (the cookie covers Ni); a new
        // group after INVALID_KE_PAYLOAD needs a new KE.
        if (_pair is null || (ushort)_pair.Group.Id != _group) _pair = DhGroup.FromAttribute(_group)!.CreateKeyPair(ctx.Random);
        if (Sa.NonceI.Length == 0) Sa.NonceI = ctx.RandomBytes(NonceLength);
        var payloads = new List<Ikev2Payload>();
        // §2.6: a COOKIE the responder sent goes first in the request repeated.
        if (_cookie is not null) payloads.Add(new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.Cookie, _cookie));
        payloads.Add(new Ikev2SaPayload(_offer));
        payloads.Add(new Ikev2KePayload(_group, _pair.PublicValue.ToArray()));
        payloads.Add(new Ikev2NoncePayload(Sa.NonceI));
        payloads.AddRange(Ikev2NatDetection.Payloads(Sa.SpiI, 0, Sa.Local, Sa.Peer));
        if (FragmentMtu(ctx) is not null) payloads.Add(FragmentationSupported);
        return payloads;
    }

    public override TaskStatus ProcessResponse(IkeContext ctx, Ikev2Inbound response)
    {
        if (response.Notify(Ikev2NotifyTypes.Cookie) is { } cookie && _retries++ < 2)
        {
            _cookie = cookie.Data.ToArray();
            return TaskStatus.NeedMore;
        }
        if (response.Notify(Ikev2NotifyTypes.InvalidKePayload) is { Data.Length: 2 } invalidKe && _retries++ < 2)
        {
            var group = BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data.Span);
            if (group != _group && _offer.Any(p => p.Transforms.Any(t => t.Type == TransformType.DiffieHellman && t.Id == group)))
            {
                _group = group;
                return TaskStatus.NeedMore;
            }
        }
        if (response.Error is { } error) return Fail(ctx, error.NotifyType == Ikev2NotifyTypes.NoProposalChosen ? Ikev2Text.NoProposal : Ikev2Text.PeerFailed);
        var sa = response.First<Ikev2SaPayload>();
        var ke = response.First<Ikev2KePayload>();
        var nonce = response.First<Ikev2NoncePayload>();
        if (sa is null || ke is null || nonce is null || nonce.Data.Length is < 16 or > 256 || response.Header.SpiR == 0) return Fail(ctx, Ikev2Text.PeerFailed);
        if (Ikev2Suites.AcceptIke(_offer, sa) is not { } suite || suite.Group != _group || ke.Group != _group) return Fail(ctx, Ikev2Text.NoProposal);
        Sa.SpiR = response.Header.SpiR;
        Sa.LifetimeSeconds = Ikev2Suites.Lifetime(ctx.Config, suite);
        Sa.NonceR = nonce.Data.ToArray();
        if (!Key(suite, ke)) return Fail(ctx, Ikev2Text.PeerFailed);
        (Sa.PeerBehindNat, Sa.LocalBehindNat) = Ikev2NatDetection.Detect(response);
        Sa.FragmentMtu = response.Notify(Ikev2NotifyTypes.FragmentationSupported) is not null ? FragmentMtu(ctx) : null;
        if (Sa.PeerBehindNat || Sa.LocalBehindNat)
        {
            // §2.23: the initiator moves to port 4500 for IKE_AUTH and all that follows.
            Sa.Local = new IPEndPoint(Sa.Local.Address, NatTPort);
            Sa.Peer = new IPEndPoint(Sa.Peer.Address, NatTPort);
        }
        return TaskStatus.Done;
    }

    private const int NatTPort = 4500;

    public override (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request)
    {
        Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.InitRequest, Ikev2Text.ReceivedInitRequest);
        var sa = request.First<Ikev2SaPayload>();
        var ke = request.First<Ikev2KePayload>();
        var nonce = request.First<Ikev2NoncePayload>();
        if (sa is null || ke is null || nonce is null || nonce.Data.Length is < 16 or > 256)
            return Refuse(ctx, Ikev2NotifyTypes.InvalidSyntax, default, Ikev2Text.PeerFailed);
        if (Ikev2Suites.ChooseIke(ctx.Config, sa) is not { } choice)
            return Refuse(ctx, Ikev2NotifyTypes.NoProposalChosen, default, Ikev2Text.NoProposal);
        var suite = choice.Suite;
        if (ke.Group != suite.Group)
        {
            // §1.2: the group the responder wants, for the initiator to try again with.
            var group = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(group, suite.Group);
            return Refuse(ctx, Ikev2NotifyTypes.InvalidKePayload, group, null);
        }
        _pair = suite.DhGroup.CreateKeyPair(ctx.Random);
        Sa.LifetimeSeconds = Ikev2Suites.Lifetime(ctx.Config, suite);
        Sa.NonceI = nonce.Data.ToArray();
        Sa.NonceR = ctx.RandomBytes(NonceLength);
        if (!Key(suite, ke)) return Refuse(ctx, Ikev2NotifyTypes.InvalidKePayload, default, Ikev2Text.PeerFailed);
        (Sa.PeerBehindNat, Sa.LocalBehindNat) = Ikev2NatDetection.Detect(request);
        List<Ikev2Payload> response =
        [
            new Ikev2SaPayload([suite.Proposal(choice.Number)]),
            new Ikev2KePayload(suite.Group, _pair.PublicValue.ToArray()),
            new Ikev2NoncePayload(Sa.NonceR),
            .. Ikev2NatDetection.Payloads(Sa.SpiI, Sa.SpiR, Sa.Local, Sa.Peer),
        ];
        // RFC 7383 §2.3: the responder answers the initiator's announcement with its own, if it fragments too.
        Sa.FragmentMtu = request.Notify(Ikev2NotifyTypes.FragmentationSupported) is not null ? FragmentMtu(ctx) : null;
        if (Sa.FragmentationAgreed) response.Add(FragmentationSupported);
        return (response, TaskStatus.Done);
    }

    /// <summary>IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 §2.3): protocol 0, no SPI, no data.</summary>
    private static readonly Ikev2NotifyPayload FragmentationSupported = new(0, default, Ikev2NotifyTypes.FragmentationSupported, default);

    /// <summary>
    /// <c>crypto ikev2 fragmentation mtu</c> (576 unless told), or null after <c>no crypto ikev2 fragmentation</c>
    /// [M: on by default in 9.x].
    /// </summary>
    private static long? FragmentMtu(IkeContext ctx) =>
        (ctx.Config.Get<ConfigModel.Model.Ikev2Fragmentation>() ?? new()) is { Enabled: true } setting ? setting.Mtu : null;

    /// <summary>g^ir with the peer's KE, then the SA's keys; false for a KE that is not a valid element of the group.</summary>
    private bool Key(IkeSuite suite, Ikev2KePayload ke) => KeyWith(_pair!, ke, shared => Sa.Key(suite, shared));

    private TaskStatus Fail(IkeContext ctx, string why)
    {
        Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, why);
        return TaskStatus.Failed;
    }

    /// <summary>An IKE_SA_INIT answered with one error notification and no SA kept; its responder SPI zero (§2.6, §2.21.1).</summary>
    private (IReadOnlyList<Ikev2Payload>, TaskStatus) Refuse(IkeContext ctx, ushort notify, ReadOnlyMemory<byte> data, string? why)
    {
        if (why is not null) Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, why);
        Sa.SpiR = 0;
        return ([new Ikev2NotifyPayload(0, default, notify, data)], TaskStatus.Failed);
    }
}
