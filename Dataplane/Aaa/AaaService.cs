using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Keying;
using AsaEmu.Crypto.Radius;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Aaa;

/// <summary>The local database as <c>show aaa-server LOCAL</c> counts it: the requests this service sent to it.</summary>
public sealed record LocalAaaCounters(long Requests, long Accepts, long Rejects, DateTimeOffset? LastTransaction);

/// <summary>
/// The appliance's asynchronous authentication service: <c>test aaa-server</c>, logins and XAUTH ask it
/// through <see cref="AuthenticateAsync"/> and await an <see cref="AaaResult"/>, as the IKE loop hands its
/// Diffie-Hellman work to the DH workers. <c>LOCAL</c> goes to the local user database; a RADIUS group to
/// the <see cref="RadiusClient"/>, which one control loop drives (architecture principle 5): requests, the
/// datagrams from the servers and the timer of the next retransmission, timeout or reactivation meet in one
/// inbox, so the client needs no locks. <c>authentication-server-group NAME LOCAL</c> falls back to the local
/// database when no server of the group answers. The clock is a <see cref="TimeProvider"/> and the sockets an
/// <see cref="IRadiusTransport"/>, both faked in the tests.
/// </summary>
public sealed class AaaService : IAsyncDisposable
{
    private delegate RadiusOutputs Step(RadiusClient client, AsaConfig config, DateTimeOffset now);

    private readonly Func<AsaConfig> _config;
    private readonly IEventSink _events;
    private readonly TimeProvider _clock;
    private readonly IRadiusTransport _transport;
    private readonly LocalUserDatabase? _localUsers;
    private readonly RadiusClient _client;
    /// <summary>Requests, ticks and commands are control items (never shed); the servers' datagrams are shed when the queue is full.</summary>
    private readonly IkeInbox<Step> _inbox = new(underWayCapacity: 1024, firstMessageCapacity: 1);
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    // Touched on the loop only:
    private readonly Dictionary<long, TaskCompletionSource<AaaResult>> _authentications = [];
    private readonly Dictionary<long, TaskCompletionSource<bool>> _accountings = [];
    private DateTimeOffset? _armedFor;
    private long _tickets;
    private IReadOnlyList<RadiusServerStatus> _status = [];
    private long _localRequests, _localAccepts, _localRejects;
    private long _localLast;

