using System.Buffers.Binary;
using System.Net;
using System.Threading.Channels;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Dataplane.Ike;

/// <summary>Sizes of the IKE service's queues and workers (tests make them small).</summary>
/// <param name="DhWorkers">Threads computing Diffie-Hellman (null: all cores but one, which stays for the control loop).</param>
public sealed record IkeServiceOptions(int? DhWorkers = null, int DhQueueCapacity = 256, int InboxCapacity = IkeInbox<object>.DefaultCapacity)
{
    public static readonly IkeServiceOptions Default = new();

    // A worker on every core but one, which stays for the control loop: the handshake rate is bounded by
    // the DH work, and under a flood the loop keeps a core to read and answer on. It admits only what the
    // bounded DH queue holds (IkeEngine.AcceptingNegotiations), so the flood cannot starve it.
    internal int Workers => DhWorkers ?? Math.Max(1, Environment.ProcessorCount - 1);
}

/// <summary>
/// Drives the IKE engine (architecture principle 5): one control loop serves the <see cref="IkeInbox{T}"/>
/// (DH results, ticks and commands first and never lost; then datagrams of negotiations under way; then
/// first messages, the last two shed when full), so the engine needs no locks. The outside listener hands
/// it datagrams (<see cref="Receive"/>); it sends through the outside endpoints, puts the IPsec SAs it
/// negotiates in <see cref="IIpsecSas"/> and, after each step, publishes the engine's events and an
/// immutable view of its SAs for the show commands.
/// </summary>
public sealed class IkeService : IAsyncDisposable
{
    private readonly Func<AsaConfig> _config;
    private readonly IEventSink _events;
    private readonly TimeProvider _clock;
    private readonly IRandom _random;
    private readonly OutsideEndpoints _outside;
    private readonly IIpsecSas? _sas;
    private readonly IkeEngine _engine;
    private readonly IkeInbox<Func<IkeEngine, AsaConfig, DateTimeOffset, IkeOutputs>> _inbox;
    private readonly IkeServiceOptions _options;

    /// <summary>Where XAUTH against an AAA server group and session accounting go; null: such logins fail, no accounting.</summary>
    private readonly Aaa.AaaService? _aaa;

    /// <summary>How often at most <see cref="Status"/> is made anew while work keeps coming.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Diffie-Hellman work waiting for a worker. Bounded, and the control loop never waits for it: while it
    /// is full the engine takes no new negotiation (<see cref="IkeEngine.AcceptingNegotiations"/>: a flood's
    /// first messages are dropped undecoded, the client's next AM1 tries again), and work that still finds
    /// no room drops its negotiation (<see cref="IkeEngine.DhShed"/>).
    /// </summary>
    private readonly Channel<DhRequest> _dhWork;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    /// <summary>The SAs as the last step left them.</summary>
    public IkeStatus Status { get; private set; } = IkeStatus.Empty;

