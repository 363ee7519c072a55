using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>Which end began the IKE SA.</summary>
public enum IkeRole { Initiator, Responder }

/// <summary>IKEv1 SA states as <c>show crypto isakmp sa</c> names them (reference §3.1).</summary>
public enum IkeSaState
{
    /// <summary>AM1 accepted; the Diffie-Hellman work runs off the control loop.</summary>
    AmWaitDh,
    /// <summary>AM1 sent (initiator), waiting for AM2.</summary>
    AmWaitMsg2,
    AmWaitMsg3,
    /// <summary>Phase 1 authenticated; XAUTH request sent, waiting for the reply.</summary>
    AmTmWaitXauth,
    /// <summary>XAUTH status sent, waiting for the ACK.</summary>
    AmTmWaitXauthAck,
    /// <summary>Waiting for the client's Mode Config request.</summary>
    AmTmWaitModeCfg,
    /// <summary>Mode Config pushed (CFG_SET sent), waiting for the ACK.</summary>
    AmTmWaitModeCfgAck,
    AmActive,
    /// <summary>Main mode, responder: MM2 sent, waiting for MM3.</summary>
    MmWaitMsg3,
    /// <summary>Main mode, responder: MM3 in, the Diffie-Hellman work runs off the control loop.</summary>
    MmWaitDh,
    /// <summary>Main mode, responder: MM4 sent, waiting for MM5.</summary>
    MmWaitMsg5,
    /// <summary>Main mode, initiator: MM1 sent, waiting for MM2.</summary>
    MmWaitMsg2,
    /// <summary>Main mode, initiator: MM3 sent, waiting for MM4.</summary>
    MmWaitMsg4,
    /// <summary>Main mode, initiator: MM5 sent, waiting for MM6.</summary>
    MmWaitMsg6,
    MmActive,
    Deleted,
}

public static class IkeSaStates
{
    /// <summary>The state as <c>show crypto isakmp sa detail</c> and the debug lines name it.</summary>
    public static string Name(IkeSaState state) => state switch
    {
        IkeSaState.AmWaitMsg2 => "AM_WAIT_MSG2",
        IkeSaState.AmWaitMsg3 => "AM_WAIT_MSG3",
        IkeSaState.AmTmWaitXauth => "AM_TM_INIT_XAUTH",
        IkeSaState.AmTmWaitXauthAck => "AM_TM_WAIT_XAUTH",
        IkeSaState.AmTmWaitModeCfg => "AM_TM_INIT_MODECFG",
        IkeSaState.AmTmWaitModeCfgAck => "AM_TM_WAIT_MODECFG", // [M]
        IkeSaState.AmActive => "AM_ACTIVE",
        IkeSaState.MmWaitMsg2 => "MM_WAIT_MSG2",
        IkeSaState.MmWaitMsg3 => "MM_WAIT_MSG3",
        IkeSaState.MmWaitDh => "MM_WAIT_MSG3", // the ASA has no state of its own for the work in between
        IkeSaState.MmWaitMsg4 => "MM_WAIT_MSG4",
        IkeSaState.MmWaitMsg5 => "MM_WAIT_MSG5",
        IkeSaState.MmWaitMsg6 => "MM_WAIT_MSG6",
        IkeSaState.MmActive => "MM_ACTIVE",
        _ => "AM_DELETED",
    };

    /// <summary>Whether the state is a session that is up (phase 1 and its transactions done), in either mode.</summary>
    public static bool IsActive(IkeSaState state) => state is IkeSaState.AmActive or IkeSaState.MmActive;

    /// <summary>Whether phase 1 is still under way (the half-open negotiations the limit counts).</summary>
    public static bool IsHalfOpen(IkeSaState state) => state is IkeSaState.AmWaitDh or IkeSaState.AmWaitMsg2 or IkeSaState.AmWaitMsg3
        or IkeSaState.MmWaitMsg2 or IkeSaState.MmWaitMsg3 or IkeSaState.MmWaitDh or IkeSaState.MmWaitMsg4 or IkeSaState.MmWaitMsg5 or IkeSaState.MmWaitMsg6;
}

/// <summary>
/// One IKEv1 SA: who the peer is and how it is reached, what authenticated it, the keys once they
/// exist, its exchanges (<see cref="Tasks"/>), its IPsec SAs and the timers of a live session.
/// What only an exchange needs (nonces, public values, the pre-shared key) stays in that exchange's
/// task. Owned by the control loop; no locking.
/// </summary>
public sealed class IkeSa : IDisposable
{
    public IkeSa() => Tasks = new TaskManager(this);

    public required ulong CookieI { get; init; }
    /// <summary>The responder's cookie: ours as responder, learnt from the answer to our first message as initiator.</summary>
    public ulong CookieR { get; set; }
    public IkeRole Role { get; init; } = IkeRole.Responder;

