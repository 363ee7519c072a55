using System.Buffers.Binary;
using System.Net;
using System.Text;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Radius;

/// <summary>
/// The RADIUS client (RFC 2865, RFC 2866) as a sans-I/O engine, like the IKE engine: authentications and
/// accounting messages come in with a ticket, datagrams and ticks with the time, and each input returns the
/// datagrams to send, the results and the events. Pure and single-threaded: the AAA service drives it.
/// <para>
/// Per request it tries the group's servers in order, skipping those marked FAILED. To one server it sends
/// the request and sends the same bytes again every <c>retry-interval</c> seconds until <c>timeout</c>
/// seconds have passed; then it counts a failed attempt against that server and tries the next (fail-over).
/// A server with <c>max-failed-attempts</c> failed attempts in a row is marked FAILED (113022); a valid
/// answer resets its count. FAILED servers come back (113023) as <c>reactivation-mode</c> says: timed, 30
/// seconds after each failed; depletion, <c>deadtime</c> minutes after the last server of the group failed
/// [C: ASA configuration guide; the attempt counting is our reading of it].
/// </para>
/// <para>
/// Every request carries a Message-Authenticator, first (RFC 3579 §3.2, as the BlastRADIUS mitigations
/// advise). An answer counts only if its Response Authenticator checks and, for an Access-Request, it
/// carries a Message-Authenticator that checks (CVE-2024-3596); any other answer is dropped and counted,
/// and the request waits on (a wrong shared secret ends as a server not responding).
/// </para>
/// </summary>
public sealed class RadiusClient(IRandom random, Func<int, bool>? debug = null)
{
    /// <summary>Requests in flight at most (each holds an identifier of its server's 256).</summary>
    public const int MaxPending = 1024;

    private sealed class Server(string group, string address)
    {
        public string Group { get; } = group;
        public string Address { get; } = address;
        public RadiusServerState State;
        public int FailedAttempts;
        public DateTimeOffset? FailedAt, LastTransaction;
        public RadiusCounters Counters = new();
    }

    private sealed class Transaction
    {
        public long Ticket;
        public AaaRequest? Request;
        public AccountingRecord? Record;
        public required string Group;
        public required List<string> Candidates;
        public int Next;
        public bool SpecificHost;
        public uint Session;
        // The attempt under way:
        public Server? Server;
        public IPEndPoint? Endpoint;
        public IPAddress? Source;
        public byte Id;
        public byte[] Packet = [];
        public byte[] RequestAuthenticator = [];
        public string Secret = "";
        public DateTimeOffset SentAt, RetryAt, GiveUpAt;
        public TimeSpan RetryInterval;
        public bool Tried;
        public bool Accounting => Record is not null;
    }

    private readonly Dictionary<(IPEndPoint Server, byte Id), Transaction> _pending = [];
    private readonly Dictionary<string, Server> _servers = new(StringComparer.Ordinal);
    /// <summary>Accounting messages sent to several servers at once (<c>accounting-mode simultaneous</c>): legs left and whether one was acknowledged.</summary>
    private readonly Dictionary<long, (int Legs, bool Acknowledged)> _accounting = [];
    /// <summary>Depletion mode: when the last server of a group failed.</summary>
    private readonly Dictionary<string, DateTimeOffset> _depletedAt = new(StringComparer.Ordinal);
    private uint _session;

    public int Pending => _pending.Count;

    private bool Debugging(int level) => debug?.Invoke(level) ?? false;

    // ---- inputs ---------------------------------------------------------------------------------

    /// <summary>Starts an authentication; its result comes in these or later outputs with <paramref name="ticket"/>.</summary>
    public RadiusOutputs Authenticate(long ticket, AaaRequest request, AsaConfig config, DateTimeOffset now)
    {
        var outputs = new RadiusOutputs();
        Reactivate(config, now, outputs);
        if (Resolve(request.ServerGroup, request.Host, config) is not { } group)
        {
            outputs.Results.Add((ticket, Failure(request.ServerGroup, request.Host, config)));
            return outputs;
        }
        if (Encoding.UTF8.GetByteCount(request.Password) > RadiusCodec.MaxPasswordLength)
        {
            outputs.Results.Add((ticket, new AaaResult(AaaOutcome.Error) { Reason = "The password is longer than 128 characters" })); // [M]
            return outputs;
        }
        var t = new Transaction
        {
            Ticket = ticket, Request = request, Group = group.Name, Session = ++_session, SpecificHost = request.Host is not null,
            Candidates = request.Host is { } host ? [group.Host(host)!.Address] : [.. group.Hosts.Select(h => h.Address)],
        };
        Start(t, config, now, outputs);
        return outputs;
    }

