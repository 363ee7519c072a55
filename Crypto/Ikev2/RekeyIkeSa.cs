using System.Buffers.Binary;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// The rekey of an IKE SA with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18), either role:
/// <code>
/// Initiator                         Responder
/// HDR, SK {SA, Ni, KEi} --&gt;
///                      &lt;--    HDR, SK {SA, Nr, KEr}
/// </code>
/// The SA payload's proposal carries the new IKE SA's SPI of its sender. The new SA takes the Child
/// SAs over; the end that began the rekey is the new SA's initiator and deletes the old one (§2.18).
/// The new SA comes out as <see cref="Ikev2Sa.Successor"/> of the old, for the engine to keep.
/// </summary>
public sealed class RekeyIkeSa(Ikev2Sa sa) : Ikev2Task(sa)
{
    private ulong _spi;
    private byte[] _nonce = [];
    private IDiffieHellman? _pair;

    public override Ikev2Exchange Exchange => Ikev2Exchange.CreateChildSa;

    private static byte[] SpiBytes(ulong spi)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, spi);
        return bytes;
    }

    /// <summary>This end begins it (the old SA's own suite again, as the ASA keeps its policy's choice [M]).</summary>
    public override IReadOnlyList<Ikev2Payload>? BuildRequest(IkeContext ctx)
    {
        if (Sa.Suite is not { } suite || !Sa.Established || Sa.Superseded) return null;
        _spi = ctx.RandomIkeSpi();
        _nonce = ctx.RandomBytes(IkeSaInit.NonceLength);
        _pair = suite.DhGroup.CreateKeyPair(ctx.Random);
        return [new Ikev2SaPayload([suite.Proposal(1, SpiBytes(_spi))]), new Ikev2NoncePayload(_nonce), new Ikev2KePayload(suite.Group, _pair.PublicValue.ToArray())];
    }

    public override TaskStatus ProcessResponse(IkeContext ctx, Ikev2Inbound response)
    {
        var sa = response.First<Ikev2SaPayload>();
        var nonce = response.First<Ikev2NoncePayload>();
        var ke = response.First<Ikev2KePayload>();
        if (response.Error is not null || sa is null || nonce is null || ke is null || nonce.Data.Length is < 16 or > 256
            || sa.Proposals is not [{ ProtocolId: Ikev2Protocols.Ike, Spi.Length: 8 } chosen] || Ikev2Suites.AcceptIke([Sa.Suite!.Proposal(1)], sa with { Proposals = [chosen with { Spi = default }] }) is not { } suite
            || ke.Group != suite.Group)
            return TaskStatus.Done; // refused: the old SA goes on until its lifetime ends
        var successor = Successor(ctx, IkeRole.Initiator, _spi, BinaryPrimitives.ReadUInt64BigEndian(chosen.Spi.Span), _nonce, nonce.Data.ToArray());
        if (!Key(successor, suite, ke)) return TaskStatus.Done;
        Sa.HandOver(successor);
        // §2.18: the end that began the rekey deletes the old IKE SA.
        Sa.Ending = "IKE SA rekeyed"; // [M]
        return TaskStatus.Done;
    }

    public override (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request)
    {
        var sa = request.First<Ikev2SaPayload>();
        var nonce = request.First<Ikev2NoncePayload>();
        var ke = request.First<Ikev2KePayload>();
        if (sa is null || nonce is null || ke is null || nonce.Data.Length is < 16 or > 256) return Refuse(Ikev2NotifyTypes.InvalidSyntax);
        if (Ikev2Suites.ChooseIke(ctx.Config, sa, rekey: true) is not { } choice) return Refuse(Ikev2NotifyTypes.NoProposalChosen);
        var suite = choice.Suite;
        if (ke.Group != suite.Group)
        {
            var group = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(group, suite.Group);
            return Refuse(Ikev2NotifyTypes.InvalidKePayload, group);
        }
        var peerSpi = BinaryPrimitives.ReadUInt64BigEndian(sa.Proposals.First(p => p.Number == choice.Number && p.ProtocolId == Ikev2Protocols.Ike).Spi.Span);
        _spi = ctx.RandomIkeSpi();
        _nonce = ctx.RandomBytes(IkeSaInit.NonceLength);
        _pair = suite.DhGroup.CreateKeyPair(ctx.Random);
        // The peer began the rekey: it is the new SA's initiator (§2.18).
        var successor = Successor(ctx, IkeRole.Responder, peerSpi, _spi, nonce.Data.ToArray(), _nonce);
        if (!Key(successor, suite, ke)) return Refuse(Ikev2NotifyTypes.InvalidKePayload);
        Sa.HandOver(successor);
        return ([new Ikev2SaPayload([suite.Proposal(choice.Number, SpiBytes(_spi))]), new Ikev2NoncePayload(_nonce), new Ikev2KePayload(suite.Group, _pair.PublicValue.ToArray())],
            TaskStatus.Done);
    }

    private Ikev2Sa Successor(IkeContext ctx, IkeRole role, ulong spiI, ulong spiR, byte[] nonceI, byte[] nonceR) => new()
    {
        Number = Sa.Number,
        SpiI = spiI,
        SpiR = spiR,
        Role = role,
        Local = Sa.Local,
        Peer = Sa.Peer,
        NameIf = Sa.NameIf,
        Created = ctx.Now,
        TunnelGroup = Sa.TunnelGroup,
        // RFC 7383 §2.3: the new IKE SA inherits the fragmentation the old one agreed.
        FragmentMtu = Sa.FragmentMtu,
        FragmentStatistics = Sa.FragmentStatistics,
        Established = true,
        EstablishedAt = ctx.Now,
        LastHeard = ctx.Now,
        NonceI = nonceI,
        NonceR = nonceR,
        PeerBehindNat = Sa.PeerBehindNat,
        LocalBehindNat = Sa.LocalBehindNat,
        Site = Sa.Site,
        LifetimeSeconds = Sa.LifetimeSeconds,
    };

    /// <summary>g^ir with the peer's KE, then the successor's keys from the old SA's SK_d (§2.18).</summary>
    private bool Key(Ikev2Sa successor, IkeSuite suite, Ikev2KePayload ke) => KeyWith(_pair!, ke, shared => successor.Rekey(Sa, suite, shared));

    private static (IReadOnlyList<Ikev2Payload>, TaskStatus) Refuse(ushort notify, ReadOnlyMemory<byte> data = default) =>
        ([new Ikev2NotifyPayload(0, default, notify, data)], TaskStatus.Done);
}
