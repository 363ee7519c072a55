using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The IKEv1 responder as a sans-I/O engine (architecture principle 1): a datagram, the time and
/// the config snapshot in; datagrams to send and events out. It holds the IKE SAs and the pool
/// leases, and is driven by one control loop, so it needs no locks.
/// </summary>
/// <param name="inlineDh">Do the Diffie-Hellman work inside <see cref="Receive"/> (tests, benchmarks);
/// a driver with a worker pool passes false and feeds the results back with <see cref="DhCompleted"/>.</param>
/// <param name="localUsers">The appliance's local user database, shared with its CLI logins (XAUTH failures
/// count toward the same lockouts and source throttle); a fresh one when not given.</param>
public sealed class IkeEngine(IRandom random, bool inlineDh = true, LocalUserDatabase? localUsers = null)
{
    private readonly Dictionary<ulong, IkeSa> _sas = [];

    /// <summary>
    /// Half-open negotiations kept at most (<c>crypto ikev1 limit max-in-negotiation-sa</c> sets it
    /// lower): beyond it the oldest is dropped, so a flood of first messages cannot lock out a real client.
    /// </summary>
    public const int DefaultMaxInNegotiation = 1000;

    public IReadOnlyCollection<IkeSa> Sas => _sas.Values;
    public IkeStatistics Statistics { get; } = new();

    /// <summary>
    /// Whether a new negotiation may start. A driver whose Diffie-Hellman work queue is full clears it: a
    /// first message would only be decoded, given an SA and then dropped with its DH work (<see cref="DhShed"/>),
    /// so under a flood it is dropped at once (System Capacity Fails) and the CPU goes to the work admitted.
    /// Negotiations under way, and copies of a first message whose SA exists, are not affected.
    /// </summary>
    public bool AcceptingNegotiations { get; set; } = true;
    public AddressAllocator Pools { get; } = new();
    public LocalUserDatabase LocalUsers { get; } = localUsers ?? new LocalUserDatabase();

    public IkeOutputs Receive(IkeDatagram datagram, AsaConfig config, DateTimeOffset now)
    {
        Statistics.InPackets++;
        Statistics.InOctets += datagram.Data.Length;
        var outputs = ReceiveMessage(datagram, config, now);
        Count(outputs);
        return outputs;
    }

    private void Count(IkeOutputs outputs)
    {
        Statistics.OutPackets += outputs.Datagrams.Count;
        foreach (var d in outputs.Datagrams) Statistics.OutOctets += d.Data.Length;
    }