    /// <summary>Sends an accounting message to the group's server (or, in simultaneous mode, to each active one).</summary>
    public RadiusOutputs Account(long ticket, AccountingRecord record, AsaConfig config, DateTimeOffset now)
    {
        var outputs = new RadiusOutputs();
        Reactivate(config, now, outputs);
        if (Resolve(record.ServerGroup, null, config) is not { } group)
        {
            outputs.Accounted.Add((ticket, false));
            return outputs;
        }
        var session = ++_session;
        var legs = group.SimultaneousAccounting
            ? group.Hosts.Where(h => ServerOf(group.Name, h.Address).State == RadiusServerState.Active).Select(h => new List<string> { h.Address }).ToList()
            : [[.. group.Hosts.Select(h => h.Address)]];
        if (legs.Count == 0)
        {
            outputs.Accounted.Add((ticket, false));
            return outputs;
        }
        _accounting[ticket] = (legs.Count, false);
        foreach (var candidates in legs)
            Start(new Transaction { Ticket = ticket, Record = record, Group = group.Name, Candidates = candidates, Session = session }, config, now, outputs);
        return outputs;
    }

    /// <summary>A datagram from <paramref name="from"/>: checked, matched to its request, and dropped and counted when it does not check.</summary>
    public RadiusOutputs Receive(IPEndPoint from, ReadOnlyMemory<byte> data, AsaConfig config, DateTimeOffset now)
    {
        var outputs = new RadiusOutputs();
        Reactivate(config, now, outputs);
        if (!RadiusCodec.TryDecode(data, out var packet, out var error))
        {
            Count(from, config, c => c with { MalformedResponses = c.MalformedResponses + 1 });
            if (Debugging(RadiusDebug.Session)) outputs.Events.Add(RadiusDebug.Dropped(from, $"malformed packet ({error})"));
            return outputs;
        }
        var raw = data.Span[..BinaryPrimitives.ReadUInt16BigEndian(data.Span[2..])];
        if (!_pending.TryGetValue((from, packet!.Identifier), out var t) || !Expected(t, packet.Code))
        {
            Count(from, config, c => c with { UnrecognizedResponses = c.UnrecognizedResponses + 1 });
            if (Debugging(RadiusDebug.Session)) outputs.Events.Add(RadiusDebug.Dropped(from, "unexpected response"));
            return outputs;
        }
        var server = t.Server!;
        if (Debugging(RadiusDebug.Decode)) outputs.Events.Add(RadiusDebug.Decoded("response", raw, packet));
        var check = RadiusCodec.CheckResponse(raw, t.RequestAuthenticator, t.Secret, requireMessageAuthenticator: !t.Accounting);
        if (check != ResponseCheck.Valid)
        {
            server.Counters = server.Counters with
            {
                BadAuthenticators = server.Counters.BadAuthenticators + 1,
                MissingMessageAuthenticators = server.Counters.MissingMessageAuthenticators + (check == ResponseCheck.MissingMessageAuthenticator ? 1 : 0),
            };
            if (Debugging(RadiusDebug.Session)) outputs.Events.Add(RadiusDebug.Dropped(from, RadiusDebug.Why(check)));
            return outputs;
        }
        _pending.Remove((from, packet.Identifier));
        var roundTrip = (long)Math.Max(0, (now - t.SentAt).TotalMilliseconds);
        server.FailedAttempts = 0;
        server.LastTransaction = now;
        server.Counters = server.Counters with { RoundTripTotalMs = server.Counters.RoundTripTotalMs + roundTrip, RoundTrips = server.Counters.RoundTrips + 1 };
        if (Debugging(RadiusDebug.Session))
        {
            outputs.Events.Add(RadiusDebug.Verified());
            outputs.Events.Add(RadiusDebug.Processed(packet.Code, t.Session, t.Id));
        }
        if (t.Accounting)
        {
            server.Counters = server.Counters with { AccountingResponses = server.Counters.AccountingResponses + 1 };
            EndLeg(t, acknowledged: true, outputs);
        }
        else Answered(t, packet, outputs);
        return outputs;
    }

