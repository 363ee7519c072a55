using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Dataplane.Ike;

/// <summary>What <c>show crypto isakmp sa</c> and friends read: a copy of the SAs, values only, safe to read from any thread.</summary>
public sealed record IkeStatus(ImmutableList<IkeSaView> Sas, IkeStatistics Statistics)
{
    public static readonly IkeStatus Empty = new([], new IkeStatistics());

    /// <summary>The IKEv2 SAs (<c>show crypto ikev2 sa</c>).</summary>
    public ImmutableList<Ikev2SaView> Ikev2Sas { get; init; } = [];

    /// <summary>The IKEv2 counters (<c>show crypto ikev2 stats</c>, the IKEv2 block of <c>show crypto isakmp stats</c>).</summary>
    public IkeStatistics Ikev2Statistics { get; init; } = new();

    /// <param name="shedDatagrams">Datagrams the driver shed before the engine saw them: received, and dropped (In Packets, In Drop Packets).</param>
    public static IkeStatus From(IkeEngine engine, DateTimeOffset now, long shedDatagrams = 0)
    {
        var statistics = engine.Statistics.Copy();
        statistics.InPackets += shedDatagrams;
        statistics.InDropPackets += shedDatagrams;
        return new(engine.Sas.Select(sa => IkeSaView.From(sa, now)).ToImmutableList(), statistics)
        {
            Ikev2Sas = [.. engine.Ikev2Sas.Select(sa => Ikev2SaView.From(sa))],
            Ikev2Statistics = engine.Ikev2Statistics.Copy(),
        };
    }
}

/// <summary>One IKE SA and its IPsec SAs as the show commands print them.</summary>
public sealed record IkeSaView(
    string Peer, int PeerPort, string Local, IkeSaState State, string? TunnelGroup, string? Username, string? Encryption,
    string? Hash, string Authentication, long Lifetime, long LifetimeRemaining, Ipv4? AssignedAddress, string? AddressPool, bool NatT,
    DateTimeOffset Created, ImmutableList<ChildSa> Children, long BytesSent = 0, long BytesReceived = 0)
{
    /// <summary>The initiator's cookie.</summary>
    public ulong CookieI { get; init; }

    /// <summary>
    /// The phase-1 encryption key for a capture's decryption table (null before the DH work): a copy made
    /// on the control loop, so it stays whole after the engine zeroes the SA's keys on delete.
    /// </summary>
    public Capture.IkeSaKeys? Keys { get; init; }

    /// <summary>The Diffie-Hellman group of phase 1 (null before a policy was chosen).</summary>
    public int? DhGroup { get; init; }

    /// <summary>When traffic last crossed one of its IPsec SAs (its start until then): the idle timeout counts from it.</summary>
    public DateTimeOffset LastTraffic { get; init; }

    /// <summary>What the AAA server said of the user (its Class policy selects the session's group policy).</summary>
    public ServerAttributes? Authorization { get; init; }

    /// <summary>When the session began (its first IKE SA's start, kept through phase 1 rekeys): login time and duration.</summary>
    public DateTimeOffset SessionStart
    {
        get => _sessionStart ?? Created;
        init => _sessionStart = value;
    }
    private readonly DateTimeOffset? _sessionStart;

    /// <summary>Which end started phase 1 (<c>Role</c> of <c>show crypto isakmp sa</c>).</summary>
    public IkeRole Role { get; init; } = IkeRole.Responder;

    /// <summary>How phase 1 ran: main mode (identity protection) or aggressive mode (<c>IKE Neg Mode</c>).</summary>
    public bool MainMode { get; init; }

    public static IkeSaView From(IkeSa sa, DateTimeOffset now)
    {
        var lifetime = sa.Selection?.LifetimeSeconds ?? 0;
        return new IkeSaView(sa.Peer.Address.ToString(), sa.Peer.Port, sa.Local.Address.ToString(), sa.State, sa.TunnelGroup, sa.Username,
            sa.Selection?.Policy.Encryption, sa.Selection?.Policy.Hash.ToUpperInvariant(), "preshared", lifetime,
            Math.Max(0, lifetime - (long)(now - sa.Created).TotalSeconds), sa.AssignedAddress, sa.AddressPool, sa.NatT is not null,
            sa.Created, [.. sa.Children], sa.BytesSent, sa.BytesReceived)
        {
            CookieI = sa.CookieI, Keys = sa.Keys is { } keys ? new Capture.IkeSaKeys(sa.CookieI, keys.Material.EncryptionKey.ToArray()) : null, DhGroup = sa.Selection?.Policy.Group, LastTraffic = sa.LastTraffic, SessionStart = sa.SessionStart,
            Authorization = sa.Authorization, Role = sa.Role, MainMode = sa.Mode == Crypto.Isakmp.ExchangeType.IdentityProtection,
        };
    }
}
