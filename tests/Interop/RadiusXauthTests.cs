using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// vpnc users authenticated through XAUTH by a real FreeRADIUS (the kit's <c>radius/up.sh</c> in netns lan,
/// every request required to carry a Message-Authenticator), against the real asaemu:
/// <c>authentication-server-group</c> on the tunnel-group, the Access-Accept's Framed-IP-Address as the
/// client's address (not without <c>vpn-addr-assign aaa</c>), its Class <c>OU=</c> selecting another group
/// policy's split list, its Session-Timeout and Idle-Timeout ending the session, accounting Start and Stop, a
/// wrong password, an unreachable server with and without LOCAL fallback, fail-over to the group's next
/// host, and a wrong shared secret.
/// </summary>
[Collection(nameof(VpncTests))]
public sealed class RadiusXauthTests(RadiusXauthTests.Hub hub) : IClassFixture<RadiusXauthTests.Hub>
{
    /// <summary>
    /// The kit's headend with tunnel-group EZ authenticating through RAD (the real server), and four
    /// more groups: FALLBACK and NOFALL through DOWN (an address nobody has), with and without LOCAL,
    /// WRONGKEY through BADKEY (the real server with a key it does not share), FAILOVER through a group
    /// whose first host nobody has and whose second is the real server.
    /// </summary>
    private static string Config => HubSession.KitConfig + RadiusHub.Servers + """

        access-list other standard permit host 198.18.1.2
        group-policy OTHER internal
        group-policy OTHER attributes
         vpn-tunnel-protocol ikev1
         split-tunnel-policy tunnelspecified
         split-tunnel-network-list value other
        tunnel-group EZ general-attributes
         authentication-server-group RAD
         accounting-server-group RAD
        tunnel-group FALLBACK type remote-access
        tunnel-group FALLBACK general-attributes
         address-pool POOL
         default-group-policy EZ
         authentication-server-group DOWN LOCAL
        tunnel-group FALLBACK ipsec-attributes
         pre-shared-key cisco
        tunnel-group NOFALL type remote-access
        tunnel-group NOFALL general-attributes
         address-pool POOL
         default-group-policy EZ
         authentication-server-group DOWN
        tunnel-group NOFALL ipsec-attributes
         pre-shared-key cisco
        tunnel-group WRONGKEY type remote-access
        tunnel-group WRONGKEY general-attributes
         address-pool POOL
         default-group-policy EZ
         authentication-server-group BADKEY
        tunnel-group WRONGKEY ipsec-attributes
         pre-shared-key cisco
        aaa-server FAILOVER protocol radius
        aaa-server FAILOVER (inside) host 198.18.1.9
         key radsecret
         authentication-port 1812
         timeout 1
         retry-interval 1
        aaa-server FAILOVER (inside) host 198.18.1.2
         key radsecret
         authentication-port 1812
         timeout 3
         retry-interval 1
        tunnel-group FAILOVER type remote-access
        tunnel-group FAILOVER general-attributes
         address-pool POOL
         default-group-policy EZ
         authentication-server-group FAILOVER
        tunnel-group FAILOVER ipsec-attributes
         pre-shared-key cisco
        """;

    /// <summary>The headend (debug crypto 1 for the XAUTH lines naming the server group) and FreeRADIUS for the class.</summary>
    public sealed class Hub() : RadiusHub(Config, debug: 1);

    private HubSession Headend => hub.Session!;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>Logs in, waits until vpnc's script ran with reason=connect, runs <paramref name="check"/>, then disconnects (also when it failed).</summary>
    private void Connected(string group, string user, string password, Action<string> check)
    {
        var output = new StringBuilder();
        var phase2 = $"Group = {group}, Username = {user}, IP = 198.18.0.2, PHASE 2 COMPLETED";
        var before = Probe.Count(Headend.HubLog, phase2);
        using var vpnc = Headend.Login(group, user, password, output: output);
        try
        {
            Assert.True(VpncLogin.Connected(Headend, vpnc), $"vpnc did not connect as {user}\n--- vpnc ---\n{output}\n--- hub ---\n{Headend.HubLog}");
            check(Headend.ScriptEnvironment);
            // vpnc runs its script before Quick Mode: the tunnel carries traffic once phase 2 is complete.
            Assert.True(Probe.WaitFor(() => Probe.Count(Headend.HubLog, phase2) > before, Wait), Headend.HubLog);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{Headend.HubLog}");
        }
        finally
        {
            HubSession.StopVpnc(vpnc);
        }
        Assert.True(Probe.WaitFor(() => Probe.Count(Headend.HubLog, $"Username = {user}, IP = 198.18.0.2, Session is being torn down") > 0, Wait), Headend.HubLog);
    }

