using System.Collections.Immutable;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;

namespace AsaEmu.Dataplane.Ike;

/// <summary>One IKEv2 SA and its Child SAs as <c>show crypto ikev2 sa</c> prints them: values copied on the control loop.</summary>
public sealed record Ikev2SaView(
    ulong SpiI, ulong SpiR, IkeRole Role, string Local, int LocalPort, string Peer, int PeerPort, Ikev2SaState State, string? TunnelGroup,
    IkeSuite? Suite, long Lifetime, DateTimeOffset EstablishedAt, bool NatT, ImmutableList<ChildSa> Children)
{
    public static Ikev2SaView From(Ikev2Sa sa) =>
        new(sa.SpiI, sa.SpiR, sa.Role, sa.Local.Address.ToString(), sa.Local.Port, sa.Peer.Address.ToString(), sa.Peer.Port, sa.State, sa.TunnelGroup,
            sa.Suite, sa.LifetimeSeconds, sa.EstablishedAt, sa.PeerBehindNat || sa.LocalBehindNat, [.. sa.Children]) { FragmentMtu = sa.FragmentMtu };

    /// <summary>The MTU of IKEv2 fragmentation (RFC 7383) when both ends agreed to it; null when they did not.</summary>
    public long? FragmentMtu { get; init; }
}
