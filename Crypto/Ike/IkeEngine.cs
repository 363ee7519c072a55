using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// IKEv1 as a sans-I/O engine (architecture principle 1): a datagram, the time and the config
/// snapshot in; datagrams to send, SA pairs to install or remove, Diffie-Hellman work and events
/// out, with the next time it wants to be called (<see cref="IkeOutputs.NextDeadline"/>). It holds
/// the IKE SAs, each running its exchanges as tasks (<see cref="TaskManager"/>), and is driven by
/// one control loop, so it needs no locks.
/// </summary>
/// <param name="inlineDh">Do the Diffie-Hellman work inside <see cref="Receive"/> (tests, benchmarks);
/// a driver with a worker pool passes false and feeds the results back with <see cref="DhCompleted"/>.</param>
/// <param name="localUsers">The appliance's local user database, shared with its CLI logins (XAUTH failures
/// count toward the same lockouts and source throttle); a fresh one when not given.</param>
public sealed partial class IkeEngine(IRandom random, bool inlineDh = true, LocalUserDatabase? localUsers = null)
{
    private readonly Dictionary<ulong, IkeSa> _sas = [];

    /// <summary>
    /// Half-open negotiations kept at most (<c>crypto ikev1 limit max-in-negotiation-sa</c> sets it
    /// lower): beyond it the oldest is dropped, so a flood of first messages cannot lock out a real client.
    /// </summary>
    public const int DefaultMaxInNegotiation = 1000;

    /// <summary>Negotiations that never finish are dropped after this long.</summary>
    public static readonly TimeSpan NegotiationTimeout = TimeSpan.FromSeconds(30);

    public IReadOnlyCollection<IkeSa> Sas => _sas.Values;

    /// <summary>The IKE SA with initiator cookie <paramref name="cookieI"/>, if the engine holds it.</summary>
    public IkeSa? FindSa(ulong cookieI) => _sas.GetValueOrDefault(cookieI);
    public IkeStatistics Statistics { get; } = new();

    /// <summary>
    /// Whether a new negotiation may start. A driver whose Diffie-Hellman work queue is full clears it: a
    /// first message would only be decoded, given an SA and then dropped with its DH work (<see cref="DhShed"/>),
    /// so under a flood it is dropped at once (System Capacity Fails) and the CPU goes to the work admitted.
    /// Negotiations under way, and copies of a first message whose SA exists, are not affected.
    /// </summary>
    public bool AcceptingNegotiations { get; set; } = true;

    /// <summary>
    /// The driver's Diffie-Hellman queue size (null: no fair share). Once an eighth of it waits, the queue is
    /// shared among the addresses waiting: an address already holding capacity / (addresses waiting + 1) aggressive
    /// mode negotiations that wait for their DH result gets no new one until one is done. A flood from many
    /// addresses thus holds about one place each and a client with none still finds room; one address alone
    /// (a NAT, a load generator) may still fill half (System Capacity Fails counts the refused).
    /// </summary>
    public int? DhQueueCapacity { get; set; }
    public AddressAllocator Pools { get; } = new();
    public LocalUserDatabase LocalUsers { get; } = localUsers ?? new LocalUserDatabase();

    /// <summary>The <c>debug crypto</c> levels the driver's sessions show: no debug text is built above them.</summary>
    public IkeDebugLevels Debug { get; set; } = IkeDebugLevels.All;

    private IkeServices? _services;
    private IkeServices Services => _services ??= new IkeServices(Pools, LocalUsers, Statistics) { Sessions = this };

    /// <summary>The time of the step under way: a pool address given back rests from then (<c>reuse-delay</c>).</summary>
    private DateTimeOffset _now;

    private IkeContext Context(AsaConfig config, DateTimeOffset now, IkeDatagram? received = null)
    {
        _now = now;
        return new(config, now, random, new IkeOutputs { Debug = Debug }, Services) { Received = received };
    }

    public IkeOutputs Receive(IkeDatagram datagram, AsaConfig config, DateTimeOffset now)
    {
        var ikev2 = IsIkev2(datagram.Data.Span);
        var statistics = ikev2 ? Ikev2Statistics : Statistics;
        statistics.InPackets++;
        statistics.InOctets += datagram.Data.Length;
        var ctx = Context(config, now, datagram);
        if (ikev2)
        {
            ReceiveIkev2(ctx, datagram);
            return Finish(ctx);
        }
        var sa = ReceiveMessage(ctx, datagram);
        if (sa is not null && !sa.Removed) Schedule(sa, config);
        return Finish(ctx);
    }