    /// <param name="outside">The endpoints IKE messages and NAT-T keepalives leave through.</param>
    /// <param name="sas">Where IPsec SA pairs go (null: nowhere, as without a dataplane).</param>
    /// <param name="localUsers">The appliance's local user database, which XAUTH shares with the CLI logins.</param>
    /// <param name="aaa">The appliance's AAA service (RADIUS groups of <c>authentication-server-group</c>, accounting).</param>
    public IkeService(Func<AsaConfig> config, IEventSink events, IRandom random, TimeProvider clock, OutsideEndpoints outside,
        IIpsecSas? sas = null, Crypto.Aaa.LocalUserDatabase? localUsers = null, IkeServiceOptions? options = null, Aaa.AaaService? aaa = null)
    {
        _aaa = aaa;
        _config = config;
        _events = events;
        _clock = clock;
        _random = random;
        _outside = outside;
        _sas = sas;
        _options = options ?? IkeServiceOptions.Default;
        _inbox = new(_options.InboxCapacity, _options.InboxCapacity);
        _dhWork = Channel.CreateBounded<DhRequest>(new BoundedChannelOptions(_options.DhQueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        // The DH queue is shared fairly among the addresses waiting for it once it backs up (a flood from some addresses leaves room).
        _engine = new IkeEngine(random, inlineDh: false, localUsers) { DhQueueCapacity = _options.DhQueueCapacity };
    }

    /// <summary>Starts the control loop, its one-second tick and the DH workers.</summary>
    public void Start()
    {
        _tasks.Add(Task.Run(Loop));
        _tasks.Add(Task.Run(Ticks));
        for (var i = 0; i < _options.Workers; i++) _tasks.Add(Task.Run(DhWorker));
    }

    /// <summary>
    /// An IKE message that came to <paramref name="local"/> from <paramref name="remote"/> (on port 4500
    /// without its marker), queued for the loop; never waits (a full queue sheds it).
    /// </summary>
    public void Receive(IPEndPoint local, IPEndPoint remote, byte[] data)
    {
        Func<IkeEngine, AsaConfig, DateTimeOffset, IkeOutputs> work = (engine, config, now) => engine.Receive(new IkeDatagram(local, remote, data), config, now);
        // The responder cookie, bytes 8-15 of the ISAKMP header (RFC 2408 §3.1), is zero only in a first message.
        // A first message repeated (a client whose answer is late) waits with the others: served round robin by
        // address, it is held back by one datagram of each other address, not by a flood's repeats ahead of it.
        var underWay = data.Length >= 16 && BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(8)) != 0;
        if (underWay) _inbox.PostUnderWay(work, remote.Address);
        else _inbox.PostFirstMessage(work, remote.Address);
    }

    /// <summary>
    /// Inside traffic from <paramref name="source"/> to <paramref name="destination"/> found no SA
    /// (the dataplane, rate-limited; <c>ping</c>): the engine starts a site's SA if a crypto map says
    /// so. Bounded like the datagrams of negotiations under way: shed under a flood.
    /// </summary>
    public void Initiate(Ipv4 source, Ipv4 destination) =>
        _inbox.PostUnderWay((engine, config, now) => engine.Initiate(source, destination, config, now));

    /// <summary>
    /// Ends the sessions <paramref name="which"/> chooses (clear crypto isakmp sa, vpn-sessiondb logoff), or with
    /// <paramref name="ipsecOnly"/> only their IPsec SAs (clear crypto ipsec sa); returns how many sessions.
    /// </summary>
    public async Task<int> ClearAsync(Func<IkeSa, bool> which, bool ipsecOnly = false)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.PostControl((engine, config, now) =>
        {
            var count = engine.Sas.Count(which);
            var outputs = ipsecOnly ? engine.ClearIpsec(config, now, which) : engine.Clear(config, now, which);
            done.TrySetResult(count);
            return outputs;
        });
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// <c>clear crypto ikev2 sa</c>, <c>vpn-sessiondb logoff</c>: deletes the IKEv2 SAs <paramref name="which"/> chooses, or
    /// with <paramref name="childSasOnly"/> only their Child SAs (<c>clear crypto ipsec sa</c>); returns how many IKEv2 SAs.
    /// </summary>
    public async Task<int> ClearIkev2Async(Func<Crypto.Ikev2.Ikev2Sa, bool> which, bool childSasOnly = false)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.PostControl((engine, config, now) =>
        {
            var count = engine.Ikev2Sas.Count(which);
            var outputs = childSasOnly ? engine.ClearIkev2ChildSas(config, now, which) : engine.ClearIkev2(config, now, which);
            done.TrySetResult(count);
            return outputs;
        });
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Computes key pairs and shared secrets on a worker thread and hands the results to the loop.</summary>
    private async Task DhWorker()
    {
        try
        {
            while (true)
            {
                var request = await _dhWork.Reader.ReadAsync(_stop.Token);
                DhResult result;
                try { result = request.Compute(_random); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    _inbox.PostControl((engine, _, _) => Shed(engine, request.CookieI));
                    continue;
                }
                _inbox.PostControl((engine, config, now) => engine.DhCompleted(result, config, now));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Drops a negotiation whose DH work was not done (<see cref="IkeEngine.DhShed"/>); nothing to send.</summary>
    private static IkeOutputs Shed(IkeEngine engine, ulong cookieI)
    {
        engine.DhShed(cookieI);
        return new IkeOutputs();
    }

    /// <summary>
    /// The dataplane's byte counts of every IPsec SA pair, IKEv1's and IKEv2's alike, to the engine once a
    /// second: idle timeouts, kilobyte lifetimes (their rekeys), the sessions' byte totals.
    /// </summary>
    private void NoteUsage(IkeEngine engine, DateTimeOffset now)
    {
        if (_sas is null) return;
        foreach (var sa in engine.Sas)
            foreach (var child in sa.Children)
                if (_sas.UsageOf(child.InboundSpi) is { } usage) engine.NoteUsage(sa.CookieI, child.InboundSpi, usage, now);
        foreach (var sa in engine.Ikev2Sas)
            foreach (var child in sa.Children)
                if (_sas.UsageOf(child.InboundSpi) is { } usage) engine.NoteIkev2Usage(sa.OwnSpi, child.InboundSpi, usage, now);
    }

    private async Task Ticks()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                _inbox.PostControl((engine, config, now) =>
                {
                    NoteUsage(engine, now);
                    return engine.Tick(config, now);
                });
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Loop()
    {
        try
        {
            var statusAt = DateTimeOffset.MinValue;
            while (true)
            {
                var work = await _inbox.ReadAsync(_stop.Token);
                // No room for DH work: new negotiations are dropped before they are decoded.
                _engine.AcceptingNegotiations = _dhWork.Reader.Count < _options.DhQueueCapacity;
                // Debug text is built only at the levels some session shows (debug crypto ikev1|ipsec|ikev2).
                _engine.Debug = IkeDebugLevels.From(_events);
                IkeOutputs outputs;
                try { outputs = work(_engine, _config(), _clock.GetUtcNow()); }
                catch (Exception e)
                {
                    // A bug must not stop the loop: the input is dropped and said so.
                    _events.Publish(AsaEvent.Ike(1, $"Internal error, input dropped: {e.GetType().Name}: {e.Message}"));
                    continue;
                }
                // Inbound-only SAs before the datagrams: the QM2 going out lets the peer use the SA at once.
                foreach (var child in outputs.Receiving) _sas?.Install(child);
                foreach (var datagram in outputs.Datagrams) Send(datagram);
                foreach (var keepalive in outputs.NatKeepalives)
                    _outside.Send(OutsidePort.NatT, new OutsideDatagram(keepalive.Local.Address, keepalive.Remote.Serialize(), NatTFraming.Keepalive, 1));
                foreach (var e in outputs.Events) _events.Publish(e);
                foreach (var child in outputs.Installed) _sas?.Install(child);
                foreach (var child in outputs.Removed) _sas?.Remove(child);
                foreach (var request in outputs.DhWork)
                    if (!_dhWork.Writer.TryWrite(request)) _engine.DhShed(request.CookieI);
                foreach (var w in outputs.AaaWork)
                    if (_aaa is null) _inbox.PostControl((e, c, n) => e.AaaCompleted(w, new Crypto.Aaa.AaaResult(Crypto.Aaa.AaaOutcome.Error), c, n));
                    else _aaa.Dispatch(w, (work, r) => _inbox.PostControl((e, c, n) => e.AaaCompleted(work, r, c, n)));
                foreach (var record in outputs.Accounting) _aaa?.AccountAsync(record).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                // A snapshot per input would cost O(SAs) each under a flood: once the queues are drained, or every StatusInterval.
                var now = _clock.GetUtcNow();
                if (_inbox.Count == 0 || now - statusAt >= StatusInterval)
                {
                    Status = IkeStatus.From(_engine, now, _inbox.Shed);
                    statusAt = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>An IKE message from the port it belongs to: with the non-ESP marker on the NAT-T port (RFC 3948 §2.2).</summary>
    private void Send(IkeDatagram datagram)
    {
        var local = datagram.Local;
        var onNatT = _outside.Find(OutsidePort.NatT, local.Address) is { } natT && natT.Local.Port == local.Port;
        var bytes = onNatT ? NatTFraming.Frame(datagram.Data.Span) : datagram.Data.ToArray();
        // An unreachable peer is not a reason to stop: IKE retransmits or times out.
        _outside.Send(onNatT ? OutsidePort.NatT : OutsidePort.Ike, new OutsideDatagram(local.Address, datagram.Remote.Serialize(), bytes, bytes.Length));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_tasks); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