    /// <summary>
    /// This end is an EzVPN client (<see cref="IkeEngine.Connect"/>): its headend rekeys its IPsec SAs
    /// and decides its Quick Modes; a site (LAN-to-LAN) in either role rekeys and decides by its crypto map.
    /// </summary>
    public bool RemoteAccessClient { get; init; }
    /// <summary>How phase 1 runs: aggressive mode or main mode (identity protection).</summary>
    public ExchangeType Mode { get; init; } = ExchangeType.Aggressive;
    public required IPEndPoint Local { get; set; }
    public required IPEndPoint Peer { get; set; }
    public required DateTimeOffset Created { get; init; }
    /// <summary>The interface whose address the SA's local end is (<c>nameif</c>): its crypto map and policies apply.</summary>
    public required string NameIf { get; init; }

    /// <summary>Its exchanges, one task each.</summary>
    public TaskManager Tasks { get; }

    /// <summary>The state its leading exchange is in, or active once phase 1 and its transactions are done.</summary>
    public IkeSaState State => Removed ? IkeSaState.Deleted
        : Tasks.Leading?.State ?? (Mode == ExchangeType.IdentityProtection
            ? Tasks.Established ? IkeSaState.MmActive : IkeSaState.MmWaitMsg3
            : Tasks.Established ? IkeSaState.AmActive : IkeSaState.AmWaitMsg3);

    /// <summary>Whether phase 1, XAUTH and Mode Config are done: the session is up.</summary>
    public bool Established => Tasks.Established && !Removed;

    /// <summary>Why an exchange decided the session must end (the engine ends it, with DELETEs, after the step); null while it goes on.</summary>
    public string? Ending { get; set; }

    /// <summary>When phase 1 and its transactions completed (traffic since then moves <see cref="LastTraffic"/> past it).</summary>
    public DateTimeOffset EstablishedAt { get; set; }

    /// <summary>A phase 1 rekey of this IKE SA (a site's, or an EzVPN client's) has begun (it begins once).</summary>
    public bool Phase1Rekeying { get; set; }

    /// <summary>A newer IKE SA with the same peer took its session over (a phase 1 rekey): it goes without ending the session.</summary>
    public bool Superseded => Successor is not null;

    /// <summary>The IKE SA that took this one's session over (<see cref="Superseded"/>); null while it holds its own.</summary>
    public IkeSa? Successor { get; set; }

    /// <summary>
    /// The initiator cookie of the remote-access session this IKE SA is the phase 1 rekey of (an EzVPN
    /// client's new phase 1, at either end): once up it takes that session over. Null for a new session,
    /// and once taken over.
    /// </summary>
    public ulong? Rekeys { get; set; }

    /// <summary>What the EzVPN client this end is brings to its headend (<see cref="IkeEngine.Connect"/>): its phase 1 rekey offers it again; null for others.</summary>
    public RemoteAccessProfile? ClientProfile { get; init; }

    /// <summary>When the session began: its first IKE SA's start, kept through phase 1 rekeys (login time, session timeout, 113019's duration).</summary>
    public DateTimeOffset SessionStart
    {
        get => _sessionStart ?? Created;
        set => _sessionStart = value;
    }
    private DateTimeOffset? _sessionStart;

    /// <summary>
    /// The peer's phase 1 carried INITIAL-CONTACT (RFC 2407 §4.6.3.3): it holds no other SA with this
    /// end (it restarted), so a site's older SAs with it are stale rather than to be taken over.
    /// </summary>
    public bool PeerInitialContact { get; set; }

    /// <summary>Taken out of the engine's table (its tasks may still be referenced by a step under way).</summary>
    public bool Removed { get; set; }

    public string? TunnelGroup { get; set; }
    public string? Username { get; set; }

    /// <summary>The keys from the end of the Diffie-Hellman exchange on; null before.</summary>
    public IkeKeys? Keys { get; set; }
    public Phase1Selection? Selection => Keys?.Selection;

    /// <summary>The NAT-T version agreed from the peers' VIDs, null when NAT-T is not used.</summary>
    public NatTVersion? NatT { get; set; }
    public bool PeerBehindNat { get; set; }
    public bool LocalBehindNat { get; set; }
    /// <summary>The peer sent the Cisco Unity VID.</summary>
    public bool ClientUnity { get; set; }
    /// <summary>The peer sent the DPD VID: it answers R-U-THERE (RFC 3706 §5.1).</summary>
    public bool ClientDpd { get; set; }