    /// <summary>
    /// Starts an EzVPN client's session (this end the initiator: aggressive mode, XAUTH, Mode
    /// Config, then Quick Mode for the address it got), as the load generator and the exchange tests
    /// run it. The session's messages come back through <see cref="Receive"/>.
    /// </summary>
    public IkeOutputs Connect(RemoteAccessProfile profile, AsaConfig config, DateTimeOffset now)
    {
        var ctx = Context(config, now);
        StartClient(ctx, profile, rekeys: null);
        return Finish(ctx);
    }

    /// <summary>
    /// An EzVPN client's phase 1 with its headend: a new session, or the phase 1 rekey of
    /// <paramref name="rekeys"/> (no INITIAL-CONTACT, RFC 2407 §4.6.3.3, and neither XAUTH nor Mode Config
    /// after it: the headend keeps the session, <see cref="RemoteAccessRekey"/>).
    /// </summary>
    private void StartClient(IkeContext ctx, RemoteAccessProfile profile, IkeSa? rekeys)
    {
        var sa = new IkeSa
        {
            CookieI = ctx.RandomIkeSpi(),
            Role = IkeRole.Initiator,
            RemoteAccessClient = true,
            ClientProfile = profile,
            Rekeys = rekeys?.CookieI,
            Mode = profile.Mode,
            Local = profile.Local,
            Peer = profile.Server,
            NameIf = rekeys?.NameIf ?? InterfaceFor(ctx.Config, profile.Local.Address) ?? "outside",
            TunnelGroup = profile.Group,
            Created = ctx.Now,
            LastHeard = ctx.Now,
        };
        _sas[sa.CookieI] = sa;
        Statistics.InitiatorTunnels++;
        IkeTask phase1 = profile.Mode == ExchangeType.IdentityProtection
            ? new MainModeInitiator(sa, new Phase1Offer(profile.Phase1Transforms(), profile.GroupKey, Phase1.AddressIdBody(profile.Local.Address),
                (sa, keys) => sa.Rekeys is null ? ClientFollowUps(sa, keys, profile) : [], InitialContact: rekeys is null))
            : new AggressiveModeInitiator(sa, profile);
        Settle(ctx, sa, sa.Tasks.Begin(ctx, phase1, initiate: true));
        if (!sa.Removed) Schedule(sa, ctx.Config);
    }

    /// <summary>Counts what goes out and says when the engine wants time next.</summary>
    private IkeOutputs Finish(IkeContext ctx)
    {
        var outputs = ctx.Outputs;
        // Without a worker pool the Diffie-Hellman work is done here; its results may ask for more.
        while (inlineDh && outputs.DhWork.Count > 0)
        {
            var work = outputs.DhWork.ToList();
            outputs.DhWork.Clear();
            foreach (var request in work) Complete(ctx, request.Compute(random));
        }
        outputs.Removed.AddRange(_released);
        _released.Clear();
        foreach (var d in outputs.Datagrams)
        {
            var statistics = IsIkev2(d.Data.Span) ? Ikev2Statistics : Statistics;
            statistics.OutPackets++;
            statistics.OutOctets += d.Data.Length;
        }
        outputs.NextDeadline = Ikev2Deadline(ctx.Config) is { } v2 && (NextDeadline is not { } v1 || v2 < v1) ? v2 : NextDeadline;
        return outputs;
    }