    private IkeOutputs ReceiveMessage(IkeDatagram datagram, AsaConfig config, DateTimeOffset now)
    {
        var ctx = new IkeContext(config, now, random, new IkeOutputs()) { Received = datagram };
        var peer = datagram.Remote.Address.ToString();
        if (!IsakmpHeader.TryRead(datagram.Data.Span, out var header) || header.Length != datagram.Data.Length)
        {
            Statistics.InDropPackets++;
            new IkeLog(null, peer, ctx.Outputs).Main(IkeLog.Notice, "Received an ISAKMP message with a malformed header, dropping");
            return ctx.Outputs;
        }
        var nameIf = InterfaceFor(config, datagram.Local.Address);
        if (nameIf is null || !config.IsIkeEnabled(nameIf))
        {
            new IkeLog(null, peer, ctx.Outputs).Main(IkeLog.Notice, "No crypto map bound to interface... dropping pkt");
            return ctx.Outputs;
        }

        if (header.ResponderCookie == 0)
        {
            if (_sas.TryGetValue(header.InitiatorCookie, out var existing))
            {
                // A repeated AM1. While the SA waits for its Diffie-Hellman result, that work is in flight (a
                // driver that sheds it says so with DhShed, and the SA goes): one SA never has two computations
                // queued. Once AM2 went out, a copy of AM1 has it resent.
                if (existing.State != IkeSaState.AmWaitDh) Retransmit(ctx, existing, datagram);
                return ctx.Outputs;
            }
            if (header.Exchange == ExchangeType.Aggressive && !AcceptingNegotiations)
            {
                // At capacity: dropped before it costs a decode, let alone Diffie-Hellman work.
                Statistics.SystemCapacityFails++;
                return ctx.Outputs;
            }
            if (header.Exchange == ExchangeType.Aggressive && config.AggressiveModeAllowed()) StartAggressive(ctx, datagram, header, nameIf);
            else if (header.Exchange == ExchangeType.IdentityProtection) UnsupportedPeer.RefuseMainMode(ctx, datagram, header, NewCookie(ctx));
            return ctx.Outputs;
        }

        if (!_sas.TryGetValue(header.InitiatorCookie, out var sa) || sa.CookieR != header.ResponderCookie)
        {
            Statistics.NoSaFails++;
            new IkeLog(null, peer, ctx.Outputs).Main(IkeLog.Notice, "Received encrypted packet with no matching SA, dropping");
            return ctx.Outputs;
        }
        // Anyone who saw the cookies can send from anywhere: the SA's addresses, liveness and last
        // message move only once the message's HASH proved the peer sent it (IkeContext.PeerProven).
        if (Retransmit(ctx, sa, datagram)) return ctx.Outputs;
        if (!header.Encrypted && header.Exchange == ExchangeType.Informational)
        {
            // A client that could not verify our HASH_R (another pre-shared key) says so in the clear;
            // the ASA drops it and the negotiation runs into its timeout (reference §2.8).
            var notify = IsakmpCodec.TryDecode(datagram.Data, out var clear, out _) ? clear!.Payloads.OfType<NotifyPayload>().FirstOrDefault() : null;
            var log = new IkeLog(null, peer, ctx.Outputs);
            log.Main(IkeLog.Milestone, $"Received an un-encrypted {(notify is null ? "informational" : NotifyTypes.Name(notify.MessageType))} notify message, dropping");
            log.Main(IkeLog.Milestone, "Information Exchange processing failed");
            return ctx.Outputs;
        }
        if (!header.Encrypted || !MessageProtection.TryOpen(sa, header, datagram.Data, out var payloads, out var plaintext))
        {
            Statistics.DecryptFails++;
            if (sa.State == IkeSaState.AmWaitMsg3)
            {
                // The first encrypted message is where a different pre-shared key shows.
                new IkeLog(sa, peer, ctx.Outputs).Main(IkeLog.Milestone, "ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting");
                Remove(sa);
            }
            else new IkeLog(sa, peer, ctx.Outputs).Main(IkeLog.Notice, "Received a message that did not decrypt, dropping");
            return ctx.Outputs;
        }
        new IkeLog(sa, peer, ctx.Outputs).DecodeLine("RECEIVED", header.MessageId, new IsakmpMessage(header, payloads!).PayloadSummary(), (int)header.Length);
        if (header.Exchange == ExchangeType.QuickMode && !sa.QuickModes.ContainsKey(header.MessageId)) Statistics.InP2Exchanges++;
        Statistics.InNotifys += payloads!.Count(p => p is NotifyPayload);
        Statistics.InP2SaDeleteRequests += payloads!.Count(p => p is DeletePayload { ProtocolId: IpsecAttributes.ProtocolEsp });
        if (!Dispatch(ctx, sa, header, payloads!, plaintext, nameIf)) Remove(sa);
        return ctx.Outputs;
    }

    /// <summary>Negotiations that never finish are dropped after this long.</summary>
    public static readonly TimeSpan NegotiationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>R-U-THERE messages sent before the peer is declared dead [M].</summary>
    public const int DpdMaxRetries = 5;

