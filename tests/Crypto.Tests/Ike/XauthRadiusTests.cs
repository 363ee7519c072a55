using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Radius;
using AsaEmu.Crypto.Tests.Radius;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// XAUTH through a RADIUS server group, two engines back to back: the headend hands the credentials
/// to the AAA service (here our RADIUS client against an in-process server, <see cref="RadiusBackend"/>)
/// and goes on with its answer: the Framed-IP-Address as the client's address, the Class policy's
/// attributes, Session-Timeout, a challenge as the next prompt, failures as a wrong password, and the
/// accounting of the session.
/// </summary>
public class XauthRadiusTests
{
    private static readonly IPEndPoint Radius = new(IPAddress.Parse("198.18.1.2"), 1812);

    private const string Servers = """
        access-list other standard permit 10.77.0.0 255.255.0.0
        aaa-server RAD protocol radius
        aaa-server RAD (inside) host 198.18.1.2
         key radsecret
         authentication-port 1812
         accounting-port 1813
         timeout 2
         retry-interval 1
        group-policy OTHER internal
        group-policy OTHER attributes
         vpn-tunnel-protocol ikev1
         split-tunnel-policy tunnelspecified
         split-tunnel-network-list value other
        tunnel-group EZ general-attributes
         authentication-server-group RAD
         accounting-server-group RAD

        """;

    private static TestRadiusServer Users(string secret = "radsecret") => new(secret)
    {
        Users =
        {
            ["raduser"] = ("radpw", []),
            ["radfixed"] = ("radpw", [RadiusAttribute.Address(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("198.19.0.77"))]),
            ["radgroup"] = ("radpw", [RadiusAttribute.Text(RadiusAttributeType.Class, "OU=OTHER;")]),
            ["radshort"] = ("radpw", [RadiusAttribute.Integer(RadiusAttributeType.SessionTimeout, 120)]),
        },
    };

    private static (EnginePair Pair, RadiusBackend Backend, TestRadiusServer Server) Start(string user, string password = "radpw",
        string extra = "", TestRadiusServer? server = null)
    {
        var pair = new EnginePair(Servers + extra,
            new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", user, password));
        var backend = new RadiusBackend(() => pair.Headend.Config);
        var radius = backend.Serve(Radius, server ?? Users());
        pair.Headend.Aaa = backend.Answer;
        return (pair, backend, radius);
    }

    private static IEnumerable<string> Texts(EnginePair.Side side) => side.Events.Select(e => e.Text);

    [Fact]
    public void A_user_the_server_accepts_with_a_framed_address_gets_that_address_and_its_session_is_accounted()
    {
        var (pair, _, server) = Start("radfixed");

        pair.Connect();

        Assert.True(pair.Client.Sa.Established);
        Assert.Equal(Ipv4.Parse("198.19.0.77"), pair.Client.Sa.AssignedAddress);
        Assert.Equal(Ipv4.Parse("198.19.0.77"), Assert.Single(pair.Headend.Installed).RemoteAddress);
        Assert.Null(pair.Headend.Sa.AddressPool); // no pool address was taken
        Assert.Equal("radfixed", pair.Headend.Sa.Username);
        Assert.True(pair.Headend.Sa.Authorization!.FromServer);
        Assert.Contains("Authenticating user (radfixed) through AAA server group (RAD)", Texts(pair.Headend));
        var request = Assert.Single(server.Requests, r => r.Code == RadiusCode.AccessRequest);
        Assert.Equal(("radfixed", "radpw"), (request.User, request.Password));
        Assert.True(request.MessageAuthenticatorFirst);

        var start = Assert.Single(pair.Headend.Accounting);
        Assert.Equal((AccountingStatus.Start, "RAD", "radfixed"), (start.Status, start.ServerGroup, start.User));
        Assert.Equal("198.19.0.77", start.AssignedAddress!.ToString());

        pair.At(EnginePair.Start.AddMinutes(5)).Do(pair.Headend, (e, c, n) => e.Clear(c, n, _ => true));

        var stop = pair.Headend.Accounting[1];
        Assert.Equal((AccountingStatus.Stop, start.SessionId, TerminateCause.AdminReset), (stop.Status, stop.SessionId, stop.Cause));
        Assert.Equal(TimeSpan.FromMinutes(5), stop.Duration);
    }

    [Fact]
    public void A_class_naming_another_group_policy_gives_that_policys_split_list()
    {
        var (pair, _, _) = Start("radgroup");

        pair.Connect();

        Assert.True(pair.Client.Sa.Established);
        Assert.Equal([(Ipv4.Parse("10.77.0.0"), Ipv4.Parse("255.255.0.0"))], pair.Client.Sa.Configuration!.SplitInclude);
        Assert.Equal("OTHER", pair.Headend.Sa.Authorization!.GroupPolicy);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 113009 && e.Text == "AAA retrieved user specific group policy (OTHER) for user = radgroup");
        // The Class goes back to the server in the accounting (RFC 2865 §5.25).
        Assert.Equal("OU=OTHER;", System.Text.Encoding.UTF8.GetString(Assert.Single(Assert.Single(pair.Headend.Accounting).Classes).Span));
    }

