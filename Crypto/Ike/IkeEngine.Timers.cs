using System.Buffers.Binary;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Time in the engine. Each SA knows when it next needs looking at (a resend, Mode Config's push, a
/// negotiation's timeout, DPD, a rekey, a lifetime, an idle or session timeout, a NAT-T keepalive);
/// the engine keeps the SAs in a queue by that time, so a tick looks only at the SAs that are due,
/// and every output says when the next one is (<see cref="IkeOutputs.NextDeadline"/>).
/// </summary>
public sealed partial class IkeEngine
{
    /// <summary>R-U-THERE messages sent before the peer is declared dead [M].</summary>
    public const int DpdMaxRetries = 5;

    /// <summary>The UDP port IKE moves to under NAT-T (RFC 3947 §4), where keepalives go.</summary>
    private const int NatTPort = 4500;

    /// <summary>SAs by the time they are next due; an entry whose time no longer matches its SA's is stale and skipped.</summary>
    private readonly PriorityQueue<IkeSa, DateTimeOffset> _timers = new();

    /// <summary>The config the schedule was made with: timers that depend on it (keepalives, timeouts) are made again when it changes.</summary>
    private AsaConfig? _lastConfig;

    /// <summary>When the engine next wants <see cref="Tick"/>, or null when nothing is due.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            while (_timers.TryPeek(out var sa, out var due))
            {
                if (sa.ScheduledFor == due && !sa.Removed) return due;
                _timers.Dequeue();
            }
            return null;
        }
    }

    /// <summary>
    /// Time passes: runs what is due at <paramref name="now"/> on the SAs whose time came (dead peer
    /// detection, RFC 3706; rekeys and lifetimes; session, idle and negotiation timeouts; NAT-T
    /// keepalives; resends and Mode Config's push).
    /// </summary>
    public IkeOutputs Tick(AsaConfig config, DateTimeOffset now)
    {
        var ctx = Context(config, now);
        if (!ReferenceEquals(config, _lastConfig))
            foreach (var sa in _sas.Values) Schedule(sa, config);
        var due = new List<IkeSa>();
        while (_timers.TryPeek(out var sa, out var at) && at <= now)
        {
            _timers.Dequeue();
            if (sa.ScheduledFor != at || sa.Removed) continue;
            sa.ScheduledFor = null;
            due.Add(sa);
        }
        foreach (var sa in due)
        {
            Elapsed(ctx, sa);
            if (!sa.Removed) Schedule(sa, config);
        }
        TickIkev2(ctx);
        return Finish(ctx);
    }

    /// <summary>Puts <paramref name="sa"/> in the queue at the next time it needs looking at.</summary>
    private void Schedule(IkeSa sa, AsaConfig config)
    {
        _lastConfig = config;
        var due = DueTime(sa, config);
        if (due == sa.ScheduledFor) return;
        sa.ScheduledFor = due;
        if (due is { } at) _timers.Enqueue(sa, at);
    }

    /// <summary>The earliest time anything of <paramref name="sa"/> may be due (never later than the real time; earlier is harmless).</summary>
    private static DateTimeOffset? DueTime(IkeSa sa, AsaConfig config)
    {
        var due = sa.Tasks.Due;
        void Take(DateTimeOffset at) { if (due is null || at < due) due = at; }
        if (!sa.Established)
        {
            Take(sa.Created + NegotiationTimeout);
            return due;
        }
        if (sa.Keys is { } keys)
        {
            Take(sa.Created + TimeSpan.FromSeconds(keys.Selection.LifetimeSeconds));
            if (Phase1RekeyDue(sa, keys) is { } rekey) Take(rekey);
        }
        if (!sa.RemoteAccessClient)
        {
            var policy = SessionPolicy.For(config, sa);
            if (policy.SessionTimeout is { } session) Take(sa.SessionStart + session);
            if (policy.IdleTimeout is { } idle) Take(sa.LastTraffic + idle);
        }
        foreach (var child in sa.Children)
        {
            // 95% of the lifetime in seconds starts the rekey; its end deletes the SA. Kilobytes come
            // with the dataplane's counts (NoteUsage schedules again): due now only while they ask for
            // something not yet done (a rekey to begin, a spent SA to delete), else the deadline would
            // stay in the past and the loop would spin. A spent SA's rekey that began may time out.
            if (RekeyToBegin(sa, child)) Take(child.Created + TimeSpan.FromSeconds(child.LifetimeSeconds * 95 / 100));
            Take(child.Created + TimeSpan.FromSeconds(child.LifetimeSeconds));
            if (RekeyToBegin(sa, child) && KilobytesAt(sa, child, 95)) Take(DateTimeOffset.MinValue);
            if (KilobytesSpent(sa, child) && ReplacedAt(sa, child) is { } replacedAt) Take(replacedAt + ReplacedSaGrace);
            if (KilobytesSpent(sa, child) && sa.RekeyStarted.TryGetValue(child.InboundSpi, out var started)) Take(started + NegotiationTimeout);
        }
        var natT = config.EffectiveNatTraversal();
        if (natT.Enabled && sa.NatT is not null && sa.Local.Port == NatTPort)
            Take(QuietSince(sa) + TimeSpan.FromSeconds(natT.KeepaliveSeconds));
        if (Keepalive(config, sa) is { Disabled: false } keepalive && sa.ClientDpd)
            Take(sa.DpdOutstanding == 0 ? sa.LastHeard + TimeSpan.FromSeconds(keepalive.Threshold) : sa.DpdSentAt + TimeSpan.FromSeconds(keepalive.Retry));
        return due;
    }

    /// <summary>
    /// When the P1 rekey timer of an IKE SA this end began runs out (95% of its lifetime, the
    /// <c>Starting P1 rekey timer</c> of Phase1Completion): an EzVPN client's always (its headend lets the
    /// session end with its IKE SA), a site's if the tunnel carried traffic since phase 1 (the dataplane's
    /// counts move <see cref="IkeSa.LastTraffic"/> and schedule the SA again); null for others, for a quiet
    /// site, or once begun.
    /// </summary>
    private static DateTimeOffset? Phase1RekeyDue(IkeSa sa, IkeKeys keys) =>
        sa.Role == IkeRole.Initiator && !sa.Phase1Rekeying && !sa.Superseded && sa.Children.Count > 0
            && (sa.ClientProfile is not null || !sa.RemoteAccessClient && sa.LastTraffic > sa.EstablishedAt)
            ? sa.Created + TimeSpan.FromSeconds(keys.Selection.LifetimeSeconds * 95 / 100)
            : null;

    /// <summary>The effective <c>isakmp keepalive</c> of the SA's tunnel-group; null without one.</summary>
    internal static IsakmpKeepalive? Keepalive(AsaConfig config, IkeSa sa) =>
        sa.TunnelGroup is { } name ? config.Get<TunnelGroup>(name)?.EffectiveKeepalive : null;

    private static DateTimeOffset QuietSince(IkeSa sa) => new[] { sa.LastTraffic, sa.NatKeepaliveSentAt, sa.LastHeard }.Max();

    /// <summary>What is due on one SA.</summary>
    private void Elapsed(IkeContext ctx, IkeSa sa)
    {
        if (sa.Tasks.Elapsed(ctx) == SaProgress.Ends)
        {
            Remove(sa);
            TryBackupPeer(ctx, sa);
            return;
        }
        var now = ctx.Now;
        if (!sa.Established)
        {
            if (now - sa.Created < NegotiationTimeout) return;
            new IkeLog(sa, ctx.Outputs).Debug($"IKE SA AM:{sa.CookieI >> 32:x8} terminating:  flags 0x00000000, refcnt 0, tuncnt 0");
            Remove(sa);
            TryBackupPeer(ctx, sa);
            return;
        }
        if (sa.Keys is not { } keys) return;
        if (Phase1RekeyDue(sa, keys) is { } rekey && now >= rekey) RekeyPhase1(ctx, sa);
        if (now - sa.Created >= TimeSpan.FromSeconds(keys.Selection.LifetimeSeconds))
        {
            // Remote-access clients rekey phase 1 themselves before it ends (vpnc does not): at its end
            // the IKE SA goes, and the session with it (one a phase 1 rekey superseded goes quietly: End).
            End(ctx, sa, "SA Expired");
            return;
        }
        // The group policy's session and idle timeouts are the headend's to apply, and each site's.
        var policy = sa.RemoteAccessClient ? null : SessionPolicy.For(ctx.Config, sa);
        if (policy?.SessionTimeout is { } session && now - sa.SessionStart >= session)
        {
            End(ctx, sa, "Max time exceeded");
            return;
        }
        if (policy?.IdleTimeout is { } idle && now - sa.LastTraffic >= idle)
        {
            End(ctx, sa, "Idle Timeout");
            return;
        }
        RekeyAndExpire(ctx, sa, keys);
        SendNatKeepalive(ctx, sa);
        DeadPeerDetection(ctx, sa, keys);
    }

    /// <summary>
    /// IPsec SA lifetimes, in seconds and kilobytes (whichever runs out first): at 95% of either this
    /// end starts the rekey (the P2 rekey timer: a headend, and a site in either IKE role; an EzVPN
    /// client leaves it to its headend, as vpnc does), and at the end an SA is deleted, telling the
    /// peer; the newer SA already carries the traffic, so nothing is dropped. Byte counts arrive once a
    /// second, so a busy SA can pass its kilobyte limit before its rekey began: then it is rekeyed
    /// first and deleted <see cref="ReplacedSaGrace"/> after its replacement is installed.
    /// </summary>
    private static void RekeyAndExpire(IkeContext ctx, IkeSa sa, IkeKeys keys)
    {
        foreach (var child in sa.Children.ToList())
        {
            var age = ctx.Now - child.Created;
            var replaced = ReplacedAt(sa, child) is { } replacedAt && ctx.Now >= replacedAt + ReplacedSaGrace;
            // At its kilobyte limit an SA goes once replaced, or once its rekey had the time of a
            // negotiation and failed: traffic waits for a rekey under way, not for one that is lost.
            var rekeyFailed = sa.RekeyStarted.TryGetValue(child.InboundSpi, out var started) && ctx.Now - started >= NegotiationTimeout;
            var expired = age >= TimeSpan.FromSeconds(child.LifetimeSeconds) || (KilobytesSpent(sa, child) && (replaced || rekeyFailed));
            var due = age >= TimeSpan.FromSeconds(child.LifetimeSeconds * 95 / 100) || KilobytesAt(sa, child, 95);
            if (expired)
            {
                DeleteChild(ctx, sa, keys, child);
            }
            // An EzVPN client leaves the rekey to the headend, as the Cisco client and vpnc do. A site
            // rekeys in either role, as both ASAs of a tunnel run a P2 rekey timer [M]: when both begin
            // at once, RekeyCollision keeps one of the two exchanges.
            else if (due && RekeyToBegin(sa, child))
            {
                if (LanToLanText.IsSite(ctx.Config, sa))
                    new IkeLog(sa, ctx.Outputs).Syslog(713041, 5, LanToLanText.Initiator("Rekeying Phase 2", sa.NameIf, sa.Peer.Address.ToString(), child.Proxies, child.CryptoMap));
                sa.Tasks.StartQuickMode(ctx, new QuickModeInitiator(sa, keys, child));
            }
        }
    }

    /// <summary>Whether a newer SA pair for the same proxies is installed (the rekey of <paramref name="child"/> is done).</summary>
    private static bool Replaced(IkeSa sa, ChildSa child) => ReplacedAt(sa, child) is not null;

    /// <summary>When the first newer SA pair for the same proxies was installed; null when none is.</summary>
    private static DateTimeOffset? ReplacedAt(IkeSa sa, ChildSa child) =>
        sa.Children.Where(c => c.Created > child.Created && c.Proxies == child.Proxies).Select(c => (DateTimeOffset?)c.Created).Min();

    /// <summary>
    /// How long a spent SA outlives its replacement: the peer moves to the new pair only once it has read
    /// our QM3 (a loaded peer's control loop may take a while), and its last packets by the old one may
    /// still be on their way (or in a receive batch) when our DELETE reaches it; they would find no SA
    /// here. One second lost echoes under CI's load [M: the ASA's own delay is not documented].
    /// </summary>
    public static readonly TimeSpan ReplacedSaGrace = TimeSpan.FromSeconds(3);

    /// <summary>Whether the dataplane counted <paramref name="percent"/>% of the SA's kilobyte lifetime (never, without one).</summary>
    private static bool KilobytesAt(IkeSa sa, ChildSa child, int percent) => KilobytesAt(sa.Usage, child, percent / 100.0);

    /// <summary>
    /// Whether <paramref name="usage"/> (a session's, by inbound SPI: an IKEv1 SA's or an IKEv2 SA's) counts
    /// <paramref name="share"/> of the kilobyte lifetime of <paramref name="child"/> (never, without one).
    /// </summary>
    internal static bool KilobytesAt(IReadOnlyDictionary<uint, ChildSaUsage> usage, ChildSa child, double share) =>
        child.LifetimeKilobytes is { } limit && usage.GetValueOrDefault(child.InboundSpi).Kilobytes >= limit * share;

    private static bool KilobytesSpent(IkeSa sa, ChildSa child) => KilobytesAt(sa, child, 100);

    /// <summary>
    /// Whether this end is still to rekey <paramref name="child"/> at 95% of its lifetime: it rekeys (an
    /// EzVPN client leaves it to the headend), and no rekey of it is under way (its own, or the peer's
    /// waiting here for its QM3) or done. Only then is the 95% point a deadline.
    /// </summary>
    private static bool RekeyToBegin(IkeSa sa, ChildSa child) =>
        !sa.RemoteAccessClient && !sa.RekeyStarted.ContainsKey(child.InboundSpi) && !Replaced(sa, child)
        && !sa.Receiving.Exists(c => c.Proxies == child.Proxies);

    /// <summary>
    /// <c>crypto isakmp nat-traversal SECONDS</c> (20 by default): a session that floated to UDP 4500
    /// and carried nothing for that long gets a keepalive, so the NAT in front of the client keeps
    /// its mapping (RFC 3948 §2.3, §4).
    /// </summary>
    private static void SendNatKeepalive(IkeContext ctx, IkeSa sa)
    {
        var natT = ctx.Config.EffectiveNatTraversal();
        if (!natT.Enabled || sa.NatT is null || sa.Local.Port != NatTPort) return;
        if (ctx.Now - QuietSince(sa) < TimeSpan.FromSeconds(natT.KeepaliveSeconds)) return;
        ctx.Outputs.NatKeepalives.Add(new IkeDatagram(sa.Local, sa.Peer, new byte[] { 0xFF }));
        sa.NatKeepaliveSentAt = ctx.Now;
    }

    /// <summary>
    /// Dead peer detection (RFC 3706, <c>isakmp keepalive threshold T retry R</c>): after T idle
    /// seconds an R-U-THERE, then one every R seconds; after <see cref="DpdMaxRetries"/> unanswered
    /// the peer is dead and the session ends.
    /// </summary>
    private void DeadPeerDetection(IkeContext ctx, IkeSa sa, IkeKeys keys)
    {
        var keepalive = Keepalive(ctx.Config, sa);
        if (keepalive is null || keepalive.Disabled || !sa.ClientDpd) return;
        var now = ctx.Now;
        if (sa.DpdOutstanding == 0 && now - sa.LastHeard < TimeSpan.FromSeconds(keepalive.Threshold)) return;
        if (sa.DpdOutstanding > 0 && now - sa.DpdSentAt < TimeSpan.FromSeconds(keepalive.Retry)) return;
        var log = new IkeLog(sa, ctx.Outputs);
        if (sa.DpdOutstanding >= DpdMaxRetries)
        {
            log.Syslog(713123, 3, "IKE lost contact with remote peer, deleting connection (keepalive type: DPD)");
            End(ctx, sa, "Lost Service", notifyPeer: false);
            return;
        }
        sa.DpdSequence++;
        sa.DpdOutstanding++;
        sa.DpdSentAt = now;
        var sequence = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sequence, sa.DpdSequence);
        log.Debug($"Sending keep-alive of type DPD R-U-THERE (seq number 0x{sa.DpdSequence:x8})");
        Informational.Send(ctx, sa, keys, [new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, sa.Cookies(), NotifyTypes.RUThere, sequence)]);
    }
}