    /// <summary>XAUTH failed for good (counted in the Auth Fails of the statistics).</summary>
    public bool AuthenticationFailed { get; set; }
    public Ipv4? AssignedAddress { get; set; }
    /// <summary>What the AAA service said of the user at XAUTH (its address, Class policy, timeouts); null before, or without XAUTH.</summary>
    public ServerAttributes? Authorization { get; set; }
    /// <summary>The accounting of the session once its Start went out (sent again at its Stop); null without <c>accounting-server-group</c>.</summary>
    public SessionAccounting? Accounting { get; set; }
    /// <summary>The pool <see cref="AssignedAddress"/> came from (null for vpn-framed-ip-address).</summary>
    public string? AddressPool { get; set; }
    /// <summary>The <c>ipsec-udp-port</c> Mode Config gave the client (it asked, the policy has <c>ipsec-udp enable</c>); null otherwise.</summary>
    public ushort? IpsecUdpPort { get; set; }

    /// <summary>What Mode Config gave this end when it is the client; null otherwise.</summary>
    public ModeConfigGrant? Configuration { get; set; }

    /// <summary>The last message sent, resent when the peer repeats the message it answered.</summary>
    public byte[]? LastSent { get; set; }
    public byte[]? LastReceived { get; set; }

    /// <summary>When the last NAT-T keepalive went to the peer.</summary>
    public DateTimeOffset NatKeepaliveSentAt { get; set; }

    /// <summary>When traffic last crossed the session's IPsec SAs (or it came up): the idle timeout counts from here.</summary>
    public DateTimeOffset LastTraffic { get; set; }

    /// <summary>When the peer was last heard from: dead peer detection counts from here.</summary>
    public DateTimeOffset LastHeard { get; set; }
    /// <summary>R-U-THERE messages sent without an answer, and when the last one left.</summary>
    public int DpdOutstanding { get; set; }
    public DateTimeOffset DpdSentAt { get; set; }
    public uint DpdSequence { get; set; }

    /// <summary>The IPsec SA pairs this IKE SA installed.</summary>
    public List<ChildSa> Children { get; } = [];

    /// <summary>What each IPsec SA pair of the session carried (by inbound SPI), also after it was rekeyed away.</summary>
    public Dictionary<uint, ChildSaUsage> Usage { get; } = [];

    /// <summary>Inner bytes the session sent to and received from the client (113019, <c>show vpn-sessiondb</c>).</summary>
    public long BytesSent => Usage.Values.Sum(u => u.BytesOut);
    public long BytesReceived => Usage.Values.Sum(u => u.BytesIn);

    /// <summary>IPsec SA pairs installed for their inbound SA only while their Quick Mode waits for QM3; removed with the SA if it never comes.</summary>
    public List<ChildSa> Receiving { get; } = [];

    /// <summary>A site's traffic selectors waiting for phase 1 to end, each to get its Quick Mode then (the ASA as initiator).</summary>
    public List<ProxyPair> PendingSites { get; } = [];

    /// <summary>A site's backup peers (<c>set peer A B C</c>) still to try, in order, should this negotiation get no answer.</summary>
    public List<IPAddress> BackupPeers { get; } = [];

    /// <summary>Inbound SPIs of IPsec SAs whose rekey has begun (so it begins once), with when it began.</summary>
    public Dictionary<uint, DateTimeOffset> RekeyStarted { get; } = [];

    /// <summary>When the engine's timers next look at the SA (the engine's bookkeeping).</summary>
    internal DateTimeOffset? ScheduledFor { get; set; }

    /// <summary>
    /// The leading 8 bytes of the last HASH payloads the peer's messages proved themselves with. Each
    /// is a PRF of its message's ID and payloads (RFC 2409 §5.5, §5.7), so a HASH seen before marks
    /// a copy; a ring keeps the memory of an SA fixed.
    /// </summary>
    private readonly ulong[] _recentHashes = new ulong[32];
    private int _nextHash;

    /// <summary>Notes <paramref name="hash"/>; false when one of the last messages carried it already.</summary>
    public bool FirstSighting(ReadOnlySpan<byte> hash)
    {
        Span<byte> head = stackalloc byte[8];
        hash[..Math.Min(8, hash.Length)].CopyTo(head);
        var key = BinaryPrimitives.ReadUInt64BigEndian(head);
        if (Array.IndexOf(_recentHashes, key) >= 0) return false;
        _recentHashes[_nextHash] = key;
        _nextHash = (_nextHash + 1) % _recentHashes.Length;
        return true;
    }

    /// <summary>The ISAKMP SPI of the SA: the initiator's and the responder's cookies (RFC 2408 §3.1).</summary>
    public byte[] Cookies() => Cookies(CookieI, CookieR);

    /// <inheritdoc cref="Cookies()"/>
    public static byte[] Cookies(ulong cookieI, ulong cookieR)
    {
        var spi = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spi, cookieI);
        BinaryPrimitives.WriteUInt64BigEndian(spi.AsSpan(8), cookieR);
        return spi;
    }

    public void Dispose() => Keys?.Dispose();
}