    /// <summary>Retransmissions, timeouts and fail-over, and the reactivation of FAILED servers, due by <paramref name="now"/>.</summary>
    public RadiusOutputs Tick(AsaConfig config, DateTimeOffset now)
    {
        var outputs = new RadiusOutputs();
        Reactivate(config, now, outputs);
        foreach (var t in _pending.Values.Where(t => t.GiveUpAt <= now || t.RetryAt <= now).ToList())
        {
            if (t.GiveUpAt <= now)
            {
                _pending.Remove((t.Endpoint!, t.Id));
                var server = t.Server!;
                server.Counters = server.Counters with { Timeouts = server.Counters.Timeouts + 1 };
                if (Debugging(RadiusDebug.Session)) outputs.Events.Add(RadiusDebug.TimedOut(t.Endpoint!, t.Session, t.Id));
                if (++server.FailedAttempts >= MaxFailedAttempts(config, t.Group) && server.State == RadiusServerState.Active)
                    MarkFailed(server, config, now, outputs);
                Start(t, config, now, outputs);
                continue;
            }
            t.Server!.Counters = t.Server.Counters with { Retransmissions = t.Server.Counters.Retransmissions + 1 };
            t.RetryAt += t.RetryInterval;
            outputs.Datagrams.Add(new RadiusDatagram(t.Source, t.Endpoint!, t.Packet));
            if (Debugging(RadiusDebug.Session)) outputs.Events.Add(RadiusDebug.Sent(t.Endpoint!, retransmission: true));
        }
        Prune(config);
        return outputs;
    }