    /// <param name="localUsers">The local user database (<c>LOCAL</c> and the fallback); null: <c>LOCAL</c> requests fail.</param>
    public AaaService(Func<AsaConfig> config, IEventSink events, IRandom random, TimeProvider clock, IRadiusTransport transport,
        LocalUserDatabase? localUsers = null)
    {
        _config = config;
        _events = events;
        _clock = clock;
        _transport = transport;
        _localUsers = localUsers;
        _client = new RadiusClient(random, level => events.IsEnabled(EventCategory.Radius, level));
        _timer = clock.CreateTimer(_ => _inbox.PostControl((client, c, now) =>
        {
            _armedFor = null; // fired: the next step arms it anew, even for the same deadline
            return client.Tick(c, now);
        }), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _transport.Start((from, data) => _inbox.PostUnderWay((client, c, now) => client.Receive(from, data, c, now)));
        _loop = Task.Run(Loop);
    }

    /// <summary>The RADIUS servers of the config with their state and counters, as the last step left them.</summary>
    public IReadOnlyList<RadiusServerStatus> Status => Volatile.Read(ref _status);

    /// <summary>What the local database was asked through this service.</summary>
    public LocalAaaCounters Local => new(Interlocked.Read(ref _localRequests), Interlocked.Read(ref _localAccepts),
        Interlocked.Read(ref _localRejects), Interlocked.Read(ref _localLast) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null);

    /// <summary>Datagrams from servers dropped unread because the queue was full.</summary>
    public long Shed => _inbox.Shed;

    /// <summary>
    /// Authenticates through the request's server group. Never throws for a refusal or a server that does
    /// not answer: those are outcomes. Cancelling stops the wait, not the request (it ends by its timeouts).
    /// </summary>
    public async Task<AaaResult> AuthenticateAsync(AaaRequest request, CancellationToken cancel = default)
    {
        if (string.Equals(request.ServerGroup, AaaRequest.Local, StringComparison.OrdinalIgnoreCase)) return AuthenticateLocally(request);
        var done = new TaskCompletionSource<AaaResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.PostControl((client, config, now) =>
        {
            var ticket = ++_tickets;
            _authentications[ticket] = done;
            return client.Authenticate(ticket, request, config, now);
        });
        var result = await done.Task.WaitAsync(cancel).ConfigureAwait(false);
        return request.LocalFallback && result.Outcome is AaaOutcome.NotResponding or AaaOutcome.ServerFailed ? AuthenticateLocally(request) : result;
    }

    /// <summary>
    /// Hands an authentication over and returns at once, as the IKE loop hands out Diffie-Hellman work:
    /// <paramref name="completed"/> gets the result on a thread of the pool (with an Error result if the
    /// service stopped first), for the loop to post it back to itself
    /// (<c>inbox.PostControl(... engine.AaaCompleted(work, result, ...))</c>).
    /// </summary>
    public void Dispatch(AaaWork work, Action<AaaWork, AaaResult> completed)
    {
        _ = Run();

        async Task Run()
        {
            AaaResult result;
            try { result = await AuthenticateAsync(work.Request, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { result = new AaaResult(AaaOutcome.Error) { Reason = "The AAA service stopped" }; }
            completed(work, result);
        }
    }

    /// <summary>Sends an accounting message; true when a server of the group acknowledged it.</summary>
    public async Task<bool> AccountAsync(AccountingRecord record, CancellationToken cancel = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.PostControl((client, config, now) =>
        {
            var ticket = ++_tickets;
            _accountings[ticket] = done;
            return client.Account(ticket, record, config, now);
        });
        return await done.Task.WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary><c>clear aaa-server statistics [GROUP]</c>; returns once done.</summary>
    public async Task ClearStatisticsAsync(string? group)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.PostControl((client, _, _) =>
        {
            client.ClearStatistics(group);
            done.TrySetResult();
            return new RadiusOutputs();
        });
        if (group is null || string.Equals(group, AaaRequest.Local, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Exchange(ref _localRequests, 0);
            Interlocked.Exchange(ref _localAccepts, 0);
            Interlocked.Exchange(ref _localRejects, 0);
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    private AaaResult AuthenticateLocally(AaaRequest request)
    {
        if (_localUsers is null) return new AaaResult(AaaOutcome.Error) { Local = true, Reason = "No local user database" };
        var now = _clock.GetUtcNow();
        var outcome = _localUsers.Authenticate(_config(), new LoginAttempt(request.User, request.Password, request.Client, request.Service), now);
        foreach (var e in outcome.Events) _events.Publish(e);
        Interlocked.Increment(ref _localRequests);
        if (outcome.Accepted) Interlocked.Increment(ref _localAccepts);
        else Interlocked.Increment(ref _localRejects);
        Interlocked.Exchange(ref _localLast, now.UtcTicks);
        return new AaaResult(outcome.Accepted ? AaaOutcome.Accepted : AaaOutcome.Rejected)
        {
            Local = true,
            FramedIpAddress = outcome.User?.FramedIp,
            GroupPolicy = outcome.User?.VpnGroupPolicy,
        };
    }

    private async Task Loop()
    {
        try
        {
            while (true)
            {
                var step = await _inbox.ReadAsync(_stop.Token).ConfigureAwait(false);
                var config = _config();
                var now = _clock.GetUtcNow();
                RadiusOutputs outputs;
                try { outputs = step(_client, config, now); }
                catch (Exception e)
                {
                    // A bug must not stop the loop: the input is dropped and said so.
                    _events.Publish(RadiusDebug.Line(RadiusDebug.Session, $"Internal error, input dropped: {e.GetType().Name}: {e.Message}"));
                    continue;
                }
                // The timer and the status first: whoever sees a datagram or a result sees both up to date.
                Arm(config, now);
                Volatile.Write(ref _status, _client.Status(config));
                foreach (var datagram in outputs.Datagrams) _transport.Send(datagram.Source, datagram.Server, datagram.Data);
                foreach (var e in outputs.Events) _events.Publish(e);
                foreach (var (ticket, result) in outputs.Results)
                    if (_authentications.Remove(ticket, out var done)) done.TrySetResult(result);
                foreach (var (ticket, acknowledged) in outputs.Accounted)
                    if (_accountings.Remove(ticket, out var done)) done.TrySetResult(acknowledged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Sets the timer to the client's next deadline (a tick that finds nothing due is harmless).</summary>
    private void Arm(AsaConfig config, DateTimeOffset now)
    {
        var next = _client.NextDeadline(config);
        if (next == _armedFor) return;
        _armedFor = next;
        _timer.Change(next is { } at ? (at > now ? at - now : TimeSpan.Zero) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        foreach (var done in _authentications.Values) done.TrySetCanceled();
        foreach (var done in _accountings.Values) done.TrySetCanceled();
        _stop.Dispose();
    }
}