    [Fact]
    public void A_wrong_password_is_asked_for_three_times_then_both_ends_let_go()
    {
        var (pair, _, server) = Start("raduser", "wrong");

        pair.Connect();

        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Equal(3, server.Requests.Count(r => r.Code == RadiusCode.AccessRequest));
        Assert.Equal(3, pair.Headend.Events.Count(e => e.Syslog?.Id == 713167));
        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Headend.Accounting);
    }

    [Fact]
    public void A_server_with_another_shared_secret_never_answers_and_the_login_fails_as_a_wrong_password()
    {
        var (pair, backend, server) = Start("raduser", server: Users("othersecret"));

        pair.Connect();

        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Empty(server.Requests); // the server dropped each request: its Message-Authenticator did not check
        Assert.True(backend.Sent.Count >= 3 * 2); // each try sent and resent
        Assert.Equal(3, Texts(pair.Headend).Count(t => t == "AAA server group (RAD) did not answer; user authentication failed"));
        Assert.Equal(3, pair.Headend.Events.Count(e => e.Syslog?.Id == 713167));
    }

    [Fact]
    public void An_unreachable_server_fails_the_login_and_with_local_fallback_the_request_says_so()
    {
        var pair = new EnginePair(Servers.Replace("authentication-server-group RAD", "authentication-server-group RAD LOCAL", StringComparison.Ordinal),
            new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "cisco"));
        var requests = new List<AaaRequest>();
        // What the AAA service answers when no server of the group answered and the local database accepted the user.
        pair.Headend.Aaa = work =>
        {
            requests.Add(work.Request);
            return new AaaResult(AaaOutcome.Accepted) { Local = true };
        };

        pair.Connect();

        Assert.True(pair.Headend.Sa.Established);
        Assert.True(Assert.Single(requests).LocalFallback);
        Assert.Equal("EZ", requests[0].TunnelGroup);
        Assert.Equal(EnginePair.Client500.Address, requests[0].Client);
        Assert.False(pair.Headend.Sa.Authorization!.FromServer);

        var unreachable = Start("raduser").Pair;
        var backend = new RadiusBackend(() => unreachable.Headend.Config); // nothing serves 198.18.1.2
        unreachable.Headend.Aaa = backend.Answer;
        unreachable.Connect();
        Assert.Empty(unreachable.Headend.Engine.Sas);
        Assert.Equal(3, unreachable.Headend.Events.Count(e => e.Syslog?.Id == 713167));
    }

    [Fact]
    public void An_access_challenge_becomes_the_next_xauth_prompt_and_the_answer_carries_the_state_back()
    {
        var server = Users();
        server.Decide = seen => seen.Packet.Find(RadiusAttributeType.State) is null
            ? (RadiusCode.AccessChallenge, [RadiusAttribute.Text(RadiusAttributeType.ReplyMessage, "Enter the next token"), RadiusAttribute.Text(RadiusAttributeType.State, "s-1")])
            : (RadiusCode.AccessAccept, []);
        var (pair, _, radius) = Start("raduser", server: server);

        pair.Connect();

        Assert.True(pair.Client.Sa.Established);
        Assert.Contains("XAUTH message from the headend: Enter the next token", Texts(pair.Client));
        Assert.Contains("AAA server group (RAD) challenged the user: sending the next XAUTH request", Texts(pair.Headend));
        Assert.Equal(2, radius.Requests.Count(r => r.Code == RadiusCode.AccessRequest));
        Assert.Equal("s-1", radius.Requests.Last(r => r.Code == RadiusCode.AccessRequest).Packet.Find(RadiusAttributeType.State)!.Value.AsText);
        Assert.DoesNotContain(pair.Headend.Events, e => e.Syslog?.Id == 713167); // a challenge is not a failed try
    }

    [Fact]
    public void A_session_timeout_from_the_server_ends_the_session_and_its_stop_says_why()
    {
        var (pair, _, _) = Start("radshort");
        pair.Connect();

        pair.At(EnginePair.Start.AddSeconds(119));
        Assert.Single(pair.Headend.Engine.Sas);
        pair.At(EnginePair.Start.AddSeconds(120));

        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713259 && e.Text == "Session is being torn down. Reason: Max time exceeded");
        Assert.Equal(TerminateCause.SessionTimeout, pair.Headend.Accounting.Last().Cause);
    }

    [Fact]
    public void While_the_server_decides_the_xauth_waits_and_an_answer_for_a_session_gone_is_dropped()
    {
        var pair = new EnginePair(Servers, new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "raduser", "radpw")).Connect();

        var work = Assert.Single(pair.Headend.PendingAaa);
        Assert.Equal(IkeSaState.AmTmWaitXauth, pair.Headend.Sa.State);
        pair.At(EnginePair.Start + IkeEngine.NegotiationTimeout); // the negotiation times out first
        Assert.Empty(pair.Headend.Engine.Sas);

        var late = pair.Headend.Engine.AaaCompleted(work, new AaaResult(AaaOutcome.Accepted), pair.Headend.Config, pair.Now);
        Assert.Empty(late.Datagrams);
    }
}
