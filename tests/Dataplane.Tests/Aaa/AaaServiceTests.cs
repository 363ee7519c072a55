using System.Net;
using System.Text;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Keying;
using AsaEmu.Crypto.Radius;
using AsaEmu.Crypto.Tests.Radius;
using AsaEmu.Dataplane.Aaa;
using AsaEmu.Dataplane.Tests.Fakes;

namespace AsaEmu.Dataplane.Tests.Aaa;

/// <summary>
/// The AAA service against in-process RADIUS servers over the fake transport, with a manual clock: what is
/// sent and when, fail-over, FAILED and reactivation, answers that do not check, challenge, the attributes
/// of an accept, accounting, and the LOCAL fallback.
/// </summary>
public sealed class AaaServiceTests : IAsyncDisposable
{
    private static readonly IPEndPoint First = new(IPAddress.Parse("198.18.1.2"), 1812);
    private static readonly IPEndPoint Second = new(IPAddress.Parse("198.18.1.3"), 1812);
    private static readonly IPEndPoint FirstAccounting = new(IPAddress.Parse("198.18.1.2"), 1813);
    private static readonly IPEndPoint SecondAccounting = new(IPAddress.Parse("198.18.1.3"), 1813);

    private const string Head = "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 198.18.1.1 255.255.255.0\n"
        + "username localuser password localpw\n";

    private static string Servers(string groupLines = "", string hostLines = "") =>
        Head + "aaa-server RAD protocol radius\n" + groupLines
        + "aaa-server RAD (inside) host 198.18.1.2\n key radsecret\n authentication-port 1812\n accounting-port 1813\n timeout 4\n retry-interval 2\n" + hostLines
        + "aaa-server RAD (inside) host 198.18.1.3\n key radsecret\n authentication-port 1812\n accounting-port 1813\n timeout 4\n retry-interval 2\n" + hostLines;

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly FakeRadiusTransport _transport = new();
    private readonly WaitingEventSink _events = new();
    private AsaConfig _config = AsaConfig.Empty;
    private AaaService? _service;

    private AaaService Start(string config)
    {
        var load = ConfigLoader.Load(config);
        Assert.Equal(0, load.Errors);
        _config = load.Config;
        return _service = new AaaService(() => _config, _events, SystemRandom.Instance, _clock, _transport, new LocalUserDatabase());
    }

    private static TestRadiusServer Users(string secret = "radsecret") => new(secret)
    {
        Users =
        {
            ["raduser"] = ("radpw", []),
            ["radfixed"] = ("radpw", [RadiusAttribute.Address(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("198.19.0.77"))]),
            ["radgroup"] = ("radpw",
            [
                RadiusAttribute.Text(RadiusAttributeType.Class, "OU=OTHER;"),
                RadiusAttribute.Integer(RadiusAttributeType.SessionTimeout, 3600),
                RadiusAttribute.Integer(RadiusAttributeType.IdleTimeout, 600),
            ]),
        },
    };

    // The answer reaches the loop after the request is seen sent, and a timer tick would go before it: the
    // clock moves on only once the answer has been checked and dropped.
    private Task DroppedAnswer() => _events.WaitForAsync(e => e.Text.StartsWith("rad_vrfy() : ", StringComparison.Ordinal));

    private RadiusServerStatus StatusOf(IPEndPoint server) => _service!.Status.Single(s => s.Address == server.Address.ToString());

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    [Fact]
    public async Task An_accept_gives_the_attributes_the_asa_honours_and_the_request_is_what_the_asa_sends()
    {
        var service = Start(Servers());
        var server = _transport.Serve(First, Users());

        var fixedAddress = await service.AuthenticateAsync(new AaaRequest("RAD", "radfixed", "radpw") { Client = IPAddress.Parse("203.0.113.9"), TunnelGroup = "EZ" });
        var grouped = await service.AuthenticateAsync(new AaaRequest("RAD", "radgroup", "radpw"));

        Assert.Equal(AaaOutcome.Accepted, fixedAddress.Outcome);
        Assert.Equal("198.18.1.2", fixedAddress.Server);
        Assert.Equal(new Ipv4(0xC613004D), fixedAddress.FramedIpAddress);
        Assert.Equal(("OTHER", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)), (grouped.GroupPolicy, grouped.SessionTimeout, grouped.IdleTimeout));
        Assert.Equal("OU=OTHER;", Encoding.UTF8.GetString(Assert.Single(grouped.Classes).Span));