    /// <summary>Processes one datagram; returns the SA it concerned, if any.</summary>
    private IkeSa? ReceiveMessage(IkeContext ctx, IkeDatagram datagram)
    {
        var peer = datagram.Remote.Address.ToString();
        if (!IsakmpHeader.TryRead(datagram.Data.Span, out var header) || header.Length != datagram.Data.Length)
        {
            Statistics.InDropPackets++;
            new IkeLog(null, peer, ctx.Outputs).Main(IkeLog.Notice, "Received an ISAKMP message with a malformed header, dropping");
            return null;
        }
        var nameIf = InterfaceFor(ctx.Config, datagram.Local.Address);
        // The SAs this end began (a client's) are answered wherever they run; a headend answers only
        // on the interfaces with crypto ikev1 enable.
        var ours = _sas.TryGetValue(header.InitiatorCookie, out var own) && own.Role == IkeRole.Initiator;
        if (!ours && (nameIf is null || !ctx.Config.IsIkeEnabled(nameIf)))
        {
            new IkeLog(null, peer, ctx.Outputs).Main(IkeLog.Notice, "No crypto map bound to interface... dropping pkt");
            return null;
        }

        if (header.ResponderCookie == 0 && !ours)
        {
            if (_sas.TryGetValue(header.InitiatorCookie, out var existing) && existing.Role == IkeRole.Responder)
            {
                // A repeated first message. While the SA waits for its Diffie-Hellman result, that work is in
                // flight (a driver that sheds it says so with DhShed, and the SA goes): one SA never has two
                // computations queued. Once our answer went out, a copy of the first message has it resent.
                if (existing.State != IkeSaState.AmWaitDh) Retransmit(ctx, existing, datagram);
                return existing;
            }
            if (header.Exchange is ExchangeType.Aggressive or ExchangeType.IdentityProtection && !AcceptingNegotiations
                || header.Exchange == ExchangeType.Aggressive && BeyondDhShare(datagram.Remote.Address))
            {
                Statistics.SystemCapacityFails++;
                return null;
            }
            if (header.Exchange == ExchangeType.Aggressive && ctx.Config.AggressiveModeAllowed())
                return StartResponder(ctx, datagram, header, nameIf!, sa => new AggressiveModeResponder(sa));
            if (header.Exchange == ExchangeType.IdentityProtection)
                return Phase1Collision(ctx, datagram, header) ? null : StartResponder(ctx, datagram, header, nameIf!, sa => new MainModeResponder(sa));
            return null;
        }

        if (SaFor(header) is not { } sa)
        {
            Statistics.NoSaFails++;
            new IkeLog(null, peer, ctx.Outputs).Main(IkeLog.Notice, "Received encrypted packet with no matching SA, dropping");
            return null;
        }
        // Anyone who saw the cookies can send from anywhere: the SA's addresses, liveness and last
        // message move only once the message's HASH proved the peer sent it (IkeContext.PeerProven).
        if (Retransmit(ctx, sa, datagram)) return sa;
        if (!header.Encrypted && header.Exchange == ExchangeType.Informational)
        {
            // A client that could not verify our HASH_R (another pre-shared key) says so in the clear;
            // the ASA drops it and the negotiation runs into its timeout (reference §2.8).
            var notify = IsakmpCodec.TryDecode(datagram.Data, out var clear, out _) ? clear!.Payloads.OfType<NotifyPayload>().FirstOrDefault() : null;
            var log = new IkeLog(null, peer, ctx.Outputs);
            log.Main(IkeLog.Milestone, $"Received an un-encrypted {(notify is null ? "informational" : NotifyTypes.Name(notify.MessageType))} notify message, dropping");
            log.Main(IkeLog.Milestone, "Information Exchange processing failed");
            return sa;
        }
        if (!header.Encrypted && sa.Tasks.TaskFor(header.Exchange, header.MessageId) is { } phase1 && header.Exchange is ExchangeType.Aggressive or ExchangeType.IdentityProtection)
        {
            if (!IsakmpCodec.TryDecode(datagram.Data, out var clearMessage, out var error))
            {
                new IkeLog(sa, ctx.Outputs).Main(IkeLog.Notice, $"Received a malformed message ({error}), dropping");
                return sa;
            }
            new IkeLog(sa, ctx.Outputs).DecodeLine("RECEIVED", 0, clearMessage!.PayloadSummary(), (int)header.Length);
            Settle(ctx, sa, sa.Tasks.Process(ctx, phase1, new InboundMessage(header, clearMessage.Payloads, datagram.Data[IsakmpHeader.Size..], datagram)));
            return sa;
        }
        if (!header.Encrypted || sa.Keys is not { } keys || !MessageProtection.TryOpen(keys, header, datagram.Data, out var payloads, out var plaintext))
        {
            Statistics.DecryptFails++;
            if (sa.State is IkeSaState.AmWaitMsg3 or IkeSaState.MmWaitMsg5)
            {
                // The first encrypted message is where a different pre-shared key shows (reference §2.8).
                var log = new IkeLog(sa, ctx.Outputs);
                if (sa.State == IkeSaState.MmWaitMsg5) log.Main(IkeLog.Milestone, "Received encrypted Oakley Main Mode packet with invalid payloads, MessID = 0");
                log.Main(IkeLog.Milestone, "ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting");
                Remove(sa);
            }
            else new IkeLog(sa, ctx.Outputs).Main(IkeLog.Notice, "Received a message that did not decrypt, dropping");
            return sa;
        }
        new IkeLog(sa, ctx.Outputs).DecodeLine("RECEIVED", header.MessageId, new IsakmpMessage(header, payloads!).PayloadSummary(), (int)header.Length);
        if (header.Exchange == ExchangeType.QuickMode && sa.Tasks.TaskFor(ExchangeType.QuickMode, header.MessageId) is null) Statistics.InP2Exchanges++;
        Statistics.Received(payloads!);
        Dispatch(ctx, sa, keys, new InboundMessage(header, payloads!, plaintext, datagram));
        return sa;
    }

