using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// The group policy enforced on real vpnc clients (local users, one headend for the class):
/// <c>group-lock</c>, <c>vpn-simultaneous-logins 0</c> and <c>vpn-access-hours</c> outside its time-range refuse
/// the user (a wrong password too, with 113015); the group policy's <c>address-pools</c> give the address; at
/// <c>vpn-simultaneous-logins 1</c> a second client (a second address in netns cli) ends the first;
/// <c>split-tunnel-policy excludespecified</c> sends the exclude list (vpnc parses it and knows no use for
/// it), <c>vpn-filter</c> drops what its ACL denies and <c>show asp drop</c> counts it; <c>ipsec-udp</c> gives vpnc
/// <c>--natt-mode cisco-udp</c> its port and carries its ESP there (tcpdump in netns cli sees it both ways).
/// A local user's <c>vpn-session-timeout</c> and <c>vpn-idle-timeout</c> (a minute at least on an ASA) are the
/// engine's tests (<c>IkeTimerTests</c>, with a clock the test moves: the session ends, the client is told); real
/// vpnc sessions end by the same timeouts in seconds when FreeRADIUS sends them (<see cref="RadiusXauthTests"/>).
/// </summary>
[Collection(nameof(VpncTests))]
public sealed class GroupPolicyVpncTests(GroupPolicyVpncTests.Hub hub) : IClassFixture<GroupPolicyVpncTests.Hub>
{
    private static string Config => HubSession.KitConfig + """

        logging enable
        logging buffered debugging
        logging debug-trace
        time-range PAST
         absolute end 00:00 01 January 2020
        time-range SINCE2020
         absolute start 00:00 01 January 2020
        username late password cisco
        username late attributes
         vpn-access-hours value PAST
        username early password cisco
        username early attributes
         vpn-access-hours value SINCE2020
        ip local pool POOL2 198.19.5.10-198.19.5.20 mask 255.255.255.0
        group-policy POOLED internal
        group-policy POOLED attributes
         vpn-tunnel-protocol ikev1
         address-pools value POOL2
        tunnel-group POOLED type remote-access
        tunnel-group POOLED general-attributes
         address-pool POOL
         default-group-policy POOLED
        tunnel-group POOLED ipsec-attributes
         pre-shared-key cisco
        username locked password cisco
        username locked attributes
         group-lock value OTHER
        username nobody password cisco
        username nobody attributes
         vpn-simultaneous-logins 0
        username single password cisco
        username single attributes
         vpn-simultaneous-logins 1
        access-list excluded standard permit 198.18.5.0 255.255.255.0
        access-list FILTER extended permit icmp any host 198.18.1.2
        group-policy EXCL internal
        group-policy EXCL attributes
         vpn-tunnel-protocol ikev1
         split-tunnel-policy excludespecified
         split-tunnel-network-list value excluded
         vpn-filter value FILTER
         ipsec-udp enable
         ipsec-udp-port 10500
        tunnel-group OTHER type remote-access
        tunnel-group OTHER general-attributes
         address-pool POOL
        tunnel-group OTHER ipsec-attributes
         pre-shared-key cisco
        tunnel-group EXCL type remote-access
        tunnel-group EXCL general-attributes
         address-pool POOL
         default-group-policy EXCL
        tunnel-group EXCL ipsec-attributes
         pre-shared-key cisco
        """;

    /// <summary>The headend for the class (debug crypto 1 for the refusals' lines), stopped and the namespaces deleted also when a test failed.</summary>
    public sealed class Hub : IDisposable
    {
        public HubSession? Session { get; } = Kit.MissingPrerequisite() is null ? new HubSession(Config, debug: 1) : null;

        public void Dispose() => Session?.Dispose();
    }

    private HubSession Headend => hub.Session!;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private bool HubSays(string text) => Probe.WaitFor(() => Headend.HubLog.Contains(text), Wait);

    /// <summary>Waits for vpnc to have printed <paramref name="text"/> (its output is read asynchronously).</summary>
    private static bool Printed(StringBuilder output, string text) => Probe.WaitFor(() => { lock (output) return output.ToString().Contains(text, StringComparison.Ordinal); }, Wait);

