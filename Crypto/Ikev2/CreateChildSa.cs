using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// CREATE_CHILD_SA for a Child SA, new or rekeyed (RFC 7296 §1.3.1, §1.3.3), either role:
/// <code>
/// Initiator                         Responder
/// HDR, SK {[N(REKEY_SA)], SA, Ni,
///          [KEi], TSi, TSr} --&gt;
///                      &lt;--    HDR, SK {SA, Nr, [KEr], TSi, TSr}
/// </code>
/// KEYMAT = prf+ (SK_d, [g^ir (new)] | Ni | Nr) (§2.17). With <c>set pfs</c> on the crypto map entry the
/// ESP proposals carry its group and a KE goes with them. The end that began the rekey deletes the old
/// Child SA once the new one is in (§2.8). A request that rekeys the IKE SA itself (an IKE proposal,
/// §1.3.2) the engine hands to <see cref="RekeyIkeSa"/> instead.
/// </summary>
public sealed class CreateChildSa : Ikev2Task
{
    private readonly SiteEntry? _site;
    private readonly ChildSa? _old;
    private List<EspSuite> _offer = [];
    private uint _inboundSpi;
    private byte[] _nonce = [];
    private IDiffieHellman? _pair;

    /// <summary>The responder's exchange.</summary>
    public CreateChildSa(Ikev2Sa sa) : base(sa)
    {
    }

    /// <summary>A Child SA this end asks for: the rekey of <paramref name="old"/>, or a new one for <paramref name="site"/>'s ACL entry.</summary>
    public CreateChildSa(Ikev2Sa sa, SiteEntry site, ChildSa? old) : base(sa) => (_site, _old) = (site, old);

    public override Ikev2Exchange Exchange => Ikev2Exchange.CreateChildSa;

    /// <summary>The crypto ACL entry this end asks a Child SA for (the rekeyed one's); null as responder.</summary>
    public ProxyPair? Proxies => _old?.Proxies ?? _site?.Proxies;

    public override IReadOnlyList<Ikev2Payload>? BuildRequest(IkeContext ctx)
    {
        if (_site is not { } site || Sa.Keys is null) return null;
        _offer = Ikev2Suites.EspSuites(ctx.Config, site.Entry);
        if (_offer.Count == 0) return null;
        _inboundSpi = ctx.RandomSpi();
        _nonce = ctx.RandomBytes(IkeSaInit.NonceLength);
        var pfs = site.Entry.PfsGroup is { } g && DhGroup.FromAttribute((ushort)g) is { } group ? group : null;
        var proposals = Ikev2Suites.EspOffer(_offer, _inboundSpi);
        if (pfs is not null) proposals = [.. proposals.Select(p => p with { Transforms = [.. p.Transforms, new Ikev2Transform(TransformType.DiffieHellman, (ushort)pfs.Id, [])] })];
        var payloads = new List<Ikev2Payload>();
        if (_old is not null) payloads.Add(new Ikev2NotifyPayload(Ikev2Protocols.Esp, Ikev2Suites.SpiBytes(_old.InboundSpi), Ikev2NotifyTypes.RekeySa, default));
        payloads.Add(new Ikev2SaPayload(proposals));
        payloads.Add(new Ikev2NoncePayload(_nonce));
        if (pfs is not null)
        {
            _pair = pfs.CreateKeyPair(ctx.Random);
            payloads.Add(new Ikev2KePayload((ushort)pfs.Id, _pair.PublicValue.ToArray()));
        }
        var (tsi, tsr) = Ikev2TrafficSelectors.Payloads(_old?.Proxies ?? site.Proxies);
        payloads.Add(tsi);
        payloads.Add(tsr);
        return payloads;
    }

    public override TaskStatus ProcessResponse(IkeContext ctx, Ikev2Inbound response)
    {
        var site = _site!;
        var sa = response.First<Ikev2SaPayload>();
        var nonce = response.First<Ikev2NoncePayload>();
        var tsi = response.First<Ikev2TsPayload>();
        var tsr = response.Payloads.OfType<Ikev2TsPayload>().FirstOrDefault(t => !t.Initiator);
        if (response.Error is not null || sa is null || nonce is null || nonce.Data.Length is < 16 or > 256 || tsi is null || tsr is null
            || Ikev2Suites.AcceptEsp(_offer, sa) is not { } chosen)
            return Refused(ctx);
        var wanted = _old?.Proxies ?? site.Proxies;
        var narrowed = Ikev2TrafficSelectors.Proposed(tsi, tsr, responder: false).FirstOrDefault(wanted.Covers);
        if (narrowed == default) return Refused(ctx);
        byte[] secret = [];
        if (_pair is not null)
        {
            if (response.First<Ikev2KePayload>() is not { } ke || ke.Group != (ushort)_pair.Group.Id) return Refused(ctx);
            secret = new byte[_pair.Group.SharedSecretLength];
            if (_pair.TryComputeSharedSecret(ke.Data.Span, secret) != DhStatus.Ok) return Refused(ctx);
        }
        Ikev2ChildSas.Create(ctx, Sa, chosen.Suite, _inboundSpi, chosen.PeerSpi, site with { Proxies = narrowed },
            new ChildKeying(_nonce, nonce.Data.ToArray(), secret, _pair is null ? null : (int)_pair.Group.Id));
        if (_old is not null && Sa.Children.Contains(_old))
        {
            // §2.8: the end that began the rekey deletes the old Child SA.
            Ikev2ChildSas.Remove(ctx, Sa, _old);
            Sa.Exchanges.Queue(ctx, Ikev2Informational.DeleteChildren(Sa, [_old]));
        }
        return TaskStatus.Done;
    }

