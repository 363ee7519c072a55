using System.Buffers.Binary;
using System.Net;
using System.Threading.Channels;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// N simulated EzVPN clients on AsaEmu's own initiator: one <see cref="IkeEngine"/> holds every client's
/// IKE SA (it keys them by cookie) and is driven as the IKE service drives the headend's: one loop takes
/// datagrams, Diffie-Hellman results and ticks in turn; the DH work runs on the thread pool. Each client
/// has a UDP port of its own on the source address (<see cref="IClientPorts"/>: on real sockets one thread
/// receives for all of them), and the engine's datagrams are sent through the port of the client whose
/// cookie they carry, so the headend sees many peers behind one address, as behind
/// PAT, or behind as many addresses as <see cref="LoadgenOptions.Sources"/> says: with NAT-T offered it detects the NAT and the clients float to its port 4500, from the same
/// socket, with the non-ESP marker (RFC 3948 §2.2).
/// </summary>
public sealed class LoadGenerator
{
    private const int NatTPort = 4500;
    private static readonly AsaConfig ClientConfig = AsaConfig.Empty;

    private readonly LoadgenOptions _options;
    private readonly IOutsideNetwork _network;
    private readonly TimeProvider _clock;
    private readonly IRandom _random;
    private readonly IkeEngine _engine;
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<LoadgenClient> _clients = [];
    private readonly Queue<LoadgenClient> _byStart = new(); // the clients started, oldest first: the setup timeouts come in this order
    private readonly Dictionary<ulong, LoadgenClient> _byCookie = [];
    private readonly Dictionary<string, int> _failures = [];
    private readonly List<double> _setupMs = [];
    private readonly Queue<DateTimeOffset> _recentUps = new();
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);
    private DateTimeOffset _start, _lastUp, _reportedAt;
    private int _negotiating, _up, _lost;
    private volatile LoadgenReport _report;
    private IClientPorts? _ports;
    private readonly LoadgenPings? _pings;

    public LoadGenerator(LoadgenOptions options, IOutsideNetwork network, TimeProvider clock, IRandom random)
    {
        _options = options;
        _network = network;
        _clock = clock;
        _random = random;
        _engine = new IkeEngine(random, inlineDh: false) { Debug = new IkeDebugLevels(IkeLog.Milestone, IkeLog.Milestone) };
        _pings = options.Ping is { } target ? new LoadgenPings(target, options.PingCount, random) : null;
        _report = Report(TimeSpan.Zero);
    }

    /// <summary>The latest figures (for the progress line; any thread).</summary>
    public LoadgenReport Progress => _report;

    /// <summary>Runs the clients until all have settled and the hold is over, or until cancelled; then deletes the tunnels and closes the sockets.</summary>
    public async Task<LoadgenReport> RunAsync(CancellationToken cancel)
    {
        _start = _clock.GetUtcNow();
        DateTimeOffset? settledAt = null;
        _ports = ClientPorts.For(_network, _inbox.Writer);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var now = _clock.GetUtcNow();
                Launch(now);
                Expire(now);
                if (now - _reportedAt >= ReportEvery) (_report, _reportedAt) = (Report(now - _start), now);
                var settled = _clients.Count == _options.Tunnels && _negotiating == 0;
                if (settled && settledAt is null) settledAt = now;
                if (settledAt is { } at && now - at >= _options.Hold) break;

                var wake = NextWake(now, settledAt);
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timer.CancelAfter(wake);
                try
                {
                    if (await _inbox.Reader.WaitToReadAsync(timer.Token)) Drain();
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested) { }
                var tickAt = _clock.GetUtcNow();
                if (_engine.NextDeadline is { } due && due <= tickAt) Handle(_engine.Tick(ClientConfig, tickAt), null);
                _pings?.SendDue(tickAt);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
        finally
        {
            Finish();
        }

        return _report = Report(_clock.GetUtcNow() - _start);
    }

    /// <summary>The next thing the loop must do on its own: a client to start, a setup timeout, the engine's timers, the end of the hold.</summary>
    private TimeSpan NextWake(DateTimeOffset now, DateTimeOffset? settledAt)
    {
        var wake = TimeSpan.FromMilliseconds(250); // the progress figures and setup timeouts are looked at this often at least
        if (_clients.Count < _options.Tunnels && _options.Rate > 0) wake = Min(wake, NextLaunchAt() - now);
        if (_engine.NextDeadline is { } due) wake = Min(wake, due - now);
        if (_pings?.NextDue is { } echo) wake = Min(wake, echo - now);
        if (settledAt is { } at) wake = Min(wake, at + _options.Hold - now);
        return wake < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wake;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private DateTimeOffset NextLaunchAt() => _start + TimeSpan.FromSeconds(_clients.Count / _options.Rate);

    /// <summary>Starts the clients whose time has come, within the concurrency limit.</summary>
    private void Launch(DateTimeOffset now)
    {
        while (_clients.Count < _options.Tunnels && _negotiating < _options.Concurrency
            && (_options.Rate <= 0 || NextLaunchAt() <= now))
        {
            var client = new LoadgenClient(_clients.Count + 1, now);
            _clients.Add(client);
            _negotiating++;
            try
            {
                client.Open(_ports!, _options.SourceFor(client.Number));
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                Fail(client, "socket: " + e.Message);
                continue;
            }

            _byStart.Enqueue(client);
            var outputs = _engine.Connect(Profile(client), ClientConfig, now);
            var cookie = outputs.DhWork.Count > 0 ? outputs.DhWork[0].CookieI
                : outputs.Datagrams.Count > 0 && IsakmpHeader.TryRead(outputs.Datagrams[0].Data.Span, out var header) ? header.InitiatorCookie : 0;
            client.Sa = _engine.FindSa(cookie);
            _byCookie[cookie] = client;
            Handle(outputs, client);
        }
    }

    private RemoteAccessProfile Profile(LoadgenClient client) =>
        new(client.Port!.Local, _options.Server, _options.Group, _options.Key,
            LoadgenOptions.ForClient(_options.Username, client.Number), LoadgenOptions.ForClient(_options.Password, client.Number))
        {
            DhGroup = _options.DhGroup,
            NatTraversal = _options.NatTraversal,
            PfsGroup = _options.PfsGroup,
            Xauth = _options.Xauth,
            Mode = _options.MainMode ? ExchangeType.IdentityProtection : ExchangeType.Aggressive,
            ApplicationVersion = "AsaEmu loadgen",
        };

    /// <summary>Clients still negotiating past the setup timeout fail: with the problem seen, or as a timeout.</summary>
    private void Expire(DateTimeOffset now)
    {
        while (_byStart.TryPeek(out var client) && (client.State != ClientState.Negotiating || now - client.Started >= _options.SetupTimeout))
        {
            _byStart.Dequeue();
            if (client.State == ClientState.Negotiating) Fail(client, client.Problem ?? "timeout");
        }
    }

    private void Drain()
    {
        var now = _clock.GetUtcNow();
        while (_inbox.Reader.TryRead(out var item))
        {
            switch (item)
            {
                case LoadgenClient.Received received:
                    Receive(received, now);
                    break;
                case DhResult result:
                    Handle(_engine.DhCompleted(result, ClientConfig, now), Owner(result.CookieI));
                    break;
            }
        }
    }

    /// <summary>A datagram to a client's port: IKE from the headend's 500, or from 4500 behind the non-ESP marker; from 4500 without it, ESP (the --ping flow's); keepalives are neither.</summary>
    private void Receive(LoadgenClient.Received received, DateTimeOffset now)
    {
        var data = received.Data;
        if (received.From.Port == NatTPort)
        {
            if (data.Length < 4) return;
            if (BinaryPrimitives.ReadUInt32BigEndian(data) != 0)
            {
                _pings?.Receive(received.Client, data);
                return;
            }
            data = data[4..];
        }

        if (!IsakmpHeader.TryRead(data, out var header) || Owner(header.InitiatorCookie) is not { } client || client != received.Client) return;
        var local = client.Sa?.Local ?? client.Port!.Local;
        Handle(_engine.Receive(new IkeDatagram(local, received.From, data), ClientConfig, now), client);
    }

    /// <summary>What the engine asked for after a step about <paramref name="client"/> (null: a tick, about any).</summary>
    private void Handle(IkeOutputs outputs, LoadgenClient? client)
    {
        foreach (var request in outputs.DhWork)
        {
            var random = _random;
            var writer = _inbox.Writer;
            _ = Task.Run(() => writer.TryWrite(request.Compute(random)));
        }

        // NAT-T keepalives (outputs.NatKeepalives) carry no cookie to tell whose they are, and no NAT lies
        // between these sockets and the headend to keep open: they are not sent.
        foreach (var datagram in outputs.Datagrams) Send(datagram, marker: datagram.Remote.Port == NatTPort);

        if (client is not null && client.State == ClientState.Negotiating)
        {
            foreach (var e in outputs.Events)
                if (LoadgenFailures.Reason(e.Text) is { } reason) client.Problem = reason;
        }

        var now = _clock.GetUtcNow();
        foreach (var child in outputs.Installed)
        {
            if (!_byCookie.TryGetValue(child.IkeCookieI, out var owner)) continue;
            if (owner.State == ClientState.Negotiating) Up(owner, now);
            if (owner.State == ClientState.Up && _options.Pinging(owner.Number)) _pings?.Installed(owner, child, now);
        }

        // A client whose SA the engine ended, or whose negotiation hit a problem only a new AM2 could mend
        // (none comes from a headend that holds another key), has failed; one that was up is lost.
        if (client is not null) Settle(client);
        else foreach (var c in _clients) Settle(c);
    }

    private void Settle(LoadgenClient client)
    {
        // A phase 1 rekey took the session over: the client goes on with the new IKE SA.
        while (client.Sa is { Removed: true, Successor: { } next })
        {
            _byCookie.Remove(client.Sa.CookieI);
            client.Sa = next;
        }
        if (client.State == ClientState.Negotiating && (client.Sa is null || client.Sa.Removed || LoadgenFailures.IsFinal(client.Problem)))
            Fail(client, client.Problem ?? (client.Sa?.AuthenticationFailed == true ? LoadgenFailures.XauthRefused : "deleted by the headend"));
        else if (client.State == ClientState.Up && (client.Sa is null || client.Sa.Removed))
        {
            client.State = ClientState.Lost;
            _up--;
            _lost++;
        }
    }

    private void Send(IkeDatagram datagram, bool marker)
    {
        if (IsakmpHeader.TryRead(datagram.Data.Span, out var header) && Owner(header.InitiatorCookie) is { } client)
            client.Send(datagram.Remote, datagram.Data.Span, marker);
    }

    /// <summary>The client an IKE SA is of: one the loop started, or the phase 1 rekey of one (the engine begins those on its timers).</summary>
    private LoadgenClient? Owner(ulong cookie)
    {
        if (_byCookie.TryGetValue(cookie, out var client)) return client;
        if (_engine.FindSa(cookie) is not { Rekeys: { } rekeyed } || !_byCookie.TryGetValue(rekeyed, out client)) return null;
        _byCookie[cookie] = client;
        return client;
    }

    private void Up(LoadgenClient client, DateTimeOffset now)
    {
        client.State = ClientState.Up;
        _negotiating--;
        _up++;
        _setupMs.Add((now - client.Started).TotalMilliseconds);
        _recentUps.Enqueue(now);
        _lastUp = now;
    }

    private void Fail(LoadgenClient client, string reason)
    {
        if (client.State == ClientState.Negotiating) _negotiating--;
        client.State = ClientState.Failed;
        _failures[reason] = _failures.GetValueOrDefault(reason) + 1;
        client.Close();
    }

    /// <summary>The end: every tunnel deleted (DELETE to the headend, so it frees the sessions at once), the sockets closed.</summary>
    private void Finish()
    {
        var outputs = _engine.Clear(ClientConfig, _clock.GetUtcNow(), _ => true);
        foreach (var datagram in outputs.Datagrams) Send(datagram, marker: datagram.Remote.Port == NatTPort);
        foreach (var client in _clients) client.Close();
        _ports?.Dispose();
        _pings?.Dispose();
    }

    private LoadgenReport Report(TimeSpan elapsed)
    {
        var now = _start + elapsed;
        while (_recentUps.TryPeek(out var at) && now - at > TimeSpan.FromSeconds(1)) _recentUps.Dequeue();
        return new LoadgenReport(_options.Tunnels, _clients.Count, _up, _lost, new Dictionary<string, int>(_failures), [.. _setupMs], elapsed, _recentUps.Count,
            _up + _lost > 0 ? _lastUp - _start : TimeSpan.Zero) { Pings = _pings?.Report };
    }
}

/// <summary>Why a client failed, read from the client engine's own milestone lines; the reasons are AsaEmu's words (no ASA text), kept here in one place.</summary>
internal static class LoadgenFailures
{
    public const string HashMismatch = "HASH_R mismatch (wrong group key?)";
    public const string XauthRefused = "XAUTH refused";
    public const string NoAddress = "Mode Config gave no address";

    public static string? Reason(string text) =>
        text.Contains("Error processing payload: Payload ID: 8", StringComparison.Ordinal) ? HashMismatch
        : text.Contains("XAUTH status FAIL", StringComparison.Ordinal) ? XauthRefused
        : text.Contains("Mode Config gave no address", StringComparison.Ordinal) ? NoAddress
        : text.Contains("without an offered proposal", StringComparison.Ordinal) ? "no acceptable proposal"
        : null;

    /// <summary>Problems after which no answer can still bring the tunnel up from this headend.</summary>
    public static bool IsFinal(string? reason) => reason is HashMismatch or XauthRefused or NoAddress;
}