    /// <summary>Logs in and waits for vpnc to give up (the headend refused it); its output.</summary>
    private string Refused(string group, string user, string password)
    {
        var output = new StringBuilder();
        using var vpnc = Headend.Login(group, user, password, output: output);
        try
        {
            Assert.True(vpnc.WaitForExit(30_000), $"vpnc still runs as {user}\n--- vpnc ---\n{output}\n--- hub ---\n{Headend.HubLog}");
        }
        finally
        {
            HubSession.StopVpnc(vpnc);
        }
        Assert.DoesNotContain("\nreason=connect\n", Headend.ScriptEnvironment);
        Assert.NotEqual(0, vpnc.ExitCode);
        return output.ToString();
    }

    [RadiusFact]
    public void A_user_freeradius_accepts_gets_a_pool_address_and_is_accounted_and_freeradius_checked_the_message_authenticator()
    {
        Connected("EZ", "raduser", "radpw", env => Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.10", env));

        var log = Headend.HubLog;
        Assert.Contains("%ASA-6-113004: AAA user authentication Successful : server = 198.18.1.2 : user = raduser", log);
        Assert.Contains("%ASA-6-713228: Group = EZ, Username = raduser, IP = 198.18.0.2, Assigned private IP address 198.19.0.10 to remote user", log);
        // FreeRADIUS: the request came from the inside address with its Message-Authenticator (required by the
        // client entry: it would have dropped the request without one), the password unhidden with the shared secret.
        Assert.True(Probe.WaitFor(() => hub.RadiusLog.Contains("Acct-Status-Type = Stop"), Wait), hub.RadiusLog);
        var radius = hub.RadiusLog;
        var request = radius[radius.IndexOf("User-Name = \"raduser\"", StringComparison.Ordinal)..];
        Assert.Contains("Message-Authenticator = 0x", radius);
        Assert.Contains("from 198.18.1.1:", radius);
        Assert.Contains("User-Password = \"radpw\"", request);
        Assert.Contains("Sent Access-Accept", request);
        Assert.DoesNotContain("invalid Message-Authenticator", request[..request.IndexOf("Sent Access-Accept", StringComparison.Ordinal)]);
        // Accounting: a Start and a Stop for the session, with its address.
        Assert.Contains("Acct-Status-Type = Start", request);
        Assert.Contains("Framed-IP-Address = 198.19.0.10", request);
    }

    [RadiusFact]
    public void A_framed_ip_address_is_the_clients_address_and_a_class_selects_another_group_policys_split_list()
    {
        Connected("EZ", "radfixed", "radpw", env =>
        {
            Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.77", env);
            Assert.Contains("CISCO_SPLIT_INC_0_ADDR=198.18.1.0", env);
        });
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("%ASA-6-713228: Group = EZ, Username = radfixed, IP = 198.18.0.2, Assigned private IP address 198.19.0.77 to remote user"), Wait), Headend.HubLog);