    /// <summary>
    /// Time passes: dead peer detection (RFC 3706, <c>isakmp keepalive threshold T retry R</c>:
    /// after T idle seconds an R-U-THERE, then one every R seconds), session timeouts
    /// (<c>vpn-session-timeout</c>), and negotiations left half done.
    /// </summary>
    public IkeOutputs Tick(AsaConfig config, DateTimeOffset now)
    {
        var outputs = TickSas(config, now);
        Count(outputs);
        return outputs;
    }

    private IkeOutputs TickSas(AsaConfig config, DateTimeOffset now)
    {
        var ctx = new IkeContext(config, now, random, new IkeOutputs());
        foreach (var sa in _sas.Values.ToList())
        {
            var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
            if (sa.State == IkeSaState.AmTmWaitModeCfg && now - sa.ModeConfigWaitStarted >= ModeConfigServer.PushAfter
                && !ModeConfigServer.Push(ctx, sa, Pools, InterfaceFor(config, sa.Local.Address) ?? ""))
            {
                Terminate(ctx, sa);
                Remove(sa);
                continue;
            }
            if (sa.State != IkeSaState.AmActive)
            {
                if (now - sa.Created < NegotiationTimeout) continue;
                log.Debug($"IKE SA AM:{sa.CookieI >> 32:x8} terminating:  flags 0x00000000, refcnt 0, tuncnt 0");
                Remove(sa);
                continue;
            }
            if (now - sa.Created >= TimeSpan.FromSeconds(sa.Selection!.LifetimeSeconds))
            {
                // Remote-access clients rekey phase 1 themselves before it ends (vpnc does not): at its end
                // the IKE SA goes, and the session with it.
                End(ctx, sa, "SA Expired");
                continue;
            }
            var policy = EffectivePolicy.Resolve(config, sa.TunnelGroup, sa.Username);
            if (policy.SessionTimeoutMinutes is { } minutes && now - sa.Created >= TimeSpan.FromMinutes(minutes))
            {
                End(ctx, sa, "Max time exceeded");
                continue;
            }
            if (policy.IdleTimeoutMinutes is { } idleMinutes && now - sa.LastTraffic >= TimeSpan.FromMinutes(idleMinutes))
            {
                End(ctx, sa, "Idle Timeout");
                continue;
            }
            RekeyAndExpire(ctx, sa);
            SendNatKeepalive(ctx, sa);
            var keepalive = sa.TunnelGroup is { } name ? config.Get<TunnelGroup>(name)?.EffectiveKeepalive : null;
            if (keepalive is null || keepalive.Disabled || !sa.ClientDpd) continue;
            var idle = now - sa.LastHeard;
            if (sa.DpdOutstanding == 0 && idle < TimeSpan.FromSeconds(keepalive.Threshold)) continue;
            if (sa.DpdOutstanding > 0 && now - sa.DpdSentAt < TimeSpan.FromSeconds(keepalive.Retry)) continue;
            if (sa.DpdOutstanding >= DpdMaxRetries)
            {
                log.Syslog(713123, 3, "IKE lost contact with remote peer, deleting connection (keepalive type: DPD)");
                End(ctx, sa, "Lost Service", notifyPeer: false);
                continue;
            }
            sa.DpdSequence++;
            sa.DpdOutstanding++;
            sa.DpdSentAt = now;
            var sequence = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(sequence, sa.DpdSequence);
            log.Debug($"Sending keep-alive of type DPD R-U-THERE (seq number 0x{sa.DpdSequence:x8})");
            Informational.Send(ctx, sa, [new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, Cookies(sa), NotifyTypes.RUThere, sequence)]);
        }
        return ctx.Outputs;
    }

    /// <summary>
    /// IPsec SA lifetimes, in seconds and kilobytes (whichever runs out first): at 95% of either the
    /// headend starts the rekey (the P2 rekey timer; vpnc waits for the server to do it), and at the
    /// end an SA is deleted, telling the peer; the newer SA already carries the traffic, so nothing is
    /// dropped. Byte counts arrive once a second, so a busy SA can pass its kilobyte limit before its
    /// rekey began: then it is rekeyed first and deleted once its replacement is installed.
    /// </summary>
    private static void RekeyAndExpire(IkeContext ctx, IkeSa sa)
    {
        foreach (var child in sa.Children.ToList())
        {
            var age = ctx.Now - child.Created;
            var kilobytes = sa.Usage.GetValueOrDefault(child.InboundSpi).Kilobytes;
            var replaced = sa.Children.Any(c => c.Created > child.Created && c.RemoteAddress == child.RemoteAddress);
            // At its kilobyte limit an SA goes once replaced, or once its rekey had the time of a
            // negotiation and failed: traffic waits for a rekey under way, not for one that is lost.
            var rekeyFailed = sa.RekeyStarted.TryGetValue(child.InboundSpi, out var started) && ctx.Now - started >= NegotiationTimeout;
            var expired = age >= TimeSpan.FromSeconds(child.LifetimeSeconds) || (kilobytes >= child.LifetimeKilobytes && (replaced || rekeyFailed));
            var due = age >= TimeSpan.FromSeconds(child.LifetimeSeconds * 95 / 100) || kilobytes >= child.LifetimeKilobytes * 95 / 100;
            if (expired)
            {
                DeleteChild(ctx, sa, child);
            }
            else if (due && !replaced && !sa.RekeyStarted.ContainsKey(child.InboundSpi))
            {
                QuickModeInitiator.Start(ctx, sa, child);
            }
        }
    }

    /// <summary>The UDP port IKE moves to under NAT-T (RFC 3947 §4), where keepalives go.</summary>
    private const int NatTPort = 4500;

    /// <summary>
    /// <c>crypto isakmp nat-traversal SECONDS</c> (20 by default): a session that floated to UDP 4500
    /// and carried nothing for that long gets a keepalive, so the NAT in front of the client keeps
    /// its mapping (RFC 3948 §2.3, §4).
    /// </summary>
    private static void SendNatKeepalive(IkeContext ctx, IkeSa sa)
    {
        var natT = ctx.Config.EffectiveNatTraversal();
        if (!natT.Enabled || sa.NatT is null || sa.Local.Port != NatTPort) return;
        var quietSince = new[] { sa.LastTraffic, sa.NatKeepaliveSentAt, sa.LastHeard }.Max();
        if (ctx.Now - quietSince < TimeSpan.FromSeconds(natT.KeepaliveSeconds)) return;
        ctx.Outputs.NatKeepalives.Add(new IkeDatagram(sa.Local, sa.Peer, new byte[] { 0xFF }));
        sa.NatKeepaliveSentAt = ctx.Now;
    }

    /// <summary>Deletes one IPsec SA pair of a session that stays: DELETE to the peer, then out of the dataplane.</summary>
    private static void DeleteChild(IkeContext ctx, IkeSa sa, ChildSa child)
    {
        new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs).Debug($"IKE Deleting SA: Remote Proxy {child.RemoteAddress}, Local Proxy {child.LocalAddress}");
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, child.InboundSpi);
        Informational.Send(ctx, sa, [new DeletePayload(SaPayload.IpsecDoi, IpsecAttributes.ProtocolEsp, 4, [spi])]);
        sa.Children.Remove(child);
        sa.RekeyStarted.Remove(child.InboundSpi);
        ctx.Outputs.Removed.Add(child);
        IpsecSaEvents.Deleted(ctx, sa, child);
    }

    /// <summary>
    /// <c>clear crypto ipsec sa [peer X]</c>: deletes the IPsec SAs of the sessions chosen and keeps
    /// their IKE SAs; a remote-access client answers with a new Quick Mode (vpnc does at once).
    /// </summary>
    public IkeOutputs ClearIpsec(AsaConfig config, DateTimeOffset now, Func<IkeSa, bool> which)
    {
        var ctx = new IkeContext(config, now, random, new IkeOutputs());
        foreach (var sa in _sas.Values.Where(which).Where(sa => sa.State == IkeSaState.AmActive).ToList())
            foreach (var child in sa.Children.ToList()) DeleteChild(ctx, sa, child);
        Count(ctx.Outputs);
        return ctx.Outputs;
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
    }

    /// <summary>
    /// <c>clear crypto isakmp sa</c>, <c>vpn-sessiondb logoff</c>: ends the sessions chosen, telling
    /// the peers with DELETE messages.
    /// </summary>
    public IkeOutputs Clear(AsaConfig config, DateTimeOffset now, Func<IkeSa, bool> which)
    {
        var ctx = new IkeContext(config, now, random, new IkeOutputs());
        foreach (var sa in _sas.Values.Where(which).ToList()) End(ctx, sa, "Administrator Reset");
        Count(ctx.Outputs);
        return ctx.Outputs;
    }

    /// <summary>Deletes a session: DELETE for its IPsec and IKE SAs to the peer (unless it is gone), then teardown.</summary>
    private void End(IkeContext ctx, IkeSa sa, string reason, bool notifyPeer = true)
    {
        if (notifyPeer && sa.Keys is not null && sa.Iv is not null)
        {
            foreach (var child in sa.Children)
            {
                var spi = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(spi, child.InboundSpi);
                Informational.Send(ctx, sa, [new DeletePayload(SaPayload.IpsecDoi, IpsecAttributes.ProtocolEsp, 4, [spi])]);
            }
            new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs).Debug("sending delete/delete with reason message");
            Informational.Send(ctx, sa, [new DeletePayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, 16, [Cookies(sa)])]);
        }
        Informational.TearDown(ctx, sa, reason);
        Remove(sa);
    }

    private bool Dispatch(IkeContext ctx, IkeSa sa, IsakmpHeader header, IReadOnlyList<Payload> payloads, byte[] plaintext, string nameIf)
    {
        switch (header.Exchange)
        {
            case ExchangeType.Aggressive when sa.State == IkeSaState.AmWaitMsg3:
                if (!AggressiveModeResponder.ProcessThird(ctx, sa, payloads)) return false;
                if (sa.Selection!.Xauth) XauthServer.Start(ctx, sa);
                else if (TunnelProtocolCheck.Allows(ctx, sa, username: null)) sa.AwaitModeConfig(ctx.Now);
                else
                {
                    Terminate(ctx, sa);
                    return false;
                }
                return true;

            case ExchangeType.Transaction:
                if (!MessageProtection.HashValid(sa, header.MessageId, payloads, plaintext))
                {
                    new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs).Main(IkeLog.Notice, "Error processing payload: Payload ID: 8");
                    return true;
                }
                ctx.PeerProven(sa, ((DataPayload)payloads[0]).Data.Span);
                sa.Iv!.Confirm(header.MessageId);
                if (payloads.OfType<AttributePayload>().FirstOrDefault() is not { } attributes) return true;
                if (sa.State is IkeSaState.AmTmWaitXauth or IkeSaState.AmTmWaitXauthAck)
                {
                    if (XauthServer.Process(ctx, sa, attributes, LocalUsers)) return true;
                    Terminate(ctx, sa);
                    return false;
                }
                if (sa.State == IkeSaState.AmTmWaitModeCfgAck && attributes.ConfigType == AttributePayload.Ack)
                {
                    new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs).Debug("Processing cfg ACK attributes");
                    Phase1Completed(ctx, sa);
                    return true;
                }
                // A request that crossed our push is answered all the same.
                if (sa.State is IkeSaState.AmTmWaitModeCfg or IkeSaState.AmTmWaitModeCfgAck && attributes.ConfigType == AttributePayload.Request)
                {
                    if (!ModeConfigServer.Process(ctx, sa, attributes, header.MessageId, Pools, nameIf))
                    {
                        Terminate(ctx, sa);
                        return false;
                    }
                    Phase1Completed(ctx, sa);
                }
                return true;

            case ExchangeType.Informational:
                if (!MessageProtection.HashValid(sa, header.MessageId, payloads, plaintext))
                {
                    new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs).Main(IkeLog.Notice, "Error processing payload: Payload ID: 8");
                    return true;
                }
                ctx.PeerProven(sa, ((DataPayload)payloads[0]).Data.Span);
                return Informational.Process(ctx, sa, payloads);

            case ExchangeType.QuickMode when sa.State == IkeSaState.AmActive:
                if (sa.Rekeys.ContainsKey(header.MessageId)) QuickModeInitiator.ProcessSecond(ctx, sa, header.MessageId, payloads, plaintext);
                else if (sa.QuickModes.ContainsKey(header.MessageId)) QuickModeResponder.ProcessThird(ctx, sa, header.MessageId, payloads);
                else QuickModeResponder.ProcessFirst(ctx, sa, header.MessageId, payloads, plaintext, nameIf);
                return true;

            default:
                return true;
        }
    }

    /// <summary>
    /// A keyed IKE SA that cannot go on (XAUTH refused for the last time, no address to give):
    /// the ASA terminates it and tells the client with a DELETE, so it stops at once.
    /// </summary>
    private static void Terminate(IkeContext ctx, IkeSa sa)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        log.Debug($"IKE SA AM:{sa.CookieI >> 32:x8} terminating:  flags 0x00000000, refcnt 0, tuncnt 0");
        log.Debug("sending delete/delete with reason message");
        Informational.Send(ctx, sa, [new DeletePayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, 16, [Cookies(sa)])]);
    }

    private static void Phase1Completed(IkeContext ctx, IkeSa sa)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        log.Syslog(713119, 5, "PHASE 1 COMPLETED");
        new IkeLog(null, sa.Peer.Address.ToString(), ctx.Outputs).Main(IkeLog.Notice, "Keep-alive type for this connection: DPD");
        log.Debug($"Starting P1 rekey timer: {sa.Selection!.LifetimeSeconds * 95 / 100} seconds.");
        sa.State = IkeSaState.AmActive;
        sa.LastTraffic = ctx.Now;
        if (sa.Selection.LifetimeLowered)
        {
            // The client asked for a longer IKE SA than the policy allows: say so (RFC 2407 §4.6.3.1).
            log.Debug("sending notify message");
            var data = new byte[8];
            DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds).Write(data);
            var duration = DataAttribute.Integer(OakleyAttributes.LifeDuration, (uint)sa.Selection.LifetimeSeconds);
            var payload = new byte[4 + duration.EncodedLength];
            data.AsSpan(0, 4).CopyTo(payload);
            duration.Write(payload.AsSpan(4));
            Informational.Send(ctx, sa, [new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, Cookies(sa), NotifyTypes.ResponderLifetime, payload)]);
        }
    }

    internal static byte[] Cookies(IkeSa sa) => Cookies(sa.CookieI, sa.CookieR);

    /// <summary>The ISAKMP SPI of an IKE SA: the initiator's and the responder's cookies (RFC 2408 §3.1).</summary>
    internal static byte[] Cookies(ulong cookieI, ulong cookieR)
    {
        var spi = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spi, cookieI);
        BinaryPrimitives.WriteUInt64BigEndian(spi.AsSpan(8), cookieR);
        return spi;
    }

    private void StartAggressive(IkeContext ctx, IkeDatagram datagram, IsakmpHeader header, string nameIf)
    {
        var log = new IkeLog(null, datagram.Remote.Address.ToString(), ctx.Outputs);
        if (!IsakmpCodec.TryDecode(datagram.Data, out var message, out var error))
        {
            log.Main(IkeLog.Notice, $"Received a malformed aggressive mode message 1 ({error}), dropping");
            return;
        }
        log.DecodeLine("RECEIVED", 0, message!.PayloadSummary(), (int)header.Length);
        var sa = new IkeSa
        {
            CookieI = header.InitiatorCookie,
            CookieR = NewCookie(ctx),
            Local = datagram.Local,
            Peer = datagram.Remote,
            Created = ctx.Now,
            LastHeard = ctx.Now,
            LastReceived = datagram.Data.ToArray(),
        };
        _sas[sa.CookieI] = sa;
        LimitHalfOpen(ctx.Config);
        if (!AggressiveModeResponder.ProcessFirst(ctx, sa, message, nameIf)) { Remove(sa); return; }
        if (!inlineDh) return;
        foreach (var work in ctx.Outputs.DhWork) Complete(ctx, work.Compute(random));
        ctx.Outputs.DhWork.Clear();
    }

    /// <summary>The result of Diffie-Hellman work asked for in <see cref="IkeOutputs.DhWork"/>: AM2 goes out.</summary>
    public IkeOutputs DhCompleted(DhResult result, AsaConfig config, DateTimeOffset now)
    {
        var ctx = new IkeContext(config, now, random, new IkeOutputs());
        Complete(ctx, result);
        Count(ctx.Outputs);
        return ctx.Outputs;
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
        if (!_sas.TryGetValue(result.CookieI, out var sa) || sa.State != IkeSaState.AmWaitDh) return;
        if (!AggressiveModeResponder.CompleteFirst(ctx, sa, result)) Remove(sa);
    }

    /// <summary>Drops the oldest half-open negotiations beyond the limit.</summary>
    private void LimitHalfOpen(AsaConfig config)
    {
        var limit = (int)Math.Min(config.Get<IkeNegotiationLimit>()?.MaxInNegotiationSa ?? DefaultMaxInNegotiation, DefaultMaxInNegotiation);
        var halfOpen = _sas.Values.Where(s => s.State is IkeSaState.AmWaitDh or IkeSaState.AmWaitMsg3).ToList();
        if (halfOpen.Count <= limit) return;
        // The oldest go first. Nothing a sender can fake earns a place: a spoofed flood repeats its first
        // messages as easily as a real client does.
        foreach (var stale in halfOpen.OrderBy(s => s.Created).Take(halfOpen.Count - limit)) Remove(stale);
    }

    /// <summary>The peer repeated its last message: our answer was lost, so send it again.</summary>
    private static bool Retransmit(IkeContext ctx, IkeSa sa, IkeDatagram datagram)
    {
        if (sa.LastReceived is null || sa.LastSent is null || !datagram.Data.Span.SequenceEqual(sa.LastReceived)) return false;
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        IsakmpHeader.TryRead(sa.LastSent, out var sent);
        log.DecodeLine("RESENDING", sent.MessageId, "HDR + ...", sa.LastSent.Length);
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, sa.LastSent));
        return true;
    }

    private void Remove(IkeSa sa)
    {
        if (sa.State == IkeSaState.AmActive) Statistics.PreviousTunnels++;
        else Statistics.ResponderFails++;
        if (sa.XauthAttempts >= XauthServer.MaxAttempts || sa.State == IkeSaState.AmWaitMsg3) Statistics.AuthFails++;
        _sas.Remove(sa.CookieI);
        if (sa.AddressPool is { } pool && sa.AssignedAddress is { } address) Pools.Release(pool, address);
        sa.State = IkeSaState.Deleted;
        sa.Dispose();
    }

    private ulong NewCookie(IkeContext ctx)
    {
        Span<byte> b = stackalloc byte[8];
        ctx.Random.Fill(b);
        return BinaryPrimitives.ReadUInt64BigEndian(b) | 1;
    }

    private static string? InterfaceFor(AsaConfig config, IPAddress local)
    {
        if (local.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return null;
        var address = new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(local.GetAddressBytes()));
        return config.All<Interface>().FirstOrDefault(i => i.Ip is { Learned: false } ip && ip.Address == address)?.NameIf;
    }
}