    /// <summary>What a client does after phase 1: XAUTH when the headend chose it, then Mode Config (which plans its Quick Mode).</summary>
    internal static IEnumerable<IkeTask> ClientFollowUps(IkeSa sa, IkeKeys keys, RemoteAccessProfile profile)
    {
        if (keys.Selection.Xauth) yield return new XauthClient(sa, keys, profile);
        yield return new ModeConfigClient(sa, keys, profile);
    }

    /// <summary>The SA a message with both cookies belongs to.</summary>
    private IkeSa? SaFor(IsakmpHeader header) =>
        _sas.TryGetValue(header.InitiatorCookie, out var sa)
        && (sa.CookieR == header.ResponderCookie || sa.Role == IkeRole.Initiator && sa.CookieR == 0) ? sa : null;

    /// <summary>An encrypted message of a keyed SA: to its exchange's task, or a new exchange the peer begins.</summary>
    private void Dispatch(IkeContext ctx, IkeSa sa, IkeKeys keys, InboundMessage message)
    {
        var header = message.Header;
        IkeTask? task;
        switch (header.Exchange)
        {
            case ExchangeType.Transaction or ExchangeType.Informational:
                // Both are protected by HASH(1) = prf(SKEYID_a, M-ID | payloads) (RFC 2409 §5.7, mode-cfg §3.2).
                if (!MessageProtection.HashValid(keys, header.MessageId, message.Payloads, message.Plaintext))
                {
                    Statistics.HashValidFails++;
                    new IkeLog(sa, ctx.Outputs).Main(IkeLog.Notice, "Error processing payload: Payload ID: 8");
                    return;
                }
                if (header.Exchange == ExchangeType.Transaction) keys.Iv.Confirm(header.MessageId);
                ctx.PeerProven(sa, MessageProtection.LeadingHash(message.Payloads));
                if (header.Exchange == ExchangeType.Informational)
                {
                    if (!Informational.Process(ctx, sa, keys, message.Payloads)) Remove(sa);
                    return;
                }
                task = sa.Tasks.TaskFor(ExchangeType.Transaction, header.MessageId);
                break;

            case ExchangeType.QuickMode:
                task = sa.Tasks.TaskFor(ExchangeType.QuickMode, header.MessageId);
                // A hardware client in network extension mode may begin Quick Mode without asking for Mode Config.
                if (task is null && !sa.Established && sa.Tasks.Leading is ModeConfigServer modeConfig
                    && MessageProtection.HashValid(keys, header.MessageId, message.Payloads, message.Plaintext) && modeConfig.SkippedBy(ctx))
                {
                    Settle(ctx, sa, sa.Tasks.Complete(ctx, modeConfig));
                    if (sa.Removed) return;
                }
                task ??= sa.Established ? new QuickModeResponder(sa, keys) : null;
                break;

            default:
                task = sa.Tasks.TaskFor(header.Exchange, header.MessageId);
                break;
        }
        if (task is not null) Settle(ctx, sa, sa.Tasks.Process(ctx, task, message));
    }