        // The password crossed hidden, the server could read it with the secret, Message-Authenticator came first.
        var seen = server.Requests[0];
        Assert.Equal(("radfixed", "radpw", true), (seen.User, seen.Password, seen.MessageAuthenticatorFirst));
        Assert.Equal("198.18.1.1", seen.Packet.Find(RadiusAttributeType.NasIpAddress)!.Value.AsAddress!.ToString());
        Assert.Equal("203.0.113.9", seen.Packet.Find(RadiusAttributeType.CallingStationId)!.Value.AsText);
        Assert.Equal((3076u, RadiusAttributeType.TunnelGroupName), (seen.Packet.Find(RadiusAttributeType.VendorSpecific)!.Value.AsVendor!.Value.Vendor,
            seen.Packet.Find(RadiusAttributeType.VendorSpecific)!.Value.AsVendor!.Value.Type));
        var sent = await _transport.NextSentAsync();
        Assert.Equal(IPAddress.Parse("198.18.1.1"), sent.Source);
        Assert.DoesNotContain("radpw"u8.ToArray(), Windows(sent.Data.ToArray(), 5));
        Assert.Contains("113004: AAA user authentication Successful : server = 198.18.1.2 : user = radfixed", _events.Syslogs);
        Assert.Equal((2L, 2L), (StatusOf(First).Counters.AuthenticationRequests, StatusOf(First).Counters.Accepts));
    }

    private static IEnumerable<byte[]> Windows(byte[] data, int size) => Enumerable.Range(0, Math.Max(0, data.Length - size + 1)).Select(i => data[i..(i + size)]);

    [Fact]
    public async Task A_wrong_password_is_rejected_with_the_asa_syslog()
    {
        var service = Start(Servers());
        _transport.Serve(First, Users());

        var result = await service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "wrong") { Client = IPAddress.Parse("203.0.113.9") });

        Assert.Equal(AaaOutcome.Rejected, result.Outcome);
        Assert.Equal("Access denied", result.ReplyMessage);
        Assert.Contains("113005: AAA user authentication Rejected : reason = AAA failure : server = 198.18.1.2 : user = raduser : user IP = 203.0.113.9", _events.Syslogs);
        Assert.Equal(1, StatusOf(First).Counters.Rejects);
    }

    [Fact]
    public async Task A_silent_server_gets_the_same_request_every_retry_interval_until_the_timeout_then_the_next_server_is_tried()
    {
        var service = Start(Servers());
        _transport.Serve(Second, Users());

        var result = service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));
        var first = await _transport.NextSentAsync();
        Assert.Equal(First, first.Server);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var again = await _transport.NextSentAsync();
        Assert.Equal(First, again.Server);
        Assert.Equal(first.Data.ToArray(), again.Data.ToArray());
        _clock.Advance(TimeSpan.FromSeconds(2));
        var next = await _transport.NextSentAsync();

        Assert.Equal(Second, next.Server);
        Assert.Equal(AaaOutcome.Accepted, (await result).Outcome);
        Assert.Equal("198.18.1.3", (await result).Server);
        var silent = StatusOf(First);
        Assert.Equal((1L, 1L, 1L, RadiusServerState.Active), (silent.Counters.AuthenticationRequests, silent.Counters.Retransmissions, silent.Counters.Timeouts, silent.State));
    }

    [Theory]
    [InlineData(" reactivation-mode depletion deadtime 1\n", 60)]
    [InlineData(" reactivation-mode timed\n", 30)]
    public async Task A_server_is_marked_failed_after_max_failed_attempts_and_reactivated_as_configured(string reactivation, int seconds)
    {
        var service = Start(Head + "aaa-server RAD protocol radius\n max-failed-attempts 2\n" + reactivation
            + "aaa-server RAD (inside) host 198.18.1.2\n key radsecret\n authentication-port 1812\n timeout 1\n retry-interval 1\n");

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var pending = service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));
            await _transport.NextSentAsync();
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(AaaOutcome.NotResponding, (await pending).Outcome);
        }
        Assert.Equal(RadiusServerState.Failed, StatusOf(First).State);
        Assert.Contains("113022: AAA Marking RADIUS server 198.18.1.2 in aaa-server group RAD as FAILED", _events.Syslogs);
        Assert.Contains("113005: AAA user authentication Rejected : reason = Unspecified : server = 198.18.1.2 : user = raduser", _events.Syslogs);

        var refused = await service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));
        Assert.Equal(AaaOutcome.ServerFailed, refused.Outcome);
        Assert.False(_transport.HasUnread);
        var fallback = await service.AuthenticateAsync(new AaaRequest("RAD", "localuser", "localpw") { LocalFallback = true });
        Assert.Equal((AaaOutcome.Accepted, true), (fallback.Outcome, fallback.Local));

        _clock.Advance(TimeSpan.FromSeconds(seconds - 1));
        Assert.Equal(RadiusServerState.Failed, StatusOf(First).State);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _events.WaitForAsync(e => e.Text == "AAA Marking RADIUS server 198.18.1.2 in aaa-server group RAD as ACTIVE");
        _transport.Serve(First, Users());
        Assert.Equal(AaaOutcome.Accepted, (await service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"))).Outcome);
    }

    [Fact]
    public async Task Answers_signed_with_another_secret_are_dropped_and_counted_and_the_server_does_not_respond()
    {
        var service = Start(Servers());
        var server = _transport.Serve(First, new TestRadiusServer("radsecret") { SignWith = "othersecret", Users = { ["raduser"] = ("radpw", []) } });

        var pending = service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));
        await _transport.NextSentAsync();
        await DroppedAnswer();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _transport.NextSentAsync();
        await DroppedAnswer();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _transport.NextSentAsync(); // the second server, silent
        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(AaaOutcome.NotResponding, (await pending).Outcome);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal((2L, 0L, 0L), (StatusOf(First).Counters.BadAuthenticators, StatusOf(First).Counters.Accepts, StatusOf(First).Counters.MissingMessageAuthenticators));
        Assert.Contains(_events.Events, e => e.Text.Contains("rad_vrfy() : bad response authenticator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, false, 1)]
    [InlineData(false, true, 0)]
    public async Task An_answer_without_a_message_authenticator_or_with_a_wrong_one_is_dropped_and_counted(bool omit, bool corrupt, long missing)
    {
        var service = Start(Servers());
        _transport.Serve(First, new TestRadiusServer("radsecret") { OmitMessageAuthenticator = omit, CorruptMessageAuthenticator = corrupt, Users = { ["raduser"] = ("radpw", []) } });

        var pending = service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));
        await _transport.NextSentAsync();
        await DroppedAnswer();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _transport.NextSentAsync(); // the retransmission, answered the same way
        await DroppedAnswer();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _transport.NextSentAsync(); // the second server, silent
        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(AaaOutcome.NotResponding, (await pending).Outcome);
        Assert.Equal((2L, 2 * missing, 0L), (StatusOf(First).Counters.BadAuthenticators, StatusOf(First).Counters.MissingMessageAuthenticators, StatusOf(First).Counters.Accepts));
    }

    [Fact]
    public async Task A_challenge_is_surfaced_as_the_next_prompt_and_its_state_goes_back_with_the_answer()
    {
        var service = Start(Servers());
        _transport.Serve(First, new TestRadiusServer("radsecret")
        {
            Decide = seen => seen.Packet.Find(RadiusAttributeType.State) is { } state
                ? Encoding.ASCII.GetString(state.Value.Span) == "round-2" && seen.Password == "123456"
                    ? (RadiusCode.AccessAccept, [])
                    : (RadiusCode.AccessReject, [])
                : (RadiusCode.AccessChallenge, [RadiusAttribute.Text(RadiusAttributeType.ReplyMessage, "Enter your one-time password"),
                    new RadiusAttribute(RadiusAttributeType.State, "round-2"u8.ToArray())]),
        });

        var challenge = await service.AuthenticateAsync(new AaaRequest("RAD", "otpuser", "pin"));
        Assert.Equal(AaaOutcome.Challenged, challenge.Outcome);
        Assert.Equal("Enter your one-time password", challenge.ReplyMessage);
        Assert.Contains("113010: AAA challenge received for user otpuser from server 198.18.1.2", _events.Syslogs);

        var answer = await service.AuthenticateAsync(new AaaRequest("RAD", "otpuser", "123456") { State = challenge.State });
        Assert.Equal(AaaOutcome.Accepted, answer.Outcome);
        Assert.Equal(1, StatusOf(First).Counters.Challenges);
    }

    [Fact]
    public async Task Accounting_start_and_stop_carry_the_session_and_are_acknowledged()
    {
        var service = Start(Servers());
        var server = _transport.Serve(FirstAccounting, new TestRadiusServer("radsecret"));
        var classes = new ReadOnlyMemory<byte>[] { "OU=OTHER;"u8.ToArray() };
        var start = new AccountingRecord("RAD", AccountingStatus.Start, "raduser", "C0A80001")
        {
            Client = IPAddress.Parse("203.0.113.9"), AssignedAddress = IPAddress.Parse("198.19.0.77"), TunnelGroup = "EZ", Classes = classes,
        };

        Assert.True(await service.AccountAsync(start));
        Assert.True(await service.AccountAsync(start with
        {
            Status = AccountingStatus.Stop, Duration = TimeSpan.FromSeconds(95), InputOctets = 1234, OutputOctets = 5678, Cause = TerminateCause.IdleTimeout,
        }));

        Assert.Equal(2, server.Requests.Count);
        var (first, last) = (server.Requests[0].Packet, server.Requests[1].Packet);
        Assert.Equal((1u, 2u), (first.Find(RadiusAttributeType.AcctStatusType)!.Value.AsInteger!.Value, last.Find(RadiusAttributeType.AcctStatusType)!.Value.AsInteger!.Value));
        Assert.All(server.Requests, r => Assert.Equal("C0A80001", r.Packet.Find(RadiusAttributeType.AcctSessionId)!.Value.AsText));
        Assert.Equal("OU=OTHER;", first.Find(RadiusAttributeType.Class)!.Value.AsText);
        Assert.Equal("198.19.0.77", first.Find(RadiusAttributeType.FramedIpAddress)!.Value.AsAddress!.ToString());
        Assert.Equal((95u, 1234u, 5678u, 4u), (last.Find(RadiusAttributeType.AcctSessionTime)!.Value.AsInteger!.Value, last.Find(RadiusAttributeType.AcctInputOctets)!.Value.AsInteger!.Value,
            last.Find(RadiusAttributeType.AcctOutputOctets)!.Value.AsInteger!.Value, last.Find(RadiusAttributeType.AcctTerminateCause)!.Value.AsInteger!.Value));
        Assert.Equal((2L, 2L), (StatusOf(First).Counters.AccountingRequests, StatusOf(First).Counters.AccountingResponses));
    }

    [Fact]
    public async Task Simultaneous_accounting_goes_to_every_server()
    {
        var service = Start(Servers(groupLines: " accounting-mode simultaneous\n"));
        var first = _transport.Serve(FirstAccounting, new TestRadiusServer("radsecret"));
        var second = _transport.Serve(SecondAccounting, new TestRadiusServer("radsecret"));

        Assert.True(await service.AccountAsync(new AccountingRecord("RAD", AccountingStatus.Start, "raduser", "1")));

        Assert.Equal((1, 1), (first.Requests.Count, second.Requests.Count));
    }

    [Fact]
    public async Task An_answer_nobody_waits_for_is_counted_as_unrecognized_and_a_bad_datagram_as_malformed()
    {
        var service = Start(Servers());
        var server = Users();
        _transport.Deliver(First, server.Build(RadiusCode.AccessAccept, 9, new byte[16], []));
        _transport.Deliver(First, [1, 2, 3]);
        // A request after them: its result says the loop went past both.
        _transport.Serve(First, server);
        await service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw"));

        Assert.Equal((1L, 1L), (StatusOf(First).Counters.UnrecognizedResponses, StatusOf(First).Counters.MalformedResponses));
    }

    [Theory]
    [InlineData("NONE", null, AaaOutcome.Error, "aaa-server group NONE does not exist")]
    [InlineData("RAD", "10.9.9.9", AaaOutcome.Error, "Server 10.9.9.9 is not a member of server group RAD")]
    public async Task A_request_that_cannot_be_made_says_why(string group, string? host, AaaOutcome outcome, string reason)
    {
        var service = Start(Servers());

        var result = await service.AuthenticateAsync(new AaaRequest(group, "raduser", "radpw") { Host = host });

        Assert.Equal((outcome, reason), (result.Outcome, result.Reason));
    }

    [Fact]
    public async Task A_test_to_one_server_goes_to_that_server_only()
    {
        var service = Start(Servers());
        _transport.Serve(Second, Users());

        var result = await service.AuthenticateAsync(new AaaRequest("RAD", "raduser", "radpw") { Host = "198.18.1.3" });

        Assert.Equal((AaaOutcome.Accepted, "198.18.1.3"), (result.Outcome, result.Server));
        Assert.Equal(Second, (await _transport.NextSentAsync()).Server);
    }

    [Fact]
    public async Task Work_handed_over_comes_back_with_its_ticket_as_the_ike_loop_will_take_it()
    {
        var service = Start(Servers());
        _transport.Serve(First, Users());
        var done = new TaskCompletionSource<(AaaWork, AaaResult)>();

        service.Dispatch(new AaaWork(42, new AaaRequest("RAD", "radfixed", "radpw")), (work, result) => done.SetResult((work, result)));

        var (work, result) = await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((42L, AaaOutcome.Accepted), (work.Ticket, result.Outcome));
        Assert.Equal(new Ipv4(0xC613004D), result.FramedIpAddress);
    }

    [Fact]
    public async Task Local_goes_to_the_local_user_database_with_its_syslogs()
    {
        var service = Start(Servers());

        var accepted = await service.AuthenticateAsync(new AaaRequest("LOCAL", "localuser", "localpw"));
        var refused = await service.AuthenticateAsync(new AaaRequest("LOCAL", "localuser", "wrong"));

        Assert.Equal((AaaOutcome.Accepted, AaaOutcome.Rejected), (accepted.Outcome, refused.Outcome));
        Assert.Contains("113012: AAA user authentication Successful : local database : user = localuser", _events.Syslogs);
        Assert.Equal((2L, 1L, 1L), (service.Local.Requests, service.Local.Accepts, service.Local.Rejects));
        Assert.False(_transport.HasUnread);
    }
}