        Connected("EZ", "radgroup", "radpw", env =>
        {
            Assert.Contains("CISCO_SPLIT_INC_0_ADDR=198.18.1.2", env);
            Assert.Contains("CISCO_SPLIT_INC_0_MASK=255.255.255.255", env);
            Assert.DoesNotContain("CISCO_SPLIT_INC_1", env);
        });
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("AAA retrieved user specific group policy (OTHER) for user = radgroup"), Wait), Headend.HubLog);
    }

    /// <summary>
    /// radshort's session ends 8 seconds after it began (Session-Timeout), radidle's 8 seconds after its last
    /// packet (Idle-Timeout); neither sends anything. Both at once, radidle from a second address of netns cli.
    /// </summary>
    [RadiusFact]
    public void The_session_timeout_and_idle_timeout_freeradius_sends_end_the_session_and_its_accounting_says_why()
    {
        using var address = new VpncLogin.SecondAddress();
        var (shortOutput, idleOutput) = (new StringBuilder(), new StringBuilder());
        Process? brief = null, idle = null;
        try
        {
            // The second starts once the first has its port (UDP 500 on any address): bound first, its own address would take it.
            brief = Headend.Login("EZ", "radshort", "radpw", output: shortOutput);
            Assert.True(VpncLogin.Connected(Headend, brief), $"vpnc did not connect as radshort\n--- vpnc ---\n{shortOutput}\n--- hub ---\n{Headend.HubLog}");
            idle = Headend.LoginSecond("EZ", "radidle", "radpw", out var second, output: idleOutput);
            Assert.True(VpncLogin.Connected(Headend, idle, second), $"vpnc did not connect as radidle\n--- vpnc ---\n{idleOutput}\n--- hub ---\n{Headend.HubLog}");
            Ended("radshort", "198.18.0.2", "Max time exceeded", "Session-Timeout");
            Ended("radidle", VpncLogin.SecondAddress.Address, "Idle Timeout", "Idle-Timeout");
        }
        finally
        {
            // Their sessions are gone at the headend: each vpnc answered the DELETE of its IPsec SA with a new Quick
            // Mode, which it retransmits deaf to SIGTERM until it gives up (30 s); nothing is left for it to delete.
            foreach (var vpnc in new[] { brief, idle }.OfType<Process>())
            {
                HubSession.StopVpnc(vpnc, TimeSpan.FromSeconds(1));
                vpnc.Dispose();
            }
        }
    }

    /// <summary>Waits for the headend to end <paramref name="user"/>'s session from <paramref name="peer"/> for <paramref name="reason"/>, and for its accounting Stop.</summary>
    private void Ended(string user, string peer, string reason, string terminateCause)
    {
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains($"Username = {user}, IP = {peer}, Session is being torn down. Reason: {reason}"),
            TimeSpan.FromSeconds(30)), Headend.HubLog);
        Assert.True(Probe.WaitFor(() => hub.RadiusLog.Contains($"Acct-Terminate-Cause = {terminateCause}"), Wait), hub.RadiusLog);
        Assert.DoesNotContain($"Username     : {user}", Headend.Show("show vpn-sessiondb ra-ikev1-ipsec"));
    }

    /// <summary>
    /// strongSwan as the client (vpnc, non-interactive, cannot answer a second prompt): FreeRADIUS challenges
    /// radotp after its password, the headend asks again with the server's Reply-Message as XAUTH_MESSAGE,
    /// and the answer goes back with the challenge's State; the server then accepts.
    /// </summary>
    [RadiusFact]
    public void An_access_challenge_is_the_next_xauth_prompt_and_its_answer_goes_back_with_the_state()
    {
        try
        {
            StrongSwanClientTests.Connect(Headend, conf => conf.Replace("xauth_id = cisco", "xauth_id = radotp", StringComparison.Ordinal)
                .Replace("    id = cisco\n    secret = cisco", "    id = radotp\n    secret = radpw", StringComparison.Ordinal), "secret = radpw");
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{Headend.HubLog}");
        }
        finally
        {
            Headend.Run("cli-strongswan/down.sh", "");
        }
        var radius = hub.RadiusLog[hub.RadiusLog.IndexOf("User-Name = \"radotp\"", StringComparison.Ordinal)..];
        // The answer to the challenge: the second Access-Request, up to the server's Accept. (From "Sent
        // Access-Challenge" on, the challenge's own State would match.)
        var challenge = radius.IndexOf("Sent Access-Challenge", StringComparison.Ordinal);
        Assert.True(challenge >= 0, radius);
        var second = radius.IndexOf("Received Access-Request", challenge, StringComparison.Ordinal);
        Assert.True(second >= 0, radius);
        var accept = radius.IndexOf("Sent Access-Accept", second, StringComparison.Ordinal);
        Assert.True(accept >= 0, radius);
        Assert.Contains("State = 0x6f7470", radius[second..accept]);
        Assert.Contains("%ASA-6-113004: AAA user authentication Successful : server = 198.18.1.2 : user = radotp", Headend.HubLog);
        Assert.Contains("XAuth message: Enter your one-time password", File.ReadAllText(Path.Combine(Headend.State, "cli-ss", "charon.log")));
    }

    [RadiusFact]
    public void A_wrong_password_is_rejected_by_freeradius_and_vpnc_gives_up()
    {
        var output = Refused("EZ", "raduser", "wrong");

        Assert.True(Probe.WaitFor(() => hub.RadiusLog.Contains("Sent Access-Reject"), Wait), hub.RadiusLog);
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 198.18.1.2 : user = raduser"), Wait), Headend.HubLog);
        // The headend asks again (the ASA gives three tries); vpnc, non-interactive, has no other password.
        Assert.True(output.Contains("noninteractive can't reuse password", StringComparison.Ordinal), output);
    }

    [RadiusFact]
    public void An_unreachable_server_falls_back_to_local_users_where_configured_and_fails_the_login_elsewhere()
    {
        Refused("NOFALL", "cisco", "cisco");
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("AAA server group (DOWN) did not answer; user authentication failed"), Wait), Headend.HubLog);

        Connected("FALLBACK", "cisco", "cisco", env => Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.", env));
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("Group = FALLBACK, Username = cisco, IP = 198.18.0.2, PHASE 1 COMPLETED"), Wait), Headend.HubLog);
        Assert.Contains("%ASA-6-113012: AAA user authentication Successful : local database : user = cisco", Headend.HubLog);
        Assert.Matches(@"Number of timeouts\t\t\t[2-9]", Headend.Show("show aaa-server DOWN"));
    }

    [RadiusFact]
    public void Without_vpn_addr_assign_aaa_the_framed_ip_address_gives_way_to_the_pool()
    {
        Headend.Show("configure terminal", "no vpn-addr-assign aaa", "end");
        try
        {
            Connected("EZ", "radfixed", "radpw", env =>
            {
                Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.", env);
                Assert.DoesNotContain("INTERNAL_IP4_ADDRESS=198.19.0.77", env);
            });
        }
        finally
        {
            Headend.Show("configure terminal", "vpn-addr-assign aaa", "end");
        }
    }

    [RadiusFact]
    public void A_server_that_does_not_answer_fails_over_to_the_next_host_of_the_group()
    {
        Connected("FAILOVER", "raduser", "radpw", env => Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.", env));

        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("Group = FAILOVER, Username = raduser, IP = 198.18.0.2, PHASE 1 COMPLETED"), Wait), Headend.HubLog);
        var show = Headend.Show("show aaa-server FAILOVER");
        // The groups' servers in order: the first timed out, the second accepted.
        var (down, up) = (show.IndexOf("Server Address:\t 198.18.1.9", StringComparison.Ordinal), show.IndexOf("Server Address:\t 198.18.1.2", StringComparison.Ordinal));
        Assert.True(down >= 0 && up > down, show);
        Assert.Matches(@"Number of timeouts\t\t\t[1-9]", show[down..up]);
        Assert.Contains("Number of accepts\t\t\t1", show[up..]);
    }

    [RadiusFact]
    public void A_wrong_shared_secret_is_refused_by_freeradius_and_the_login_fails_with_the_timeouts_counted()
    {
        Refused("WRONGKEY", "raduser", "radpw");

        Assert.True(Probe.WaitFor(() => hub.RadiusLog.Contains("invalid Message-Authenticator!  (Shared secret is incorrect.)"), Wait), hub.RadiusLog);
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("AAA server group (BADKEY) did not answer; user authentication failed"), Wait), Headend.HubLog);
        var show = Headend.Show("show aaa-server BADKEY");
        Assert.Matches(@"Number of timeouts\t\t\t[1-9]", show);
        Assert.Matches(@"Number of retransmissions\t\t[1-9]", show);
        Assert.Contains("Number of accepts\t\t\t0", show);
    }
}
