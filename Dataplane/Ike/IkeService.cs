using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Threading.Channels;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// Drives the IKE engine from real sockets (architecture principle 5): one control loop serves the
/// <see cref="IkeInbox{T}"/> (DH results, ticks and commands first and never lost; then datagrams of
/// negotiations under way; then first messages, the last two shed when full), so the engine needs no
/// locks; the sockets only enqueue. After each step the loop publishes the engine's events and an
/// immutable view of its SAs for the show commands.
/// </summary>
public sealed class IkeService : IAsyncDisposable
{
    private readonly Func<AsaConfig> _config;
    private readonly IEventSink _events;
    private readonly TimeProvider _clock;
    private readonly IkeEngine _engine;
    private readonly IkeInbox<Func<IkeEngine, AsaConfig, DateTimeOffset, IkeOutputs>> _inbox = new();

    /// <summary>How often at most <see cref="Status"/> is made anew while work keeps coming.</summary>
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(100);
    private readonly IRandom _random;

    /// <summary>One local address IKE listens on: its sockets and what stops their receive loops.</summary>
    private sealed record Listener(IPAddress Address, IkeSocket Socket, CancellationTokenSource Stop, Task Receiving);

    /// <summary>Guards changes of the listeners (start-up and config changes, from any thread).</summary>
    private readonly Lock _listenLock = new();
    private ImmutableArray<Listener> _listeners = [];
    /// <summary>The listeners' sockets, read on every ESP packet sent: replaced whole, never changed in place.</summary>
    private volatile IkeSocket[] _sockets = [];
    /// <summary>Problems already said, so a config change does not repeat them.</summary>
    private readonly HashSet<string> _said = [];
    private int _ikePort = IkeSocket.IkePort, _natTPort = IkeSocket.NatTPort;