    /// <summary>Logs in and waits for vpnc to give up (the headend refused it).</summary>
    private void Refused(string group, string user, string password = "cisco")
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
        Assert.NotEqual(0, vpnc.ExitCode);
    }

    /// <summary>Waits for phase 2 of <paramref name="user"/> from <paramref name="peer"/> to complete for the <paramref name="nth"/> time.</summary>
    private bool Phase2(string group, string user, string peer, int nth) =>
        Probe.WaitFor(() => Phase2Seen(group, user, peer) >= nth, Wait);

    /// <summary>How many times phase 2 of <paramref name="user"/> from <paramref name="peer"/> completed so far (a user of several tests).</summary>
    private int Phase2Seen(string group, string user, string peer) => Probe.Count(Headend.HubLog, $"Group = {group}, Username = {user}, IP = {peer}, PHASE 2 COMPLETED");

    [KitFact]
    public void Group_lock_and_zero_logins_refuse_the_user_and_a_second_login_over_the_limit_ends_the_first()
    {
        Refused("EZ", "locked");
        Assert.True(HubSays("%ASA-3-713060: Group = EZ, Username = locked, IP = 198.18.0.2, Tunnel Rejected: User (locked) not member of group (EZ), group-lock check failed."), Headend.HubLog);

        Refused("EZ", "nobody");
        Assert.True(HubSays("Tunnel Rejected: User (nobody) is not allowed any simultaneous logins (vpn-simultaneous-logins 0)"), Headend.HubLog);

        // Two clients of user single: the second from another address of netns cli, with its own tun device and state.
        using var address = new VpncLogin.SecondAddress();
        Process? first = null, next = null;
        try
        {
            first = Headend.Login("EZ", "single", "cisco");
            Assert.True(VpncLogin.Connected(Headend, first), $"the first client did not connect\n{Headend.VpncOutput}\n{Headend.HubLog}");
            Assert.True(Phase2("EZ", "single", "198.18.0.2", 1), Headend.HubLog);

            next = Headend.LoginSecond("EZ", "single", "cisco", out var second);
            Assert.True(VpncLogin.Connected(Headend, next, second), $"the second client did not connect\n{Headend.VpncOutput}\n{Headend.HubLog}");
            Assert.True(Phase2("EZ", "single", VpncLogin.SecondAddress.Address, 1), Headend.HubLog);

            // The first session was logged off to make room; the headend has only the second.
            Assert.True(HubSays("Group = EZ, Username = single, IP = 198.18.0.2, Session is being torn down. Reason: Port Preempted"), Headend.HubLog);
            var sessions = Headend.Show("show vpn-sessiondb ra-ikev1-ipsec");
            Assert.Equal(1, Probe.Count(sessions, "Username     : single"));
            Assert.Contains("Public IP    : 198.18.0.3", sessions);
        }
        finally
        {
            if (next is not null) HubSession.StopVpnc(next);
            // The first's session is gone at the headend: vpnc answered the DELETE of its IPsec SA with a new Quick Mode,
            // which it retransmits deaf to SIGTERM until it gives up; nothing is left for it to delete.
            if (first is not null) HubSession.StopVpnc(first, TimeSpan.FromSeconds(1));
            next?.Dispose();
            first?.Dispose();
        }
    }

    [KitFact]
    public void Vpn_access_hours_admit_a_login_only_inside_the_time_range_and_a_wrong_local_password_is_refused_with_113015()
    {
        Refused("EZ", "late");
        Assert.True(HubSays("Tunnel Rejected: User (late) is not allowed access at this time (time-range PAST)"), Headend.HubLog);

        var output = new StringBuilder();
        using (var vpnc = Headend.Login("EZ", "early", "cisco", output: output))
        {
            try
            {
                Assert.True(VpncLogin.Connected(Headend, vpnc), $"vpnc did not connect\n{output}\n{Headend.HubLog}");
                Assert.True(Phase2("EZ", "early", "198.18.0.2", 1), Headend.HubLog);
            }
            finally
            {
                HubSession.StopVpnc(vpnc);
            }
        }

        Refused("EZ", "cisco", "wrong");
        Assert.True(HubSays("%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = cisco"), Headend.HubLog);
    }

    [KitFact]
    public void The_group_policys_address_pools_come_before_the_tunnel_groups()
    {
        var output = new StringBuilder();
        using var vpnc = Headend.Login("POOLED", "cisco", "cisco", output: output);
        try
        {
            Assert.True(VpncLogin.Connected(Headend, vpnc), $"vpnc did not connect\n{output}\n{Headend.HubLog}");
            Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.5.", Headend.ScriptEnvironment);
            Assert.True(HubSays("Group = POOLED, Username = cisco, IP = 198.18.0.2, Assigned private IP address 198.19.5."), Headend.HubLog);
            Assert.True(Phase2("POOLED", "cisco", "198.18.0.2", 1), Headend.HubLog);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{Headend.HubLog}");
        }
        finally
        {
            HubSession.StopVpnc(vpnc);
        }
    }

    [KitFact]
    public void Excludespecified_sends_the_exclude_list_and_the_vpn_filter_drops_what_it_denies()
    {
        var output = new StringBuilder();
        var phase2 = Phase2Seen("EXCL", "cisco", "198.18.0.2") + 1;
        using var vpnc = Headend.Login("EXCL", "cisco", "cisco", new Dictionary<string, string> { ["VPNC_DEBUG"] = "3" }, output);
        try
        {
            Assert.True(VpncLogin.Connected(Headend, vpnc), $"vpnc did not connect\n{output}\n{Headend.HubLog}");
            // The exclude list goes out in the 14-byte Unity form (198.18.5.0/255.255.255.0). vpnc 0.5.3 knows
            // no split-exclude attribute ("unknown attribute 28678"), so its script gets neither list and routes
            // everything into the tunnel (vpnc-script's CISCO_SPLIT_EXC is for openconnect).
            Assert.True(Printed(output, "t.attributes.u.lots.data: c6120500 ffffff00 00000000 0000"), output.ToString());
            Assert.True(Printed(output, "unknown attribute 28678 / 0x7006"), output.ToString());
            Assert.DoesNotContain("CISCO_SPLIT_INC", Headend.ScriptEnvironment);
            Assert.True(Phase2("EXCL", "cisco", "198.18.0.2", phase2), Headend.HubLog);
            Assert.Matches(@"default dev tun0", Probe.InNetns("cli", "ip", "route").Output);

            // The filter admits pings to the lan host (and their replies), and denies the rest: pings to the hub's inside address.
            Assert.True(Probe.Ping("198.18.1.2", 56), Headend.HubLog);
            Assert.NotEqual(0, Probe.InNetns("cli", "ping", "-c", "3", "-i", "0.2", "-W", "1", "198.18.1.1").Code);
            var drops = Headend.Show("show asp drop");
            Assert.Matches(@"Flow is denied by configured rule \(acl-drop\)\s+[3-9]", drops);

        }
        finally
        {
            HubSession.StopVpnc(vpnc);
        }
    }

    [KitTcpdumpFact]
    public void Ipsec_udp_carries_the_esp_of_vpnc_in_cisco_udp_mode_on_its_port()
    {
        var output = new StringBuilder();
        var phase2 = Phase2Seen("EXCL", "cisco", "198.18.0.2") + 1;
        using var vpnc = Headend.Login("EXCL", "cisco", "cisco", new Dictionary<string, string> { ["NATT"] = "cisco-udp", ["VPNC_DEBUG"] = "3" }, output);
        try
        {
            Assert.True(VpncLogin.Connected(Headend, vpnc), $"vpnc did not connect\n{output}\n{Headend.HubLog}");
            Assert.True(Printed(output, "got peer udp encapsulation port: 10500"), output.ToString());
            Assert.True(Phase2("EXCL", "cisco", "198.18.0.2", phase2), Headend.HubLog);

            // What crosses the wire of netns cli on port 10500 while the pings go: vpnc's ESP from its
            // --udp-port (10000) to the headend's 10500, and the headend's back to where it came from.
            using var dump = Tcpdump("udp port 10500 and greater 60", packets: 6);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{output}\n{Headend.HubLog}");
            Assert.True(dump.WaitForExit(10_000), "tcpdump saw fewer than 6 packets");
            var seen = dump.StandardOutput.ReadToEnd();
            Assert.Contains("198.18.0.2.10000 > 198.18.0.1.10500: UDP", seen);
            Assert.Contains("198.18.0.1.10500 > 198.18.0.2.10000: UDP", seen);
            var sa = Headend.Show("show crypto ipsec sa");
            Assert.Matches(@"#pkts encaps: [3-9]", sa);
            Assert.Matches(@"#pkts decaps: [3-9]", sa);
        }
        finally
        {
            HubSession.StopVpnc(vpnc);
        }
    }

    /// <summary>
    /// tcpdump on netns cli's link to the hub until it has seen <paramref name="packets"/> matching
    /// <paramref name="filter"/>, started and listening when this returns; killed on dispose.
    /// </summary>
    private static TcpdumpProcess Tcpdump(string filter, int packets)
    {
        var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", "cli", "tcpdump", "-i", "cli-hub", "-n", "-l", "-c", $"{packets}", filter])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var dump = new TcpdumpProcess(process);
        // tcpdump says on stderr when its capture is open.
        var listening = Task.Run(() => { while (process.StandardError.ReadLine() is { } line) if (line.Contains("listening on", StringComparison.Ordinal)) return true; return false; });
        if (!listening.Wait(TimeSpan.FromSeconds(10)) || !listening.Result)
        {
            dump.Dispose();
            Assert.Fail("tcpdump did not start in netns cli");
        }
        return dump;
    }

    /// <summary>A tcpdump run: its output once it exited; killed (with its tree) on dispose.</summary>
    private sealed class TcpdumpProcess(Process process) : IDisposable
    {
        public StreamReader StandardOutput => process.StandardOutput;

        public bool WaitForExit(int milliseconds) => process.WaitForExit(milliseconds);

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }
}
