using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ikev2;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// IKEv2 (RFC 7296) in the same engine: UDP 500 and 4500 carry both versions, told apart by the
/// header's version octet (0x20, §3.1). An IKEv2 SA (<see cref="Ikev2Sa"/>) runs its exchanges as
/// tasks (<see cref="IkeSaInit"/>, <see cref="IkeAuth"/>, <see cref="Ikev2Informational"/>) through its
/// <see cref="Ikev2TaskManager"/>; the engine finds the SA by the SPI this end chose, opens the SK
/// payload, and hands the message to the exchange. A site's Child SAs go to the dataplane as IKEv1's
/// do (<see cref="IkeOutputs.Installed"/>). Interfaces without <c>crypto ikev2 enable</c> stay silent.
/// </summary>
public sealed partial class IkeEngine
{
    private readonly Dictionary<ulong, Ikev2Sa> _ikev2 = [];
    private int _ikev2Numbers;
    private Ikev2Cookies? _cookies;

    /// <summary>The IKEv2 SAs, by the SPI this end chose.</summary>
    public IReadOnlyCollection<Ikev2Sa> Ikev2Sas => _ikev2.Values;

    /// <summary>The IKEv2 counters (<c>Global IKEv2 Statistics</c>), with the IKEv1 block's labels [M].</summary>
    public IkeStatistics Ikev2Statistics { get; } = new();

    /// <summary>Whether a datagram is IKEv2: major version 2 in the header's version octet (§3.1).</summary>
    public static bool IsIkev2(ReadOnlySpan<byte> data) => data.Length >= Ikev2Header.Size && data[17] >> 4 == 2;

    private void ReceiveIkev2(IkeContext ctx, IkeDatagram datagram)
    {
        if (!Ikev2Codec.TryDecode(datagram.Data, out var message, out _) || message!.Header.Length != datagram.Data.Length)
        {
            Ikev2Statistics.InDropPackets++;
            return;
        }
        var header = message.Header;
        Ikev2Text.Packet(ctx.Outputs, null, sent: false, datagram.Local, datagram.Remote, datagram.Data.Span);
        if (header.Exchange == Ikev2Exchange.IkeSaInit && !header.IsResponse)
        {
            if (header.SpiR == 0 && header.MessageId == 0 && header.FromInitiator) RespondIkeSaInit(ctx, datagram, message);
            return;
        }
        // §2.6: each end keys the SA by the SPI it chose; the Initiator flag says whose the message is.
        var ownSpi = header.FromInitiator ? header.SpiR : header.SpiI;
        if (!_ikev2.TryGetValue(ownSpi, out var sa) || sa.SpiI != header.SpiI || header.FromInitiator != (sa.Role == IkeRole.Responder))
        {
            Ikev2Statistics.NoSaFails++;
            return;
        }
        var clear = header.Exchange == Ikev2Exchange.IkeSaInit;
        if (!header.IsResponse)
        {
            if (sa.Exchanges.Repeated(ctx, message) || header.MessageId != sa.Exchanges.ExpectedRequestId) return;
        }
        IReadOnlyList<Ikev2Payload> payloads = message.Payloads;
        if (!clear)
        {
            // An SK payload, or the SKF fragments of one (RFC 7383 §2.6) kept until the message is whole.
            var opening = sa.Open(ctx, datagram.Data, message, out var inner);
            if (opening == Ikev2Opening.Failed) Ikev2Statistics.DecryptFails++;
            if (opening != Ikev2Opening.Opened) return;
            payloads = inner!;
            // §2.23: the latest authenticated message says where the peer is now (a NAT may have moved it).
            sa.LastHeard = ctx.Now;
            if (sa.Role == IkeRole.Responder) (sa.Local, sa.Peer) = (datagram.Local, datagram.Remote);
        }
        var received = new Ikev2Inbound(header, payloads, datagram);
        if (header.IsResponse)
        {
            if (clear && header.SpiR != 0) sa.InitResponse = datagram.Data.ToArray();
            SettleIkev2(ctx, sa, sa.Exchanges.Response(ctx, received));
            return;
        }
        Ikev2Task responder = header.Exchange switch
        {
            Ikev2Exchange.IkeAuth when !sa.Established && header.MessageId == 1 => new IkeAuth(sa),
            Ikev2Exchange.CreateChildSa when sa.Established && !sa.Superseded =>
                received.First<Ikev2SaPayload>()?.Proposals.Any(p => p.ProtocolId == Ikev2Protocols.Ike) == true ? new RekeyIkeSa(sa) : new CreateChildSa(sa),
            _ => new Ikev2Informational(sa),
        };
        SettleIkev2(ctx, sa, sa.Exchanges.Request(ctx, responder, received));
    }