    /// <summary>When the next <see cref="Tick"/> has something to do (a retransmission, a timeout, a reactivation); null for nothing.</summary>
    public DateTimeOffset? NextDeadline(AsaConfig config)
    {
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset at) => next = next is { } n && n <= at ? n : at;
        foreach (var t in _pending.Values) Consider(t.RetryAt < t.GiveUpAt ? t.RetryAt : t.GiveUpAt);
        foreach (var s in _servers.Values.Where(s => s.State == RadiusServerState.Failed))
            if (ReactivationAt(s, config) is { } at) Consider(at);
        return next;
    }

    // ---- status ---------------------------------------------------------------------------------

    /// <summary>The servers of the RADIUS groups of <paramref name="config"/>, in config order, with their state and counters.</summary>
    public IReadOnlyList<RadiusServerStatus> Status(AsaConfig config)
    {
        var pending = _pending.Values.GroupBy(t => t.Server!).ToDictionary(g => g.Key, g => g.Count());
        return [.. config.All<AaaServerGroup>().Where(g => g.IsRadius).SelectMany(g => g.Hosts.Select(h =>
        {
            var s = _servers.GetValueOrDefault(Key(g.Name, h.Address));
            return s is null
                ? new RadiusServerStatus(g.Name, h.Address, RadiusServerState.Active, null, null, 0, new RadiusCounters())
                : new RadiusServerStatus(g.Name, h.Address, s.State, s.LastTransaction, s.FailedAt, pending.GetValueOrDefault(s), s.Counters);
        }))];
    }

    /// <summary><c>clear aaa-server statistics [GROUP]</c>: the counters back to zero; states stay.</summary>
    public void ClearStatistics(string? group)
    {
        foreach (var s in _servers.Values.Where(s => group is null || s.Group == group)) s.Counters = new RadiusCounters();
    }

    // ---- requests -------------------------------------------------------------------------------

    private static AaaServerGroup? Resolve(string name, string? host, AsaConfig config) =>
        config.Get<AaaServerGroup>(name) is { IsRadius: true } group && (host is null || group.Host(host) is not null) ? group : null;

    /// <summary>Why <see cref="Resolve"/> found nothing, as a result [M wording].</summary>
    private static AaaResult Failure(string name, string? host, AsaConfig config) => config.Get<AaaServerGroup>(name) switch
    {
        null => new AaaResult(AaaOutcome.Error) { Reason = AaaServerMessages.GroupNotFound(name) },
        { IsRadius: false } g => new AaaResult(AaaOutcome.Error) { Reason = $"Server group {name} uses protocol {g.Protocol ?? "none"}; AsaEmu emulates RADIUS servers only" },
        _ => new AaaResult(AaaOutcome.Error) { Reason = AaaServerMessages.NotAMember(host!, name) },
    };

    private static int MaxFailedAttempts(AsaConfig config, string group) =>
        config.Get<AaaServerGroup>(group)?.EffectiveMaxFailedAttempts ?? AaaServerGroup.DefaultMaxFailedAttempts;

    private static string Key(string group, string address) => group + "\n" + address;

    private Server ServerOf(string group, string address)
    {
        var key = Key(group, address);
        if (!_servers.TryGetValue(key, out var s)) _servers[key] = s = new Server(group, address);
        return s;
    }

    /// <summary>Sends the request to the next server it may go to, or ends it.</summary>
    private void Start(Transaction t, AsaConfig config, DateTimeOffset now, RadiusOutputs outputs)
    {
        var group = config.Get<AaaServerGroup>(t.Group);
        while (group is not null && t.Next < t.Candidates.Count)
        {
            var host = group.Host(t.Candidates[t.Next++]);
            if (host?.Ip is not { } ip) continue;
            var server = ServerOf(group.Name, host.Address);
            if (server.State == RadiusServerState.Failed)
            {
                if (t.SpecificHost) break;
                continue;
            }
            if (_pending.Count >= MaxPending) break;
            var endpoint = new IPEndPoint(new IPAddress(ip.ToBytes()), t.Accounting ? host.EffectiveAccountingPort : host.EffectiveAuthenticationPort);
            if (FreeId(endpoint) is not { } id) continue;
            Send(t, host, server, endpoint, id, config, now, outputs);
            return;
        }
        if (t.Accounting)
        {
            EndLeg(t, acknowledged: false, outputs);
            return;
        }
        var outcome = t.Tried ? AaaOutcome.NotResponding : _pending.Count >= MaxPending ? AaaOutcome.Error : AaaOutcome.ServerFailed;
        var result = new AaaResult(outcome)
        {
            Server = t.Server?.Address ?? t.Candidates.FirstOrDefault(),
            Reason = outcome == AaaOutcome.Error ? "Too many AAA requests in progress" : null, // [M]
        };
        if (outcome == AaaOutcome.NotResponding)
            outputs.Events.Add(AaaSyslog.ServerRejected("Unspecified", result.Server ?? "", t.Request!.User, t.Request.Client));
        outputs.Results.Add((t.Ticket, result));
    }

    private byte? FreeId(IPEndPoint endpoint)
    {
        var start = (byte)Random(1)[0];
        for (var i = 0; i < 256; i++)
        {
            var id = (byte)(start + i);
            if (!_pending.ContainsKey((endpoint, id))) return id;
        }
        return null;
    }

    private byte[] Random(int count)
    {
        var bytes = new byte[count];
        random.Fill(bytes);
        return bytes;
    }

    private void Send(Transaction t, AaaServerHost host, Server server, IPEndPoint endpoint, byte id, AsaConfig config,
        DateTimeOffset now, RadiusOutputs outputs)
    {
        var source = SourceOf(config, host);
        var secret = host.Key ?? "";
        var authenticator = t.Accounting ? new byte[RadiusCodec.AuthenticatorSize] : Random(RadiusCodec.AuthenticatorSize);
        var attributes = t.Accounting
            ? RadiusRequestAttributes.Accounting(t.Record!, t.Session, source, config, now)
            : RadiusRequestAttributes.Access(t.Request!, t.Session, secret, authenticator, source, config);
        var packet = RadiusCodec.Encode(new RadiusPacket(t.Accounting ? RadiusCode.AccountingRequest : RadiusCode.AccessRequest, id, authenticator, attributes));
        if (t.Accounting) RadiusCodec.SignAccountingRequest(packet, secret);
        else RadiusCodec.SignAccessRequest(packet, secret);

        (t.Server, t.Endpoint, t.Source, t.Id, t.Packet, t.Secret, t.Tried) = (server, endpoint, source, id, packet, secret, true);
        t.RequestAuthenticator = packet[4..20];
        t.RetryInterval = TimeSpan.FromSeconds(host.EffectiveRetryInterval);
        (t.SentAt, t.RetryAt, t.GiveUpAt) = (now, now + t.RetryInterval, now + TimeSpan.FromSeconds(host.EffectiveTimeout));
        _pending[(endpoint, id)] = t;
        server.Counters = t.Accounting
            ? server.Counters with { AccountingRequests = server.Counters.AccountingRequests + 1 }
            : server.Counters with { AuthenticationRequests = server.Counters.AuthenticationRequests + 1 };
        outputs.Datagrams.Add(new RadiusDatagram(source, endpoint, packet));
        if (Debugging(RadiusDebug.Session))
        {
            if (!t.Accounting) outputs.Events.Add(RadiusDebug.Made(t.Session, id, t.Request!.User));
            if (Debugging(RadiusDebug.Decode) && RadiusCodec.TryDecode(packet, out var decoded, out _))
                outputs.Events.Add(RadiusDebug.Decoded(t.Accounting ? "accounting request" : "authentication request", packet, decoded!));
            outputs.Events.Add(RadiusDebug.Sent(endpoint, retransmission: false));
        }
    }

    /// <summary>The address of the interface the server is reached through (<c>aaa-server NAME (IF) host</c>), or null.</summary>
    private static IPAddress? SourceOf(AsaConfig config, AaaServerHost host) =>
        host.Interface is { } nameIf && config.InterfaceNamed(nameIf)?.Ip is { Learned: false } ip
            ? new IPAddress(ip.Address.ToBytes()) : null;

    // ---- answers --------------------------------------------------------------------------------

    private static bool Expected(Transaction t, RadiusCode code) => t.Accounting
        ? code == RadiusCode.AccountingResponse
        : code is RadiusCode.AccessAccept or RadiusCode.AccessReject or RadiusCode.AccessChallenge;

    private static void Answered(Transaction t, RadiusPacket packet, RadiusOutputs outputs)
    {
        var server = t.Server!;
        var request = t.Request!;
        var classes = packet.All(RadiusAttributeType.Class).Select(c => (ReadOnlyMemory<byte>)c.Value.ToArray()).ToList();
        var replies = packet.All(RadiusAttributeType.ReplyMessage).Select(a => a.AsText).ToList();
        var result = new AaaResult(AaaOutcome.Rejected)
        {
            Server = server.Address,
            ReplyMessage = replies.Count == 0 ? null : string.Join("\n", replies),
        };
        switch (packet.Code)
        {
            case RadiusCode.AccessAccept:
                server.Counters = server.Counters with { Accepts = server.Counters.Accepts + 1 };
                result = result with
                {
                    Outcome = AaaOutcome.Accepted,
                    FramedIpAddress = FramedAddress(packet),
                    GroupPolicy = classes.Select(c => AaaResult.GroupPolicyOf(Encoding.UTF8.GetString(c.Span))).FirstOrDefault(p => p is not null),
                    SessionTimeout = Seconds(packet, RadiusAttributeType.SessionTimeout),
                    IdleTimeout = Seconds(packet, RadiusAttributeType.IdleTimeout),
                    Classes = classes,
                };
                outputs.Events.Add(AaaSyslog.ServerAccepted(server.Address, request.User));
                break;
            case RadiusCode.AccessChallenge:
                server.Counters = server.Counters with { Challenges = server.Counters.Challenges + 1 };
                result = result with { Outcome = AaaOutcome.Challenged, State = packet.Find(RadiusAttributeType.State)?.Value.ToArray() };
                outputs.Events.Add(AaaSyslog.Challenged(request.User, server.Address));
                break;
            default:
                server.Counters = server.Counters with { Rejects = server.Counters.Rejects + 1 };
                outputs.Events.Add(AaaSyslog.ServerRejected("AAA failure", server.Address, request.User, request.Client));
                break;
        }
        outputs.Results.Add((t.Ticket, result));
    }

    /// <summary>Framed-IP-Address, but for 255.255.255.255 and 255.255.255.254 (RFC 2865 §5.8: the NAS or the user chooses).</summary>
    private static Ipv4? FramedAddress(RadiusPacket packet) =>
        packet.Find(RadiusAttributeType.FramedIpAddress)?.AsInteger is { } value && value < 0xFFFFFFFE ? new Ipv4(value) : null;

    private static TimeSpan? Seconds(RadiusPacket packet, byte type) =>
        packet.Find(type)?.AsInteger is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private void EndLeg(Transaction t, bool acknowledged, RadiusOutputs outputs)
    {
        if (!_accounting.TryGetValue(t.Ticket, out var state)) return;
        state = (state.Legs - 1, state.Acknowledged || acknowledged);
        if (state.Legs > 0)
        {
            _accounting[t.Ticket] = state;
            return;
        }
        _accounting.Remove(t.Ticket);
        outputs.Accounted.Add((t.Ticket, state.Acknowledged));
    }

    /// <summary>Counts an answer against the server it came from, when it is one of the config's.</summary>
    private void Count(IPEndPoint from, AsaConfig config, Func<RadiusCounters, RadiusCounters> change)
    {
        foreach (var group in config.All<AaaServerGroup>().Where(g => g.IsRadius))
            foreach (var host in group.Hosts)
                if (host.Ip is { } ip && new IPAddress(ip.ToBytes()).Equals(from.Address)
                    && (from.Port == host.EffectiveAuthenticationPort || from.Port == host.EffectiveAccountingPort))
                {
                    var server = ServerOf(group.Name, host.Address);
                    server.Counters = change(server.Counters);
                    return;
                }
    }

    // ---- server states --------------------------------------------------------------------------

    private void MarkFailed(Server server, AsaConfig config, DateTimeOffset now, RadiusOutputs outputs)
    {
        server.State = RadiusServerState.Failed;
        server.FailedAt = now;
        outputs.Events.Add(AaaSyslog.MarkedFailed("RADIUS", server.Address, server.Group));
        if (config.Get<AaaServerGroup>(server.Group) is { } group
            && group.Hosts.All(h => ServerOf(group.Name, h.Address).State == RadiusServerState.Failed))
            _depletedAt[group.Name] = now;
    }

    /// <summary>When a FAILED server comes back, as its group's reactivation-mode says; null while it waits for others (depletion).</summary>
    private DateTimeOffset? ReactivationAt(Server server, AsaConfig config)
    {
        if (config.Get<AaaServerGroup>(server.Group) is not { } group) return null;
        if (group.EffectiveReactivation == ReactivationMode.Timed) return server.FailedAt + AaaServerGroup.TimedReactivation;
        return _depletedAt.TryGetValue(group.Name, out var at) && group.Hosts.All(h => ServerOf(group.Name, h.Address).State == RadiusServerState.Failed)
            ? at + TimeSpan.FromMinutes(group.EffectiveDeadtime)
            : null;
    }

    private void Reactivate(AsaConfig config, DateTimeOffset now, RadiusOutputs outputs)
    {
        foreach (var server in _servers.Values.Where(s => s.State == RadiusServerState.Failed).ToList())
        {
            if (ReactivationAt(server, config) is not { } at || at > now) continue;
            // Depletion brings the whole group back at once: every server of it is due at the same time.
            server.State = RadiusServerState.Active;
            server.FailedAttempts = 0;
            server.FailedAt = null;
            outputs.Events.Add(AaaSyslog.MarkedActive("RADIUS", server.Address, server.Group));
        }
        foreach (var group in _depletedAt.Keys.ToList())
            if (!_servers.Values.Any(s => s.Group == group && s.State == RadiusServerState.Failed)) _depletedAt.Remove(group);
    }

    /// <summary>Forgets the servers the config no longer has (none with a request in flight), so renamed groups leave nothing behind.</summary>
    private void Prune(AsaConfig config)
    {
        foreach (var (key, server) in _servers.ToList())
            if (config.Get<AaaServerGroup>(server.Group) is not { IsRadius: true } g || g.Host(server.Address) is null)
                if (!_pending.Values.Any(t => t.Server == server)) _servers.Remove(key);
    }
}