    /// <summary>
    /// Diffie-Hellman work waiting for a worker. Bounded, and the control loop never waits for it: while it
    /// is full the engine takes no new negotiation (<see cref="IkeEngine.AcceptingNegotiations"/>: a flood's
    /// first messages are dropped undecoded, the client's next AM1 tries again), and work that still finds
    /// no room drops its negotiation (<see cref="IkeEngine.DhShed"/>).
    /// </summary>
    private readonly Channel<DhRequest> _dhWork =
        Channel.CreateBounded<DhRequest>(new BoundedChannelOptions(DhQueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    private const int DhQueueCapacity = 256;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    /// <summary>The SAs as the last step left them.</summary>
    public IkeStatus Status { get; private set; } = IkeStatus.Empty;

    /// <summary>Where ESP arriving on UDP 4500 goes (the dataplane); dropped while unset.</summary>
    public Forwarding.EspReceiver? Esp { get; set; }

    /// <summary>Where ICMP fragmentation-needed about ESP sent from port 4500 goes (the dataplane); dropped while unset.</summary>
    public Action<Sockets.PathMtuReport>? PathMtu { get; set; }

    /// <summary>The sockets listened on, for the dataplane to send ESP in UDP from.</summary>
    public IReadOnlyList<IkeSocket> Sockets => _sockets;

    /// <summary>
    /// The inner bytes an IPsec SA pair carried so far, by its inbound SPI (the dataplane's counters,
    /// null when it has no such SA), polled every second: idle timeout, kilobyte lifetimes, 113019.
    /// </summary>
    public Func<uint, ChildSaUsage?>? UsageOf { get; set; }

    /// <summary>IPsec SA pairs installed and removed, for the dataplane.</summary>
    public event Action<ChildSa>? Installed;
    public event Action<ChildSa>? Removed;

    /// <param name="localUsers">The appliance's local user database, which XAUTH shares with the CLI logins.</param>
    public IkeService(Func<AsaConfig> config, IEventSink events, IRandom random, TimeProvider clock, Crypto.Aaa.LocalUserDatabase? localUsers = null)
    {
        _config = config;
        _events = events;
        _clock = clock;
        _random = random;
        _engine = new IkeEngine(random, inlineDh: false, localUsers);
    }

    /// <summary>The captures that tap the sockets (set before <see cref="Start"/>).</summary>
    public Capture.CaptureHub? Capture { get; set; }

    /// <summary>A new local address is listened on (the dataplane opens raw ESP there).</summary>
    public event Action<IPAddress>? Listening;

    /// <summary>
    /// Binds UDP 500 and 4500 on the address of every interface with <c>crypto ikev1 enable</c> and
    /// starts the control loop. Returns a line per address that could not be bound (not on this host,
    /// port in use), for the user.
    /// </summary>
    public IReadOnlyList<string> Start(int ikePort = IkeSocket.IkePort, int natTPort = IkeSocket.NatTPort)
    {
        (_ikePort, _natTPort) = (ikePort, natTPort);
        var problems = Reconcile();
        _tasks.Add(Task.Run(Loop));
        _tasks.Add(Task.Run(Ticks));
        // One core stays for the control loop (and the packets): under a flood of first messages the
        // workers are always busy, and with every core theirs the loop would fall behind on all else.
        for (var i = 0; i < Math.Max(1, Environment.ProcessorCount - 1); i++) _tasks.Add(Task.Run(DhWorker));
        return problems;
    }

    /// <summary>
    /// Listens where the config says now: on a config change, addresses whose interface lost
    /// <c>crypto ikev1 enable</c> (or changed address) are closed and new ones bound, as the ASA
    /// applies the change at once. Established sessions stay. Returns the problems not said before.
    /// </summary>
    public IReadOnlyList<string> Reconcile()
    {
        var config = _config();
        var problems = new List<string>();
        var wanted = new List<(string NameIf, IPAddress Address)>();
        foreach (var nameIf in config.IkeEnabledInterfaces())
        {
            var ip = ConfigModel.Commands.InterfaceCommands.FindByNameIf(config, nameIf)?.Ip;
            if (ip is null || ip.Learned) problems.Add($"IKE: interface {nameIf} has no static address; not listening for it");
            else wanted.Add((nameIf, IPAddress.Parse(ip.Address.ToString())));
        }
        lock (_listenLock)
        {
            var kept = new List<Listener>();
            foreach (var listener in _listeners)
            {
                if (wanted.Any(w => w.Address.Equals(listener.Address))) { kept.Add(listener); continue; }
                listener.Stop.Cancel();
                listener.Socket.Dispose();
                listener.Receiving.ContinueWith(_ => listener.Stop.Dispose(), TaskScheduler.Default);
            }
            var added = new List<IPAddress>();
            foreach (var (nameIf, address) in wanted)
            {
                if (kept.Any(l => l.Address.Equals(address))) continue;
                try
                {
                    var socket = new IkeSocket(address, _ikePort, _natTPort) { Capture = Capture };
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    var receiving = socket.RunAsync(Enqueue, reason => { }, stop.Token, packets => Esp?.Invoke(packets), report => PathMtu?.Invoke(report));
                    kept.Add(new Listener(address, socket, stop, receiving));
                    added.Add(address);
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    problems.Add($"IKE: cannot listen on {address} UDP {_ikePort}/{_natTPort} for {nameIf}: {e.Message}");
                }
            }
            _listeners = [.. kept];
            _sockets = [.. kept.Select(l => l.Socket)];
            // Say each problem once while it lasts; a fixed one may be said again if it comes back.
            _said.IntersectWith(problems);
            problems.RemoveAll(p => !_said.Add(p));
            foreach (var address in added) Listening?.Invoke(address);
        }
        return problems;
    }

    /// <summary>The local endpoints listened on (for tests bound to ephemeral ports).</summary>
    public IReadOnlyList<(IPEndPoint Ike, IPEndPoint NatT)> Endpoints => _sockets.Select(s => (s.IkeEndPoint, s.NatTEndPoint)).ToList();

    private readonly RepeatedFirstMessages _repeats = new();

    private ValueTask Enqueue(IPEndPoint local, IPEndPoint remote, byte[] data)
    {
        Func<IkeEngine, AsaConfig, DateTimeOffset, IkeOutputs> work = (engine, config, now) => engine.Receive(new IkeDatagram(local, remote, data), config, now);
        // The responder cookie, bytes 8-15 of the ISAKMP header (RFC 2408 §3.1), is zero only in a first
        // message. One that repeats an earlier one byte for byte from the same address and port is a client
        // whose answer is late, and goes with the work under way (a flood can do the same, but the queue
        // is bounded all the same, and the engine takes a repeat for what it is).
        var underWay = data.Length >= 16 && (BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(8)) != 0 || _repeats.IsRepeat(remote, data));
        if (underWay) _inbox.PostUnderWay(work);
        else _inbox.PostFirstMessage(work);
        return ValueTask.CompletedTask;
    }

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

    private void NoteUsage(IkeEngine engine, DateTimeOffset now)
    {
        if (UsageOf is not { } usageOf) return;
        foreach (var sa in engine.Sas)
            foreach (var child in sa.Children)
                if (usageOf(child.InboundSpi) is { } usage) engine.NoteUsage(sa.CookieI, child.InboundSpi, usage, now);
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
                _engine.AcceptingNegotiations = _dhWork.Reader.Count < DhQueueCapacity;
                IkeOutputs outputs;
                try { outputs = work(_engine, _config(), _clock.GetUtcNow()); }
                catch (Exception e)
                {
                    // A bug must not stop the loop: the input is dropped and said so.
                    _events.Publish(AsaEvent.Ike(1, $"Internal error, input dropped: {e.GetType().Name}: {e.Message}"));
                    continue;
                }
                foreach (var datagram in outputs.Datagrams) SocketFor(datagram.Local)?.Send(datagram.Local, datagram.Remote, datagram.Data.Span);
                foreach (var keepalive in outputs.NatKeepalives) SocketFor(keepalive.Local)?.SendNatKeepalive(keepalive.Remote);
                foreach (var e in outputs.Events) _events.Publish(e);
                foreach (var child in outputs.Installed) Installed?.Invoke(child);
                foreach (var child in outputs.Removed) Removed?.Invoke(child);
                foreach (var request in outputs.DhWork)
                    if (!_dhWork.Writer.TryWrite(request)) _engine.DhShed(request.CookieI);
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

    private IkeSocket? SocketFor(IPEndPoint local) =>
        Array.Find(_sockets, s => s.IkeEndPoint.Address.Equals(local.Address) && (s.IkeEndPoint.Port == local.Port || s.NatTEndPoint.Port == local.Port));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        ImmutableArray<Listener> listeners;
        lock (_listenLock) listeners = _listeners;
        foreach (var listener in listeners) listener.Socket.Dispose();
        try { await Task.WhenAll([.. _tasks, .. listeners.Select(l => l.Receiving)]); } catch (OperationCanceledException) { }
        foreach (var listener in listeners) listener.Stop.Dispose();
        _stop.Dispose();
    }
}

/// <summary>What <c>show crypto isakmp sa</c> and friends read: a copy of the SAs, safe to read from any thread.</summary>
public sealed record IkeStatus(ImmutableList<IkeSaView> Sas, IkeStatistics Statistics)
{
    public static readonly IkeStatus Empty = new([], new IkeStatistics());