    /// <summary>An IKE_SA_INIT request: a new responder SA on an interface with <c>crypto ikev2 enable</c>, or its copy answered again.</summary>
    private void RespondIkeSaInit(IkeContext ctx, IkeDatagram datagram, Ikev2Message message)
    {
        var header = message.Header;
        var nameIf = InterfaceFor(ctx.Config, datagram.Local.Address);
        if (nameIf is null || ctx.Config.Get<Ikev2Enable>(nameIf) is null) return;
        var existing = _ikev2.Values.FirstOrDefault(s => s.Role == IkeRole.Responder && s.SpiI == header.SpiI && s.Peer.Address.Equals(datagram.Remote.Address));
        if (existing is not null)
        {
            existing.Exchanges.Repeated(ctx, header);
            return;
        }
        if (!AcceptingNegotiations)
        {
            Ikev2Statistics.SystemCapacityFails++;
            return;
        }
        var halfOpen = _ikev2.Values.Count(s => s.Role == IkeRole.Responder && !s.Established);
        var limit = Ikev2MaxInNegotiation(ctx.Config);
        if (halfOpen >= Ikev2Cookies.Threshold(ctx.Config, limit))
        {
            _cookies ??= new Ikev2Cookies(random);
            if (!_cookies.Carries(message, datagram.Remote.Address, ctx.Now))
            {
                // §2.6: the COOKIE alone, SPIr zero, nothing kept.
                if (message.Find<Ikev2NoncePayload>() is not { } nonce) return;
                var cookie = _cookies.For(nonce.Data.Span, datagram.Remote.Address, header.SpiI, ctx.Now);
                var answer = Ikev2Encoder.Encode(header with { SpiR = 0, Flags = Ikev2Flags.Response }, [new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.Cookie, cookie)]);
                ctx.Outputs.Send(new IkeDatagram(datagram.Local, datagram.Remote, answer));
                return;
            }
        }
        if (halfOpen >= limit)
        {
            Ikev2Statistics.SystemCapacityFails++;
            return;
        }
        var sa = new Ikev2Sa
        {
            Number = ++_ikev2Numbers,
            SpiI = header.SpiI,
            SpiR = ctx.RandomIkeSpi(),
            Role = IkeRole.Responder,
            Local = datagram.Local,
            Peer = datagram.Remote,
            NameIf = nameIf,
            Created = ctx.Now,
            LastHeard = ctx.Now,
            InitRequest = datagram.Data.ToArray(),
            TunnelGroup = MainModeResponder.GroupFor(ctx.Config, datagram.Remote.Address.ToString(), offersXauth: false)?.Name,
            FragmentStatistics = Ikev2Statistics.Fragments,
        };
        _ikev2[sa.SpiR] = sa;
        SettleIkev2(ctx, sa, sa.Exchanges.Request(ctx, new IkeSaInit(sa), new Ikev2Inbound(header, message.Payloads, datagram)));
    }

    /// <summary>
    /// How many IKEv2 negotiations the responder keeps at once: <c>crypto ikev2 limit max-in-negotiation-sa</c>,
    /// a percentage of those the platform allows (<see cref="DefaultMaxInNegotiation"/>), all of them without it [M].
    /// </summary>
    private static int Ikev2MaxInNegotiation(AsaConfig config) =>
        (int)(DefaultMaxInNegotiation * (config.Get<Ikev2NegotiationLimit>()?.MaxInNegotiationSa ?? 100) / 100);

    /// <summary>
    /// A site's traffic on an interface with <c>crypto ikev2 enable</c> whose map entry has
    /// <c>set ikev2 ipsec-proposal</c>: IKE_SA_INIT and IKE_AUTH with the entry's first peer, the
    /// Child SA for the crypto ACL entry. Nothing when an IKEv2 SA with the peer is up or negotiating.
    /// </summary>
    private void InitiateIkev2(IkeContext ctx, string nameIf, SiteEntry site, IPAddress local, IPAddress peer)
    {
        var existing = _ikev2.Values.FirstOrDefault(s => s.Peer.Address.Equals(peer) && s.Ending is null && !s.Superseded);
        if (existing is not null)
        {
            // Another ACL entry's traffic over the IKE SA that is up: a Child SA of its own (§1.3.1).
            if (existing.Established && !existing.Children.Any(c => c.Proxies == site.Proxies) && !existing.Exchanges.Asking(site.Proxies))
                SettleIkev2(ctx, existing, existing.Exchanges.Queue(ctx, new CreateChildSa(existing, site, null)));
            return;
        }
        var offer = Ikev2Suites.Offer(ctx.Config);
        if (offer.Count == 0) return;
        var sa = new Ikev2Sa
        {
            Number = ++_ikev2Numbers,
            SpiI = ctx.RandomIkeSpi(),
            Role = IkeRole.Initiator,
            Local = new IPEndPoint(local, IkePort),
            Peer = new IPEndPoint(peer, IkePort),
            NameIf = nameIf,
            Created = ctx.Now,
            LastHeard = ctx.Now,
            Site = site,
            TunnelGroup = MainModeResponder.GroupFor(ctx.Config, peer.ToString(), offersXauth: false)?.Name,
            FragmentStatistics = Ikev2Statistics.Fragments,
        };
        _ikev2[sa.SpiI] = sa;
        Ikev2Statistics.InitiatorTunnels++;
        Ikev2Text.Syslog(ctx.Outputs, sa, Ikev2Text.TunnelRequest, Ikev2Text.Requested(sa));
        sa.Exchanges.Queue(ctx, new IkeSaInit(sa, offer));
        SettleIkev2(ctx, sa, sa.Exchanges.Queue(ctx, new IkeAuth(sa)));
    }

    /// <summary>After a step: a failed exchange ends the SA where it stands (the peer knows); one that asked for the SA's end deletes it.</summary>
    private void SettleIkev2(IkeContext ctx, Ikev2Sa sa, TaskStatus status)
    {
        // A rekey made the SA's successor (§2.18): it is kept by its own SPI from now on.
        if (sa.Successor is { Removed: false } successor && !_ikev2.ContainsKey(successor.OwnSpi)) _ikev2[successor.OwnSpi] = successor;
        if (sa.Removed) return;
        if (status == TaskStatus.Failed) RemoveIkev2(ctx, sa, "Negotiation failed", notifyPeer: false); // [M] the 750007 reason
        else if (sa.Ending is { } reason) RemoveIkev2(ctx, sa, reason, notifyPeer: !sa.EndQuietly);
    }

    /// <summary>
    /// The IKE SA goes with its Child SAs: a DELETE of it to the peer first when it is keyed and the peer
    /// does not know (§1.4.1; not waited for: the SA is gone here either way), then out of the dataplane.
    /// </summary>
    private void RemoveIkev2(IkeContext ctx, Ikev2Sa sa, string reason, bool notifyPeer)
    {
        if (sa.Removed) return;
        if (notifyPeer && sa.Keys is not null) sa.Exchanges.SendNow(ctx, Ikev2Informational.DeleteIke(sa));
        foreach (var child in sa.Children.ToList()) Ikev2ChildSas.Remove(ctx, sa, child);
        if (!sa.Established)
        {
            if (sa.Role == IkeRole.Initiator) Ikev2Statistics.InitiatorFails++;
            else Ikev2Statistics.ResponderFails++;
        }
        else if (!sa.Superseded)
        {
            // A rekeyed SA's tunnel goes on under its successor: no SA DOWN, no tunnel counted for it.
            Ikev2Text.Syslog(ctx.Outputs, sa, Ikev2Text.SaDown, Ikev2Text.Down(reason));
            // The session's end as an IKEv1 site's says it, with what its Child SAs carried [M: that 9.x logs it for IKEv2 sites too].
            ctx.Outputs.Publish(Events.AsaEvent.Ike(IkeLog.Milestone, Informational.Disconnected(LanToLanText.SessionType, ctx.Now - sa.SessionStart, sa.BytesSent, sa.BytesReceived, reason))
                with { Syslog = new Events.SyslogId(113019, 4), Peer = sa.Peer.Address.ToString(), Group = sa.TunnelGroup });
            Ikev2Statistics.PreviousTunnels++;
        }
        foreach (var (key, value) in _ikev2)
            if (value == sa)
            {
                _ikev2.Remove(key);
                break;
            }
        sa.Removed = true;
        sa.Dispose();
    }

    /// <summary>
    /// <c>clear crypto ikev2 sa</c>: deletes the IKEv2 SAs chosen, telling each peer (§1.4.1); a site's
    /// tunnel comes up again with its next traffic.
    /// </summary>
    public IkeOutputs ClearIkev2(AsaConfig config, DateTimeOffset now, Func<Ikev2Sa, bool> which)
    {
        var ctx = Context(config, now);
        foreach (var sa in _ikev2.Values.Where(which).ToList()) RemoveIkev2(ctx, sa, "Administrator Reset", notifyPeer: true); // [M]
        return Finish(ctx);
    }

    /// <summary>
    /// The dataplane's byte counts of one of an IKEv2 SA's Child SA pairs (polled by the driver once a
    /// second, as <see cref="NoteUsage"/> for IKEv1): traffic keeps the tunnel from its idle timeout, and
    /// the counts drive kilobyte lifetimes (<see cref="TickIkev2"/> looks at every IKEv2 SA each tick).
    /// </summary>
    public void NoteIkev2Usage(ulong ownSpi, uint inboundSpi, ChildSaUsage usage, DateTimeOffset now)
    {
        if (!_ikev2.TryGetValue(ownSpi, out var sa) || sa.Usage.GetValueOrDefault(inboundSpi) == usage) return;
        sa.Usage[inboundSpi] = usage;
        sa.LastTraffic = now;
    }

    /// <summary>
    /// The group policy of an IKEv2 site that is up (its tunnel-group's <c>default-group-policy</c>, then DfltGrpPolicy),
    /// whose <c>vpn-idle-timeout</c> (30 minutes unless <c>none</c>) and <c>vpn-session-timeout</c> end it as they end
    /// an IKEv1 site; null for one negotiating or replaced by a rekey (its successor holds the tunnel).
    /// </summary>
    private static EffectivePolicy? Ikev2Policy(AsaConfig config, Ikev2Sa sa) =>
        sa.Established && !sa.Superseded ? EffectivePolicy.Resolve(config, sa.TunnelGroup, null, sa.NameIf, null) : null;

    /// <summary>
    /// Whether this end is to rekey <paramref name="child"/> now: at the IKE SA's role's share of its lifetime
    /// in seconds or in kilobytes, whichever comes first (<see cref="Ikev2Sa.RekeyShare"/>), once.
    /// </summary>
    private static bool Ikev2RekeyToBegin(Ikev2Sa sa, ChildSa child, DateTimeOffset now) =>
        sa.Established && !sa.Rekeying.Contains(child.InboundSpi) && (now >= sa.RekeyDue(child) || KilobytesAt(sa.Usage, child, sa.RekeyShare));

    /// <summary>
    /// Whether <paramref name="child"/> is spent: its lifetime in seconds ended, or its kilobytes did while no
    /// rekey of it is under way (the rekey's end deletes it, §2.8; a refused or failed one leaves it to go here).
    /// </summary>
    private static bool Ikev2ChildSpent(Ikev2Sa sa, ChildSa child, DateTimeOffset now) =>
        now >= child.Created + TimeSpan.FromSeconds(child.LifetimeSeconds) || Ikev2KilobytesSpent(sa, child);

    /// <summary>Whether <paramref name="child"/> counted all its kilobytes and no rekey of it is under way.</summary>
    private static bool Ikev2KilobytesSpent(Ikev2Sa sa, ChildSa child) => KilobytesAt(sa.Usage, child, 1) && !sa.Exchanges.Asking(child.Proxies);

    /// <summary>
    /// <c>clear crypto ipsec sa [peer X]</c> for IKEv2 sites: deletes the Child SAs of the IKE SAs chosen, telling each
    /// peer (an INFORMATIONAL DELETE, §1.4.1), and keeps the IKE SAs; a site's next traffic asks for a Child SA again
    /// with CREATE_CHILD_SA (<see cref="InitiateIkev2"/>).
    /// </summary>
    public IkeOutputs ClearIkev2ChildSas(AsaConfig config, DateTimeOffset now, Func<Ikev2Sa, bool> which)
    {
        var ctx = Context(config, now);
        foreach (var sa in _ikev2.Values.Where(s => s.Established && !s.Superseded && s.Children.Count > 0).Where(which).ToList())
        {
            var children = sa.Children.ToList();
            foreach (var child in children) Ikev2ChildSas.Remove(ctx, sa, child);
            SettleIkev2(ctx, sa, sa.Exchanges.Queue(ctx, Ikev2Informational.DeleteChildren(sa, children)));
        }
        return Finish(ctx);
    }

    /// <summary>Time for the IKEv2 SAs: resends, negotiations that never finish, idle tunnels, Child SA lifetimes in seconds and kilobytes.</summary>
    private void TickIkev2(IkeContext ctx)
    {
        foreach (var sa in _ikev2.Values.ToList())
        {
            if (!sa.Established && ctx.Now >= sa.Created + NegotiationTimeout)
            {
                RemoveIkev2(ctx, sa, "Negotiation timed out", notifyPeer: false); // [M]
                continue;
            }
            if (!sa.Exchanges.Elapsed(ctx))
            {
                RemoveIkev2(ctx, sa, "Peer not responding", notifyPeer: false); // [M]
                continue;
            }
            if (sa.LifetimeSeconds > 0 && sa.Established && ctx.Now >= sa.EstablishedAt + TimeSpan.FromSeconds(sa.LifetimeSeconds))
            {
                RemoveIkev2(ctx, sa, "SA expired", notifyPeer: true); // [M]
                continue;
            }
            // The group policy's timeouts end the tunnel as an IKEv1 site's, the peer told (IKEv1's reasons, 113019; [M] for 750007).
            var policy = Ikev2Policy(ctx.Config, sa);
            if (policy?.SessionTimeout is { } session && ctx.Now - sa.SessionStart >= session)
            {
                RemoveIkev2(ctx, sa, "Max time exceeded", notifyPeer: true);
                continue;
            }
            if (policy?.IdleTimeout is { } idle && ctx.Now - sa.IdleSince >= idle)
            {
                RemoveIkev2(ctx, sa, "Idle Timeout", notifyPeer: true);
                continue;
            }
            if (IkeRekeyDue(sa) is { } rekey && ctx.Now >= rekey)
            {
                sa.IkeRekeying = true;
                sa.Exchanges.Queue(ctx, new RekeyIkeSa(sa));
                SettleIkev2(ctx, sa, TaskStatus.NeedMore);
                continue;
            }
            if (Ikev2Dpd(ctx.Config, sa) is { } dpd && ctx.Now >= dpd) sa.Exchanges.Queue(ctx, Ikev2Informational.Liveness(sa));
            foreach (var child in sa.Children.Where(c => Ikev2RekeyToBegin(sa, c, ctx.Now)).ToList())
            {
                sa.Rekeying.Add(child.InboundSpi);
                if (ctx.Config.FindCryptoMap(child.CryptoMap)?.OrderedEntries.FirstOrDefault(e => e.Sequence == child.Sequence) is { } entry)
                    sa.Exchanges.Queue(ctx, new CreateChildSa(sa, new SiteEntry(ctx.Config.FindCryptoMap(child.CryptoMap)!, entry, child.Proxies), child));
            }
            // A Child SA at the end of its lifetime (its rekey failed) is deleted; the last one takes the IKE SA with it.
            var expired = sa.Children.Where(c => Ikev2ChildSpent(sa, c, ctx.Now)).ToList();
            if (expired.Count == 0) continue;
            if (expired.Count == sa.Children.Count) RemoveIkev2(ctx, sa, "SA expired", notifyPeer: true); // [M]
            else
            {
                foreach (var child in expired) Ikev2ChildSas.Remove(ctx, sa, child);
                sa.Exchanges.Queue(ctx, Ikev2Informational.DeleteChildren(sa, expired));
            }
        }
    }

    /// <summary>
    /// When dead peer detection next asks the peer whether it lives (§1.4: an empty INFORMATIONAL): the
    /// tunnel-group's <c>isakmp keepalive threshold</c> after the last authenticated message from it,
    /// when nothing else of ours is outstanding. The request's resends are the retries; unanswered, the
    /// SA goes. Null when keepalives are off or the SA is not up.
    /// </summary>
    private static DateTimeOffset? Ikev2Dpd(AsaConfig config, Ikev2Sa sa)
    {
        if (!sa.Established || sa.Exchanges.Pending || sa.TunnelGroup is not { } name
            || config.Get<TunnelGroup>(name)?.EffectiveKeepalive is not { Disabled: false } keepalive) return null;
        return sa.LastHeard + TimeSpan.FromSeconds(keepalive.Threshold);
    }

    /// <summary>
    /// When the IKE SA's initiator rekeys it (§2.8): at 90% of the policy's lifetime [M]; the responder
    /// leaves it to the initiator, and to the lifetime's end. Null when not due to this end, or begun.
    /// </summary>
    private static DateTimeOffset? IkeRekeyDue(Ikev2Sa sa) =>
        sa.Role == IkeRole.Initiator && sa.Established && !sa.Superseded && !sa.IkeRekeying && sa.LifetimeSeconds > 0
            ? sa.EstablishedAt + TimeSpan.FromSeconds(sa.LifetimeSeconds * 0.9) : null;

    /// <summary>The earliest time an IKEv2 SA wants the tick, by the step's config (DPD's threshold); null when none does.</summary>
    private DateTimeOffset? Ikev2Deadline(AsaConfig config)
    {
        DateTimeOffset? due = null;
        void Take(DateTimeOffset at) { if (due is null || at < due) due = at; }
        foreach (var sa in _ikev2.Values)
        {
            if (sa.Exchanges.Due is { } resend) Take(resend);
            if (!sa.Established) Take(sa.Created + NegotiationTimeout);
            if (Ikev2Dpd(config, sa) is { } dpd) Take(dpd);
            if (IkeRekeyDue(sa) is { } rekey) Take(rekey);
            if (sa.Established && sa.LifetimeSeconds > 0) Take(sa.EstablishedAt + TimeSpan.FromSeconds(sa.LifetimeSeconds));
            var policy = Ikev2Policy(config, sa);
            if (policy?.SessionTimeout is { } session) Take(sa.SessionStart + session);
            if (policy?.IdleTimeout is { } idle) Take(sa.IdleSince + idle);
            foreach (var child in sa.Children)
            {
                Take(child.Created + TimeSpan.FromSeconds(child.LifetimeSeconds));
                if (!sa.Rekeying.Contains(child.InboundSpi)) Take(sa.RekeyDue(child));
                // Kilobytes come with the dataplane's counts: due at once only while they ask for what is not yet done.
                if (Ikev2RekeyToBegin(sa, child, DateTimeOffset.MinValue) || Ikev2KilobytesSpent(sa, child))
                    Take(DateTimeOffset.MinValue);
            }
        }
        return due;
    }
}
