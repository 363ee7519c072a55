using System.Collections.Immutable;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;

namespace AsaEmu.Dataplane.Ike;

/// <summary>One IKEv2 SA and its Child SAs as <c>show crypto ikev2 sa</c> and <c>show vpn-sessiondb l2l</c> print them: values copied on the control loop.</summary>
public sealed record Ikev2SaView(
    ulong SpiI, ulong SpiR, IkeRole Role, string Local, int LocalPort, string Peer, int PeerPort, Ikev2SaState State, string? TunnelGroup,
    IkeSuite? Suite, long Lifetime, DateTimeOffset EstablishedAt, bool NatT, ImmutableList<ChildSa> Children)
{
    /// <summary>What the session's Child SAs that are gone (rekeyed away, deleted) carried: the live ones' counters add to it.</summary>
    public ChildSaUsage Retired { get; init; }

    /// <summary>When the tunnel last carried traffic, or came up (its idle timeout counts from here).</summary>
    public DateTimeOffset LastTraffic { get; init; }

    /// <summary>When the tunnel came up, kept across IKE SA rekeys (<c>Login Time</c>, <c>Duration</c>); its IKE SA's start unless set.</summary>
    public DateTimeOffset SessionStart
    {
        get => _sessionStart ?? EstablishedAt;
        init => _sessionStart = value;
    }
    private readonly DateTimeOffset? _sessionStart;

    public static Ikev2SaView From(Ikev2Sa sa)
    {
        var live = sa.Children.Select(c => c.InboundSpi).ToHashSet();
        var retired = sa.Usage.Where(u => !live.Contains(u.Key)).Select(u => u.Value).ToList();
        return new(sa.SpiI, sa.SpiR, sa.Role, sa.Local.Address.ToString(), sa.Local.Port, sa.Peer.Address.ToString(), sa.Peer.Port, sa.State, sa.TunnelGroup,
            sa.Suite, sa.LifetimeSeconds, sa.EstablishedAt, sa.PeerBehindNat || sa.LocalBehindNat, [.. sa.Children])
        {
            Retired = new ChildSaUsage(retired.Sum(u => u.BytesIn), retired.Sum(u => u.BytesOut)),
            LastTraffic = sa.IdleSince,
            SessionStart = sa.SessionStart,
            FragmentMtu = sa.FragmentMtu,
        };
    }

    /// <summary>The MTU of IKEv2 fragmentation (RFC 7383) when both ends agreed to it; null when they did not.</summary>
    public long? FragmentMtu { get; init; }
}