    /// <summary>An SA whose essential exchange failed goes.</summary>
    private void Settle(IkeContext ctx, IkeSa sa, SaProgress progress)
    {
        if (progress == SaProgress.Ends) Remove(sa);
        else if (progress == SaProgress.Established) Adopt(ctx, sa);
        else if (sa.Ending is { } reason && !sa.Removed) End(ctx, sa, reason);
    }

    /// <summary>
    /// <c>clear crypto ipsec sa [peer X]</c>: deletes the IPsec SAs of the sessions chosen and keeps
    /// their IKE SAs; a remote-access client answers with a new Quick Mode (vpnc does at once).
    /// </summary>
    public IkeOutputs ClearIpsec(AsaConfig config, DateTimeOffset now, Func<IkeSa, bool> which)
    {
        var ctx = Context(config, now);
        foreach (var sa in _sas.Values.Where(which).Where(sa => sa.Established).ToList())
        {
            if (sa.Keys is not { } keys) continue;
            foreach (var child in sa.Children.ToList()) DeleteChild(ctx, sa, keys, child);
            Schedule(sa, config);
        }
        return Finish(ctx);
    }

    /// <summary>
    /// The dataplane's byte counts of an IPsec SA pair (polled by the driver): traffic keeps the
    /// session from its idle timeout, and the counts drive kilobyte lifetimes and 113019.
    /// </summary>
    public void NoteUsage(ulong cookieI, uint inboundSpi, ChildSaUsage usage, DateTimeOffset now)
    {
        if (!_sas.TryGetValue(cookieI, out var sa)) return;
        if (sa.Usage.GetValueOrDefault(inboundSpi) == usage) return;
        sa.Usage[inboundSpi] = usage;
        sa.LastTraffic = now;
        // A kilobyte lifetime may be due now; the idle timeout moved later.
        if (_lastConfig is { } config) Schedule(sa, config);
    }

    /// <summary>
    /// <c>clear crypto isakmp sa [PEER]</c>, <c>vpn-sessiondb logoff</c> (through IkeService.ClearAsync):
    /// ends the IKE SAs chosen (a site's, a client's, one still negotiating) and the IPsec SAs under them,
    /// telling the peers with DELETE messages (<c>Reason: Administrator Reset</c>). A site's tunnel comes
    /// up again with its next traffic.
    /// </summary>
    public IkeOutputs Clear(AsaConfig config, DateTimeOffset now, Func<IkeSa, bool> which)
    {
        var ctx = Context(config, now);
        foreach (var sa in _sas.Values.Where(which).ToList()) End(ctx, sa, "Administrator Reset");
        return Finish(ctx);
    }

    /// <summary>Deletes a session: DELETE for its IPsec and IKE SAs to the peer (unless it is gone), then teardown.</summary>
    private void End(IkeContext ctx, IkeSa sa, string reason, bool notifyPeer = true)
    {
        // A site's IKE SA a phase 1 rekey replaced holds no IPsec SA: it goes without ending the tunnel.
        if (sa.Superseded)
        {
            Remove(sa);
            return;
        }
        if (notifyPeer && sa.Keys is { } keys)
        {
            foreach (var child in sa.Children) Informational.SendDelete(ctx, sa, keys, child);
            new IkeLog(sa, ctx.Outputs).Debug("sending delete/delete with reason message");
            Informational.SendIkeDelete(ctx, sa, keys);
        }
        Informational.TearDown(ctx, sa, reason);
        Remove(sa);
    }

    /// <summary>Deletes one IPsec SA pair of a session that stays: DELETE to the peer, then out of the dataplane.</summary>
    private static void DeleteChild(IkeContext ctx, IkeSa sa, IkeKeys keys, ChildSa child)
    {
        new IkeLog(sa, ctx.Outputs).Debug($"IKE Deleting SA: Remote Proxy {child.RemoteAddress}, Local Proxy {child.LocalAddress}");
        Informational.SendDelete(ctx, sa, keys, child);
        sa.Children.Remove(child);
        sa.RekeyStarted.Remove(child.InboundSpi);
        ctx.Outputs.Removed.Add(child);
        IpsecSaEvents.Deleted(ctx, sa, child);
    }