    /// <summary>The peer refused: the old Child SA (if any) lives on to its lifetime's end.</summary>
    private TaskStatus Refused(IkeContext ctx)
    {
        Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, Ikev2Text.PeerFailed);
        return TaskStatus.Done;
    }

    public override (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request)
    {
        var sa = request.First<Ikev2SaPayload>();
        ChildSa? old = null;
        if (request.Notify(Ikev2NotifyTypes.RekeySa) is { Spi.Length: 4 } rekey)
        {
            var spi = BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi.Span);
            old = Sa.Children.FirstOrDefault(c => c.OutboundSpi == spi);
            if (old is null) return Refuse(Ikev2NotifyTypes.ChildSaNotFound, rekey.Spi);
        }
        var nonce = request.First<Ikev2NoncePayload>();
        var tsi = request.First<Ikev2TsPayload>();
        var tsr = request.Payloads.OfType<Ikev2TsPayload>().FirstOrDefault(t => !t.Initiator);
        if (sa is null || nonce is null || nonce.Data.Length is < 16 or > 256 || tsi is null || tsr is null) return Refuse(Ikev2NotifyTypes.InvalidSyntax);
        var proposed = Ikev2TrafficSelectors.Proposed(tsi, tsr, responder: true).ToList();
        if (Ikev2TrafficSelectors.Narrow(ctx.Config, Sa.NameIf, Sa.Peer.Address.ToString(), proposed) is not { } site)
        {
            Ikev2Text.Syslog(ctx.Outputs, Sa, Ikev2Text.Aborted, Ikev2Text.TsUnacceptable);
            return Refuse(Ikev2NotifyTypes.TsUnacceptable);
        }
        if (Ikev2Suites.ChooseEsp(Ikev2Suites.EspSuites(ctx.Config, site.Entry), sa) is not { } chosen)
            return Refuse(Ikev2NotifyTypes.NoProposalChosen);
        // PFS (§1.3.1): the group the entry's set pfs names, or the peer's when the entry names none.
        var offered = sa.Proposals.First(p => p.Number == chosen.Number && p.ProtocolId == Ikev2Protocols.Esp);
        var groups = offered.Transforms.Where(t => t.Type == TransformType.DiffieHellman && t.Id != 0).Select(t => t.Id).ToList();
        var ke = request.First<Ikev2KePayload>();
        DhGroup? pfs = null;
        if (site.Entry.PfsGroup is { } required)
        {
            if (!groups.Contains((ushort)required)) return Refuse(Ikev2NotifyTypes.NoProposalChosen);
            pfs = DhGroup.FromAttribute((ushort)required);
            if (ke is null || ke.Group != (ushort)required)
            {
                var data = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)required);
                return Refuse(Ikev2NotifyTypes.InvalidKePayload, default, data);
            }
        }
        else if (ke is not null && groups.Contains(ke.Group)) pfs = DhGroup.FromAttribute(ke.Group);
        _nonce = ctx.RandomBytes(IkeSaInit.NonceLength);
        byte[] secret = [];
        IDiffieHellman? pair = null;
        if (pfs is not null)
        {
            pair = pfs.CreateKeyPair(ctx.Random);
            secret = new byte[pfs.SharedSecretLength];
            if (pair.TryComputeSharedSecret(ke!.Data.Span, secret) != DhStatus.Ok) return Refuse(Ikev2NotifyTypes.InvalidKePayload);
        }
        var inboundSpi = ctx.RandomSpi();
        Ikev2ChildSas.Create(ctx, Sa, chosen.Suite, inboundSpi, chosen.PeerSpi, site,
            new ChildKeying(nonce.Data.ToArray(), _nonce, secret, pfs is null ? null : (int)pfs.Id));
        var proposal = chosen.Suite.Proposal(chosen.Number, inboundSpi);
        if (pfs is not null) proposal = proposal with { Transforms = [.. proposal.Transforms, new Ikev2Transform(TransformType.DiffieHellman, (ushort)pfs.Id, [])] };
        var (ourTs, peerTs) = Ikev2TrafficSelectors.Payloads(site.Proxies);
        var response = new List<Ikev2Payload> { new Ikev2SaPayload([proposal]), new Ikev2NoncePayload(_nonce) };
        if (pair is not null) response.Add(new Ikev2KePayload((ushort)pfs!.Id, pair.PublicValue.ToArray()));
        response.Add(new Ikev2TsPayload(true, peerTs.Selectors));
        response.Add(new Ikev2TsPayload(false, ourTs.Selectors));
        return (response, TaskStatus.Done);
    }

    private static (IReadOnlyList<Ikev2Payload>, TaskStatus) Refuse(ushort notify, ReadOnlyMemory<byte> spi = default, ReadOnlyMemory<byte> data = default) =>
        ([new Ikev2NotifyPayload(spi.IsEmpty ? (byte)0 : Ikev2Protocols.Esp, spi, notify, data)], TaskStatus.Done);
}