    /// <param name="shedDatagrams">Datagrams the driver shed before the engine saw them: received, and dropped (In Packets, In Drop Packets).</param>
    public static IkeStatus From(IkeEngine engine, DateTimeOffset now, long shedDatagrams = 0)
    {
        var statistics = engine.Statistics.Copy();
        statistics.InPackets += shedDatagrams;
        statistics.InDropPackets += shedDatagrams;
        return new(engine.Sas.Select(sa => IkeSaView.From(sa, now)).ToImmutableList(), statistics);
    }
}

/// <summary>One IKE SA and its IPsec SAs as the show commands print them.</summary>
public sealed record IkeSaView(
    string Peer, int PeerPort, string Local, IkeSaState State, string? TunnelGroup, string? Username, string? Encryption,
    string? Hash, string Authentication, long Lifetime, long LifetimeRemaining, Ipv4? AssignedAddress, string? AddressPool, bool NatT,
    DateTimeOffset Created, ImmutableList<ChildSa> Children, long BytesSent = 0, long BytesReceived = 0)
{
    /// <summary>The initiator's cookie and the phase-1 keys (null before the DH work), for a capture's decryption table.</summary>
    public ulong CookieI { get; init; }
    public KeyMaterial? Keys { get; init; }

    /// <summary>The Diffie-Hellman group of phase 1 (null before a policy was chosen).</summary>
    public int? DhGroup { get; init; }

    /// <summary>When traffic last crossed one of its IPsec SAs (its start until then): the idle timeout counts from it.</summary>
    public DateTimeOffset LastTraffic { get; init; }

    public static IkeSaView From(IkeSa sa, DateTimeOffset now)
    {
        var lifetime = sa.Selection?.LifetimeSeconds ?? 0;
        return new IkeSaView(sa.Peer.Address.ToString(), sa.Peer.Port, sa.Local.Address.ToString(), sa.State, sa.TunnelGroup, sa.Username,
            sa.Selection?.Policy.Encryption, sa.Selection?.Policy.Hash.ToUpperInvariant(), "preshared", lifetime,
            Math.Max(0, lifetime - (long)(now - sa.Created).TotalSeconds), sa.AssignedAddress, sa.AddressPool, sa.NatT is not null,
            sa.Created, [.. sa.Children], sa.BytesSent, sa.BytesReceived)
        {
            CookieI = sa.CookieI, Keys = sa.Keys?.Material, DhGroup = sa.Selection?.Policy.Group, LastTraffic = sa.LastTraffic,
        };
    }
}