    /// <summary>A first message (AM1 or MM1): a new SA, its phase-1 task, and the message handed to it.</summary>
    private IkeSa? StartResponder(IkeContext ctx, IkeDatagram datagram, IsakmpHeader header, string nameIf, Func<IkeSa, IkeTask> phase1)
    {
        var log = new IkeLog(null, datagram.Remote.Address.ToString(), ctx.Outputs);
        if (!IsakmpCodec.TryDecode(datagram.Data, out var message, out var error))
        {
            var mode = header.Exchange == ExchangeType.Aggressive ? "aggressive" : "main";
            log.Main(IkeLog.Notice, $"Received a malformed {mode} mode message 1 ({error}), dropping");
            return null;
        }
        log.DecodeLine("RECEIVED", 0, message!.PayloadSummary(), (int)header.Length);
        var sa = new IkeSa
        {
            CookieI = header.InitiatorCookie,
            CookieR = ctx.RandomIkeSpi(),
            Mode = header.Exchange,
            Local = datagram.Local,
            Peer = datagram.Remote,
            NameIf = nameIf,
            Created = ctx.Now,
            LastHeard = ctx.Now,
            LastReceived = datagram.Data.ToArray(),
        };
        _sas[sa.CookieI] = sa;
        _halfOpen.Add(sa);
        LimitHalfOpen(ctx.Config);
        var task = phase1(sa);
        sa.Tasks.Begin(ctx, task, initiate: false);
        var body = datagram.Data[IsakmpHeader.Size..];
        Settle(ctx, sa, sa.Tasks.Process(ctx, task, new InboundMessage(header, message.Payloads, body, datagram)));
        return sa;
    }

    /// <summary>The result of Diffie-Hellman work asked for in <see cref="IkeOutputs.DhWork"/>: the negotiation goes on.</summary>
    public IkeOutputs DhCompleted(DhResult result, AsaConfig config, DateTimeOffset now)
    {
        var ctx = Context(config, now);
        Complete(ctx, result);
        return Finish(ctx);
    }

    /// <summary>
    /// The driver could not take the Diffie-Hellman work asked for <paramref name="cookieI"/> (its queue was
    /// full under a flood, or the work failed): the negotiation is dropped and counted in System Capacity
    /// Fails; the peer's next AM1 starts afresh.
    /// </summary>
    public void DhShed(ulong cookieI)
    {
        if (!_sas.TryGetValue(cookieI, out var sa) || sa.State != IkeSaState.AmWaitDh) return;
        Statistics.SystemCapacityFails++;
        Remove(sa);
    }

    private void Complete(IkeContext ctx, DhResult result)
    {
        // The negotiation may have been dropped meanwhile (half-open limit, timeout).
        if (!_sas.TryGetValue(result.CookieI, out var sa)) return;
        Settle(ctx, sa, sa.Tasks.DhCompleted(ctx, result));
        if (!sa.Removed) Schedule(sa, ctx.Config);
    }

    /// <summary>The responder's negotiations begun and maybe still half-open (pruned as <see cref="LimitHalfOpen"/> looks), so the limit costs O(half-open), not O(SAs).</summary>
    private readonly List<IkeSa> _halfOpen = [];

    /// <summary>
    /// Drops half-open negotiations beyond the limit. IKEv1 has no cookie challenge before the responder keeps
    /// state and does Diffie-Hellman work (IKEv2's COOKIE notify, RFC 7296 §2.6, has no IKEv1 counterpart), so
    /// the one to go is chosen by what a spoofing sender cannot fake: a main mode whose peer sent MM3 proved it
    /// receives at its address (MM3 carries our responder cookie) and stays ahead of those that only sent a first
    /// message; then one of the address holding the most half-open negotiations goes (a flood from some addresses
    /// cannot push out a client that has one under way), the oldest of it first. Repeats earn nothing: a spoofed
    /// flood repeats its first messages as easily as a real client does.
    /// </summary>
    private void LimitHalfOpen(AsaConfig config)
    {
        _halfOpen.RemoveAll(s => s.Removed || !IkeSaStates.IsHalfOpen(s.State));
        var limit = (int)Math.Min(config.Get<IkeNegotiationLimit>()?.MaxInNegotiationSa ?? DefaultMaxInNegotiation, DefaultMaxInNegotiation);
        if (_halfOpen.Count <= limit) return;
        var perPeer = new Dictionary<IPAddress, int>();
        foreach (var s in _halfOpen) perPeer[s.Peer.Address] = perPeer.GetValueOrDefault(s.Peer.Address) + 1;
        while (_halfOpen.Count > limit)
        {
            var stale = _halfOpen.MinBy(s => (s.State is IkeSaState.MmWaitDh or IkeSaState.MmWaitMsg5, -perPeer[s.Peer.Address], s.Created))!;
            perPeer[stale.Peer.Address]--;
            _halfOpen.Remove(stale);
            Remove(stale);
        }
    }

