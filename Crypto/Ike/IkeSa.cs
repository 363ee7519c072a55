using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>IKEv1 SA states as <c>show crypto isakmp sa</c> names them (reference §3.1).</summary>
public enum IkeSaState
{
    /// <summary>AM1 accepted; the Diffie-Hellman work runs off the control loop.</summary>
    AmWaitDh,
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
    Deleted,
}

public static class IkeSaStates
{
    /// <summary>The state as <c>show crypto isakmp sa detail</c> and the debug lines name it.</summary>
    public static string Name(IkeSaState state) => state switch
    {
        IkeSaState.AmWaitMsg3 => "AM_WAIT_MSG3",
        IkeSaState.AmTmWaitXauth => "AM_TM_INIT_XAUTH",
        IkeSaState.AmTmWaitXauthAck => "AM_TM_WAIT_XAUTH",
        IkeSaState.AmTmWaitModeCfg => "AM_TM_INIT_MODECFG",
        IkeSaState.AmTmWaitModeCfgAck => "AM_TM_WAIT_MODECFG", // [M]
        IkeSaState.AmActive => "AM_ACTIVE",
        _ => "AM_DELETED",
    };
}

/// <summary>
/// One IKEv1 SA as the responder holds it: who the peer is, what was negotiated, the keys and IV
/// chain, and where the exchanges stand. Owned by the control loop; no locking.
/// </summary>
public sealed class IkeSa : IDisposable
{
    public required ulong CookieI { get; init; }
    public required ulong CookieR { get; init; }
    public required IPEndPoint Local { get; set; }
    public required IPEndPoint Peer { get; set; }
    public required DateTimeOffset Created { get; init; }

    public IkeSaState State { get; set; } = IkeSaState.AmWaitMsg3;
    public string? TunnelGroup { get; set; }
    public string? Username { get; set; }
    public Phase1Selection? Selection { get; set; }
    public KeyMaterial? Keys { get; set; }
    public IvChain? Iv { get; set; }

    public byte[] PublicValueI { get; set; } = [];
    public byte[] PublicValueR { get; set; } = [];
    public byte[] NonceI { get; set; } = [];
    public byte[] NonceR { get; set; } = [];
    /// <summary>The initiator's SA payload body (SAi_b) that both phase-1 hashes cover.</summary>
    public byte[] SaBodyI { get; set; } = [];
    public byte[] IdBodyI { get; set; } = [];
    public byte[] IdBodyR { get; set; } = [];
    /// <summary>The tunnel-group's key, held only between AM1 and the end of the DH work.</summary>
    public string? PreSharedKey { get; set; }

    /// <summary>The NAT-T version agreed from the client's VIDs, null when NAT-T is not used.</summary>
    public NatTVersion? NatT { get; set; }
    public bool PeerBehindNat { get; set; }
    public bool LocalBehindNat { get; set; }
    public bool ClientUnity { get; set; }
    public bool ClientDpd { get; set; }

    /// <summary>The transaction exchange's message ID (XAUTH, then Mode Config).</summary>
    public uint TransactionId { get; set; }
    /// <summary>When the SA began to wait for the client's Mode Config request (the push comes <see cref="ModeConfigServer.PushAfter"/> later).</summary>
    public DateTimeOffset ModeConfigWaitStarted { get; private set; }

    /// <summary>Phase 1 and XAUTH are done: the SA waits for the client's Mode Config request from <paramref name="now"/>.</summary>
    public void AwaitModeConfig(DateTimeOffset now)
    {
        State = IkeSaState.AmTmWaitModeCfg;
        ModeConfigWaitStarted = now;
    }
    public int XauthAttempts { get; set; }
    public Ipv4? AssignedAddress { get; set; }
    /// <summary>The pool <see cref="AssignedAddress"/> came from (null for vpn-framed-ip-address).</summary>
    public string? AddressPool { get; set; }

    /// <summary>The last message sent, resent when the peer repeats the message it answered.</summary>
    public byte[]? LastSent { get; set; }

    /// <summary>When the last NAT-T keepalive went to the peer.</summary>
    public DateTimeOffset NatKeepaliveSentAt { get; set; }

    public byte[]? LastReceived { get; set; }

    /// <summary>When traffic last crossed the session's IPsec SAs (or it came up): the idle timeout counts from here.</summary>
    public DateTimeOffset LastTraffic { get; set; }

    /// <summary>When the peer was last heard from: dead peer detection counts from here.</summary>
    public DateTimeOffset LastHeard { get; set; }
    /// <summary>R-U-THERE messages sent without an answer, and when the last one left.</summary>
    public int DpdOutstanding { get; set; }
    public DateTimeOffset DpdSentAt { get; set; }
    public uint DpdSequence { get; set; }

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
        var key = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(head);
        if (Array.IndexOf(_recentHashes, key) >= 0) return false;
        _recentHashes[_nextHash] = key;
        _nextHash = (_nextHash + 1) % _recentHashes.Length;
        return true;
    }

    /// <summary>The IPsec SA pairs this IKE SA installed.</summary>
    public List<ChildSa> Children { get; } = [];

    /// <summary>What each IPsec SA pair of the session carried (by inbound SPI), also after it was rekeyed away.</summary>
    public Dictionary<uint, ChildSaUsage> Usage { get; } = [];

    /// <summary>Inner bytes the session sent to and received from the client (113019, <c>show vpn-sessiondb</c>).</summary>
    public long BytesSent => Usage.Values.Sum(u => u.BytesOut);
    public long BytesReceived => Usage.Values.Sum(u => u.BytesIn);

    /// <summary>Rekeys the headend started, waiting for the client's QM2, by message ID.</summary>
    public Dictionary<uint, QuickModeRekey> Rekeys { get; } = [];
    /// <summary>Inbound SPIs of IPsec SAs whose rekey has begun (so it begins once), with when it began.</summary>
    public Dictionary<uint, DateTimeOffset> RekeyStarted { get; } = [];

    /// <summary>Quick Mode exchanges between their first and third message, by message ID.</summary>
    public Dictionary<uint, QuickModeExchange> QuickModes { get; } = [];

    public void Dispose()
    {
        Iv?.Dispose();
        Keys?.Dispose();
    }
}