    /// <summary>Whether <paramref name="peer"/> holds its share of the DH queue or more (<see cref="DhQueueCapacity"/>; the half-open are few: bounded by the limit).</summary>
    private bool BeyondDhShare(IPAddress peer)
    {
        if (DhQueueCapacity is not { } capacity) return false;
        var waiting = 0;
        var own = 0;
        var addresses = new HashSet<IPAddress>();
        foreach (var sa in _halfOpen)
        {
            if (sa.Removed || sa.State is not (IkeSaState.AmWaitDh or IkeSaState.MmWaitDh)) continue;
            waiting++;
            addresses.Add(sa.Peer.Address);
            if (sa.Peer.Address.Equals(peer)) own++;
        }
        return waiting >= capacity / 8 && own >= Math.Max(1, capacity / (addresses.Count + 1));
    }

    /// <summary>The peer repeated its last message: our answer was lost, so send it again.</summary>
    private static bool Retransmit(IkeContext ctx, IkeSa sa, IkeDatagram datagram)
    {
        if (sa.LastReceived is null || sa.LastSent is null || !datagram.Data.Span.SequenceEqual(sa.LastReceived)) return false;
        IsakmpHeader.TryRead(sa.LastSent, out var sent);
        new IkeLog(sa, ctx.Outputs).DecodeLine("RESENDING", sent.MessageId, "HDR + ...", sa.LastSent.Length);
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, sa.LastSent));
        return true;
    }

    /// <summary>Inbound-only SAs (<see cref="IkeSa.Receiving"/>) of SAs removed, for the next outputs' <see cref="IkeOutputs.Removed"/>.</summary>
    private readonly List<ChildSa> _released = [];

    private void Remove(IkeSa sa)
    {
        if (sa.Removed) return;
        // An IKE SA replaced by its phase-1 rekey (Superseded) ended no session: its IPsec SAs live on
        // under the new one, which counts when it ends (show vpn-sessiondb's cumulative reads these).
        if (sa.Established)
        {
            if (!sa.Superseded)
            {
                Statistics.PreviousTunnels++;
                if (_lastConfig is { } config && LanToLanText.IsSite(config, sa)) Statistics.PreviousSiteSessions++;
            }
        }
        else if (sa.Role == IkeRole.Initiator) Statistics.InitiatorFails++;
        else Statistics.ResponderFails++;
        if (sa.AuthenticationFailed || sa.State is IkeSaState.AmWaitMsg3 or IkeSaState.MmWaitMsg5) Statistics.AuthFails++;
        _sas.Remove(sa.CookieI);
        // A Quick Mode that completed on an IKE SA after a phase 1 rekey superseded it: its SA pair is the session's.
        if (sa.Successor is { Removed: false } successor && sa.Children.Count > 0)
        {
            successor.Children.AddRange(sa.Children);
            foreach (var (spi, usage) in sa.Usage) successor.Usage.TryAdd(spi, usage);
            sa.Children.Clear();
        }
        // Inbound SAs of Quick Modes that never got their QM3 leave the dataplane with the next outputs.
        _released.AddRange(sa.Receiving);
        sa.Receiving.Clear();
        if (sa.AddressPool is { } pool && sa.AssignedAddress is { } address) Pools.Release(pool, address, _now);
        sa.Removed = true;
        sa.ScheduledFor = null;
        sa.Dispose();
    }

    private static string? InterfaceFor(AsaConfig config, IPAddress local)
    {
        if (local.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return null;
        var address = new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(local.GetAddressBytes()));
        return config.All<Interface>().FirstOrDefault(i => i.Ip is { Learned: false } ip && ip.Address == address)?.NameIf;
    }
}
