using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// Transcripts of the ASA 9.x persona's commands (issue 13), each checked against published real ASA
/// output for the same command; the source is named in each test ([S] a capture, [C] Cisco's
/// documentation, [M] no public capture: the layout is from memory and kept in one constant).
/// </summary>
public class PersonaShowTests
{
    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    // ---- identity ------------------------------------------------------------------------------------

    /// <summary>
    /// [S] genieparser ShowVersion golden_output1: an ASAv10 on 9.8(4)10, line for line (blank lines, the
    /// trailing comma of the hardware line, Model Id, the two flash lines, the double blank before the
    /// NICs); the licence rows' padding from a raw ASAv 9.15(1)1 capture.
    /// </summary>
    [Fact]
    public async Task Show_version_is_an_asav10_on_9_8_4()
    {
        using var h = new ShowHarness();
        h.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(22));
        var output = await h.Show("show version");

        Assert.StartsWith(Lines(
            "",
            "Cisco Adaptive Security Appliance Software Version 9.8(4)10 ",
            "Firepower Extensible Operating System Version 2.2(2.121)",
            "Device Manager Version 7.8(2)",
            "",
            "Compiled on Tue 20-Aug-19 12:46 PDT by builders",
            "System image file is \"boot:/asa984-10-smp-k8.bin\"",
            "Config file at boot was \"startup-config\"",
            "",
            "asa1 up 3 days 22 hours",
            "",
            "Hardware:   ASAv, 2048 MB RAM, CPU Xeon E5 series 3491 MHz,",
            "Model Id:   ASAv10",
            "Internal ATA Compact Flash, 8192MB",
            "Slot 1: ATA Compact Flash, 8192MB",
            "BIOS Flash Firmware Hub @ 0x0, 0KB",
            "",
            "",
            " 0: Ext: GigabitEthernet0/0  : address is 5254.00ae.0000, irq 11",
            " 1: Ext: GigabitEthernet0/1  : address is 5254.00ae.0001, irq 11",
            " 2: Ext: GigabitEthernet0/2  : address is 5254.00ae.0002, irq 10",
            "",
            "License mode: Smart Licensing",
            "ASAv Platform License State: Licensed",
            "Active entitlement: ASAv-STD-1G, enforce mode: Authorized",
            "Firewall throughput limited to 1 Gbps",
            "",
            "Licensed features for this platform:",
            "Maximum VLANs                     : 50             ",
            "Inside Hosts                      : Unlimited      ",
            "Failover                          : Active/Standby "), output);
        Assert.EndsWith(Lines(
            "Cluster                           : Disabled       ",
            "",
            "Serial Number: 9AEMU4SA0V1",
            "",
            "Image type          : Release",
            "Key version         : A",
            "",
            "Configuration has not been modified since last system restart."), output);

        var changed = await h.Show("configure terminal", "hostname asa2", "end", "show version");
        Assert.EndsWith(Lines("Configuration last modified by enable_15 at 07:30:00.000 UTC Fri Nov 6 2026"), changed);
    }

    /// <summary>[S] ntc-templates cisco_asa_show_module_02 (9.3(1), the four-column layout); the ASAv's one slot 0 is M.</summary>
    [Fact]
    public async Task Show_module_lists_the_asav_in_slot_0()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "",
            "Mod  Card Type                                    Model              Serial No. ",
            "---- -------------------------------------------- ------------------ -----------",
            "   0 ASAv Adaptive Security Virtual Appliance     ASAv               9AEMU4SA0V1",
            "",
            "Mod  MAC Address Range                 Hw Version   Fw Version   Sw Version     ",
            "---- --------------------------------- ------------ ------------ ---------------",
            "   0 5254.00ae.0000 to 5254.00ae.0007  N/A          N/A          9.8(4)10",
            "",
            "Mod  SSM Application Name           Status           SSM Application Version",
            "---- ------------------------------ ---------------- --------------------------",
            "",
            "Mod  Status             Data Plane Status     Compatibility",
            "---- ------------------ --------------------- -------------",
            "   0 Up Sys             Not Applicable        "), await h.Show("show module"));
    }

    /// <summary>[S] ntc-templates cisco_asa_show_license_all: an ASAv registered and authorized under Smart Licensing.</summary>
    [Fact]
    public async Task Show_license_all_is_a_registered_asav()
    {
        using var h = new ShowHarness();
        var output = await h.Show("show license all");

        Assert.StartsWith(Lines("", "Smart Licensing Status", "======================", "", "Smart Licensing is ENABLED", "", "Registration:",
            "  Status: REGISTERED"), output);
        Assert.Contains(Lines("  Initial Registration: SUCCEEDED on Nov 02 09:30:00 2026 UTC"), output);
        Assert.Contains(Lines("License Authorization: ", "  Status: AUTHORIZED on Nov 02 09:30:00 2026 UTC"), output);
        Assert.Contains(Lines("ASAv10 Standard - 1G (ASAv-STD-1G):", "  Description: ASAv10 Standard - 1G", "  Count: 1", "  Version: 1.0",
            "  Status: AUTHORIZED"), output);
        Assert.EndsWith(Lines("Product Information", "===================", "UDI: PID:ASAv,SN:9AEMU4SA0V1", "", "Agent Version", "=============",
            "Smart Agent for Licensing: 1.6.14_rel/129"), output);
    }

    // ---- interfaces ------------------------------------------------------------------------------------

    /// <summary>
    /// [S] ntc-templates cisco_asa_show_interface1 (an ASAv's virtio NICs, tab-indented, the unnamed
    /// shut interface "Available but not configured via nameif", MTU not set, no traffic block).
    /// </summary>
    [Fact]
    public async Task Show_interface_prints_each_vnic_as_an_asav_does()
    {
        using var h = new ShowHarness();
        var hardware = new[]
        {
            "\tReceived 0 broadcasts, 0 runts, 0 giants",
            "\t0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort",
            "\t0 pause input, 0 resume input",
            "\t0 L2 decode drops",
        };
        var tail = new[]
        {
            "\t0 pause output, 0 resume output",
            "\t0 output errors, 0 collisions, 0 interface resets",
            "\t0 late collisions, 0 deferred",
            "\t0 input reset drops, 0 output reset drops",
            "\tinput queue (blocks free curr/low): hardware (0/0)",
            "\toutput queue (blocks free curr/low): hardware (0/0)",
        };
        Assert.Equal(Lines([
            "Interface GigabitEthernet0/0 \"outside\", is up, line protocol is up",
            "  Hardware is net_virtio, BW 1000 Mbps, DLY 10 usec",
            "\tAuto-Duplex(Full-duplex), Auto-Speed(1000 Mbps)",
            "\tInput flow control is unsupported, output flow control is unsupported",
            "\tMAC address 5254.00ae.0000, MTU 1500",
            "\tIP address 203.0.113.1, subnet mask 255.255.255.0",
            "\t0 packets input, 0 bytes, 0 no buffer",
            .. hardware,
            "\t0 packets output, 0 bytes, 0 underruns",
            .. tail,
            "  Traffic Statistics for \"outside\":",
            "\t0 packets input, 0 bytes",
            "\t0 packets output, 0 bytes",
            "\t0 packets dropped",
            "      1 minute input rate 0 pkts/sec,  0 bytes/sec",
            "      1 minute output rate 0 pkts/sec,  0 bytes/sec",
            "      1 minute drop rate, 0 pkts/sec",
            "      5 minute input rate 0 pkts/sec,  0 bytes/sec",
            "      5 minute output rate 0 pkts/sec,  0 bytes/sec",
            "      5 minute drop rate, 0 pkts/sec"]), await h.Show("show interface GigabitEthernet0/0"));
        Assert.Equal(await h.Show("show interface GigabitEthernet0/0"), await h.Show("show interface outside"));
        Assert.Equal(await h.Show("show interface GigabitEthernet0/0"), await h.Show("show interface gig0/0 stats"));

        Assert.Equal(Lines([
            "Interface GigabitEthernet0/2 \"\", is administratively down, line protocol is up",
            "  Hardware is net_virtio, BW 1000 Mbps, DLY 10 usec",
            "\tAuto-Duplex(Full-duplex), Auto-Speed(1000 Mbps)",
            "\tInput flow control is unsupported, output flow control is unsupported",
            "\tAvailable but not configured via nameif",
            "\tMAC address 5254.00ae.0002, MTU not set",
            "\tIP address unassigned",
            "\t0 packets input, 0 bytes, 0 no buffer",
            .. hardware,
            "\t0 packets output, 0 bytes, 0 underruns",
            .. tail]), await h.Show("show interface GigabitEthernet0/2"));
    }

    /// <summary>[S] genieparser ShowInterfaceDetail golden_output_4 (ASAv): the Control Point block, interface numbers from 2 (Management0/0) up.</summary>
    [Fact]
    public async Task Show_interface_detail_adds_the_control_point_states()
    {
        using var h = new ShowHarness();
        Assert.EndsWith(Lines(
            "      5 minute drop rate, 0 pkts/sec",
            "  Control Point Interface States:",
            "\tInterface number is 3",
            "\tInterface config status is active",
            "\tInterface state is active"), await h.Show("show interface inside detail"));
        Assert.EndsWith(Lines(
            "\toutput queue (blocks free curr/low): hardware (0/0)",
            "  Control Point Interface States:",
            "\tInterface number is 4",
            "\tInterface config status is active",
            "\tInterface state is not active"), await h.Show("show interface detail"));
    }

    /// <summary>[S] genieparser ShowInterfaceSummary golden_output_4: the head, description, MAC/MTU and address lines.</summary>
    [Fact]
    public async Task Show_interface_summary_is_the_first_lines()
    {
        using var h = new ShowHarness("interface GigabitEthernet0/0\n description uplink\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n");
        Assert.Equal(Lines(
            "Interface GigabitEthernet0/0 \"outside\", is up, line protocol is up",
            "\tDescription: uplink",
            "\tMAC address 5254.00ae.0000, MTU 1500",
            "\tIP address 203.0.113.1, subnet mask 255.255.255.0"), await h.Show("show interface summary"));
    }

    /// <summary>An interface nobody has: the caret under the name, as the ASA's parser knows its interfaces [M].</summary>
    [Fact]
    public async Task Show_interface_of_an_unknown_name_gets_the_caret()
    {
        using var h = new ShowHarness();
        // "asa1# show interface " is 21 columns.
        Assert.Equal(Lines(new string(' ', 21) + "^", "ERROR: % Invalid input detected at '^' marker."), await h.Show("show interface nope"));
    }

    /// <summary>[S] an ASAv 9.7(1) lab transcript: System then Current, columns 25/23/16/16, CONFIG for the boot config's addresses, manual for typed ones.</summary>
    [Fact]
    public async Task Show_ip_address_lists_system_and_current_addresses()
    {
        using var h = new ShowHarness();
        var block = new[]
        {
            "Interface                Name                   IP address      Subnet mask     Method",
            "GigabitEthernet0/0       outside                203.0.113.1     255.255.255.0   CONFIG",
            "GigabitEthernet0/1       inside                 192.168.1.2     255.255.255.0   manual",
        };
        Assert.Equal(Lines(["System IP Addresses:", .. block, "Current IP Addresses:", .. block]),
            await h.Show("configure terminal", "interface GigabitEthernet0/1", "ip address 192.168.1.2 255.255.255.0", "end", "show ip address"));
    }

    /// <summary>[S] ntc-templates cisco_asa_show_name: <c>show name</c> lists the name entries (not the nameif table), <c>show names</c> too.</summary>
    [Fact]
    public async Task Show_name_and_show_names_list_the_name_entries()
    {
        using var h = new ShowHarness(ShowHarness.Config + "names\nname 10.1.1.1 server\nname 10.1.1.10 server1 description db host\n");
        var expected = Lines("name 10.1.1.1 server", "name 10.1.1.10 server1 description db host");
        Assert.Equal(expected, await h.Show("show name"));
        Assert.Equal(expected, await h.Show("show names"));
        Assert.Equal("", await h.Show("show arp"));
    }

    /// <summary>
    /// [S] an FTD's show route summary (the ASA's Lina), in the muninn parser's docstring and raw test fixture: a blank line,
    /// maximum-paths 8 and no table-name line, the columns, 88 bytes of overhead and 296 of memory per route; connected counts
    /// the C and L routes; internal [M].
    /// </summary>
    [Fact]
    public async Task Show_route_summary_counts_the_routes_by_source()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "",
            "IP routing table maximum-paths is 8",
            "Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)",
            "connected       0           4           0           352         1184",
            "static          2           0           0           176         592",
            "internal        1                                               1200",
            "Total           3           4           0           528         2976"), await h.Show("show route summary"));
    }

    // ---- platform ---------------------------------------------------------------------------------

    /// <summary>[S] genieparser ShowFailover golden_output2 (a unit with failover off); the state table's layout from 9.x captures, its Disabled / Not Detected values M.</summary>
    [Fact]
    public async Task Show_failover_is_off()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "Failover Off",
            "Failover unit Primary",
            "Failover LAN Interface: not Configured",
            "Reconnect timeout 0:00:00",
            "Unit Poll frequency 1 seconds, holdtime 15 seconds",
            "Interface Poll frequency 5 seconds, holdtime 25 seconds",
            "Interface Policy 1",
            "Monitored Interfaces 2 of 61 maximum",
            "MAC Address Move Notification Interval not set"), await h.Show("show failover"));
        Assert.Equal(Lines(
            "",
            "               State          Last Failure Reason      Date/Time",
            "This host  -   Primary",
            "               Disabled       None",
            "Other host -   Secondary",
            "               Not Detected   None",
            "",
            "====Configuration State===",
            "====Communication State==="), await h.Show("show failover state"));
    }

    /// <summary>[S] an ASAv's show cpu in mockdevices; [S] ntc-templates cisco_asa_show_cpu_usage_detailed for the per-core layout.</summary>
    [Fact]
    public async Task Show_cpu_usage_is_an_idle_asav()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "CPU utilization for 5 seconds = 0%; 1 minute: 0%; 5 minutes: 0%",
            "",
            "Virtual platform CPU resources",
            "------------------------------",
            "Number of vCPUs              :     1",
            "Number of allowed vCPUs      :     1",
            "vCPU Status                  :  Compliant"), await h.Show("show cpu usage"));
        var detailed = await h.Show("show cpu usage detailed");
        Assert.StartsWith(Lines(
            "Break down of per-core data path versus control point cpu usage:",
            "Core         5 sec               1 min               5 min",
            "Core 0        0.0 ( 0.0 +  0.0)   0.0 ( 0.0 +  0.0)   0.0 ( 0.0 +  0.0)"), detailed);
        Assert.EndsWith(Lines("Total CPU utilization for:", "      5 seconds = 0.0%; 1 minute: 0.0%; 5 minutes: 0.0%"), detailed);
        Assert.StartsWith(Lines("PC         Thread       5Sec     1Min     5Min   Process"), await h.Show("show processes cpu-usage"));
    }

    /// <summary>[S] genieparser ShowResourceUsage (printf %-20s%9d%13d%11s%14d): the SSH sessions open now and at their peak.</summary>
    [Fact]
    public async Task Show_resource_usage_counts_the_ssh_sessions()
    {
        using var h = new ShowHarness();
        var terminal = new FakeTerminal { Echo = false };
        using (SessionMonitor.Open(h.Appliance, terminal, console: false, "198.51.100.20", transport: SessionTransport.Ssh))
        {
            var output = await h.Show("show resource usage");
            Assert.StartsWith(Lines(
                "",
                "Resource              Current         Peak      Limit        Denied Context",
                "Telnet                      0            0          5             0 System",
                "SSH Server                  1            1          5             0 System"), output);
            Assert.EndsWith(Lines("Other VPN Sessions          0            0        250             0 System"), output);
        }
        Assert.Contains(Lines("SSH Server                  0            1          5             0 System"), await h.Show("show resource usage"));
    }

    /// <summary>[S] a 9.x show ssh sessions (SID, client, version, a line per direction, the HMAC as the ASA names it).</summary>
    [Fact]
    public async Task Show_ssh_sessions_lists_each_direction_with_its_algorithms()
    {
        using var h = new ShowHarness();
        var terminal = new FakeTerminal { Echo = false };
        using var ssh = SessionMonitor.Open(h.Appliance, terminal, console: false, "10.1.1.21", transport: SessionTransport.Ssh,
            ssh: () => new SshAlgorithms("aes128-ctr", "hmac-sha1", "aes256-ctr", "hmac-sha2-256"));
        ssh.Session.Username = "james";

        Assert.Equal(Lines(
            "SID Client IP       Version Mode Encryption Hmac     State            Username",
            "0   10.1.1.21       2.0     IN   aes128-ctr sha1     SessionStarted   james",
            "                            OUT  aes256-ctr sha2-256 SessionStarted   james"), await h.Show("show ssh sessions"));
        var users = await h.Show("show users");
        Assert.Contains("ssh 0", users);
        Assert.Contains("10.1.1.21", users);
    }

    /// <summary>[S] the ASA's "N in use, M most used" count line; AsaEmu keeps no conn or xlate table.</summary>
    [Fact]
    public async Task Conn_and_xlate_counts_are_idle()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines("0 in use, 0 most used"), await h.Show("show conn count"));
        Assert.Equal(Lines("0 in use, 0 most used"), await h.Show("show xlate count"));
    }

    /// <summary>
    /// [C] the IOS command reference's show clock detail example (the layout the ASA shares: the time line, then
    /// "Time source is ..."); the source a box without NTP names, hardware calendar, [M]; the NTP lines follow IOS captures [M].
    /// </summary>
    [Fact]
    public async Task Show_clock_detail_and_ntp_status()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines("09:30:00.000 UTC Mon Nov 2 2026", "Time source is hardware calendar"), await h.Show("show clock detail"));
        Assert.StartsWith(Lines("Clock is unsynchronized, stratum 16, no reference clock"), await h.Show("show ntp status"));
    }

    /// <summary>
    /// [M] no public ASA capture of these idle outputs: show ntp status and show users in the IOS layout the ASA shares,
    /// show processes cpu-usage with a few of the ASA's processes; pinned line for line so that a change is deliberate.
    /// </summary>
    [Fact]
    public async Task Ntp_processes_and_users_print_line_for_line()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "Clock is unsynchronized, stratum 16, no reference clock",
            "nominal freq is 99.9984 Hz, actual freq is 99.9984 Hz, precision is 2**6",
            "reference time is 00000000.00000000 (00:00:00.000 UTC Mon Jan 1 1900)",
            "clock offset is 0.0000 msec, root delay is 0.00 msec",
            "root dispersion is 0.00 msec, peer dispersion is 0.00 msec"), await h.Show("show ntp status"));
        // The processes' table is one [M] constant in ShowPlatformCommands; its header's columns are checked here.
        var processes = await h.Show("show processes cpu-usage");
        Assert.Equal(Lines([.. ShowPlatformCommands.ProcessesCpu]), processes);
        Assert.StartsWith(Lines("PC         Thread       5Sec     1Min     5Min   Process", "-          -            0.0%     0.0%     0.0%   DATAPATH-0-1472"), processes);
        Assert.Equal(Lines(
            "    Line       User       Host(s)              Idle       Location",
            "*  0 con 0      enable_15  idle                 00:00:00"), await h.Show("show users"));
    }

    /// <summary>[M] the accelerator's status and the licence summary of an ASAv10 with 250 VPN peers, idle: no public capture.</summary>
    [Fact]
    public async Task Accelerator_and_license_summary_print_line_for_line()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "",
            "Crypto Accelerator Status",
            "-------------------------",
            "[Capability]",
            "   Supports hardware crypto: False",
            "   Supported modes:",
            "        ipsec, ike, ssl",
            "[Global Statistics]",
            "Number of active accelerators: 1",
            "Number of non-operational accelerators: 0",
            "Input packets: 0",
            "Input bytes: 0",
            "Output packets: 0",
            "Output error packets: 0",
            "Output bytes: 0",
            "",
            "[Software Crypto Engine]",
            "   Status: Active",
            "   Active time: 0 seconds",
            "   Total crypto transactions: 0",
            "   Total failed transactions: 0"), await h.Show("show crypto accelerator statistics"));
        Assert.Equal(Lines(
            "---------------------------------------------------------------------------",
            "VPN Licenses and Configured Limits Summary",
            "---------------------------------------------------------------------------",
            "                                       Status : Capacity : Installed :  Limit",
            "                                       -----------------------------------------",
            "AnyConnect Premium               :  ENABLED :      250 :       250 :    NONE",
            "Other VPN (Available by Default) :  ENABLED :      250 :       250 :    NONE",
            "AnyConnect for Mobile            : DISABLED(Requires Premium or Essentials)",
            "Advanced Endpoint Assessment     : DISABLED(Requires Premium)",
            "AnyConnect for Cisco VPN Phone   : DISABLED",
            "VPN-3DES-AES                     :  ENABLED",
            "VPN-DES                          :  ENABLED",
            "---------------------------------------------------------------------------",
            "",
            "---------------------------------------------------------------------------",
            "VPN Licenses Usage Summary",
            "---------------------------------------------------------------------------",
            "                        Local : Shared :      All  :    Peak : Eff.  :",
            "                       In Use : In Use :   In Use :  In Use : Limit : Usage",
            "                       ----------------------------------------------------",
            "AnyConnect Premium    :      0 :      0 :        0 :       0 :   250 :   0%",
            "Other VPN             :      0 :        :        0 :       0 :   250 :   0%",
            "  IKEv1 IPsec         :      0 :        :        0 :       0",
            "---------------------------------------------------------------------------"), await h.Show("show vpn-sessiondb license-summary"));
    }

    // ---- VPN counters ------------------------------------------------------------------------------

    private static readonly DateTimeOffset Created = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An EzVPN client's SA pair: AES-128/SHA-1, under NAT-T by default, for 10.10.10.1.</summary>
    internal static ChildSa Child(bool natT = true, string map = "DYN", Ipv4? client = null) =>
        new AsaEmu.TestKit.Ike.SaBuilder
        {
            IkeCookieI = 1, InboundSpi = 0x3F1E2D4C, OutboundSpi = 0x8A2B5C1D, Transform = new EspTransform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1, "ESP-AES-SHA"),
            Local = "203.0.113.1", Peer = "198.51.100.7", NatT = natT, LocalPort = natT ? 4500 : 500, PeerPort = natT ? 61296 : 500,
            Remote = (client ?? Ipv4.Parse("10.10.10.1")).ToString(), LifetimeKilobytes = null, CryptoMap = map, Sequence = 10, Created = Created,
        }.Build();

    private static IkeStatus Status(ChildSa child, long previous = 0)
    {
        var view = new IkeSaView("198.51.100.7", child.Peer.Port, "203.0.113.1", IkeSaState.AmActive, "EZ", "cisco", "aes", "SHA", "preshared",
            86400, 86214, child.RemoteAddress, "POOL", child.UdpEncapsulated, Created, [child]) { CookieI = 0x1122 };
        return new IkeStatus([view], new IkeStatistics { PreviousTunnels = previous });
    }

    /// <summary>
    /// [S] genieparser ShowVPNSessionDBSummary golden_output (the IKEv1 IPsec/L2TP IPsec row) and
    /// ntc-templates cisco_asa_show_vpn-sessiondb2 (the Tunnels Summary's IKEv1 and IPsecOverNatT rows).
    /// </summary>
    [Fact]
    public void Vpn_session_summary_counts_sessions_and_tunnels()
    {
        var counts = new VpnTally().Read(Status(Child(), previous: 4), AsaConfig.Empty);
        Assert.Equal(
        [
            "---------------------------------------------------------------------------",
            "VPN Session Summary",
            "---------------------------------------------------------------------------",
            "                               Active : Cumulative : Peak Concur : Inactive",
            "                             ----------------------------------------------",
            "IKEv1 IPsec/L2TP IPsec       :      1 :          5 :           1",
            "---------------------------------------------------------------------------",
            "Total Active and Inactive    :      1             Total Cumulative :      5",
            "Device Total VPN Capacity    :    250",
            "Device Load                  :     0%",
            "---------------------------------------------------------------------------",
            "---------------------------------------------------------------------------",
            "Tunnels Summary",
            "---------------------------------------------------------------------------",
            "                               Active : Cumulative : Peak Concurrent",
            "                             ----------------------------------------------",
            "IKEv1                        :      1 :          5 :               1",
            "IPsecOverNatT                :      1 :          1 :               1",
            "---------------------------------------------------------------------------",
            "Totals                       :      2 :          6",
            "---------------------------------------------------------------------------",
        ], ShowVpnSessionCommands.Summary(counts));
    }

    [Fact]
    public async Task Vpn_sessiondb_forms_without_sessions()
    {
        using var h = new ShowHarness();
        foreach (var form in new[] { "show vpn-sessiondb l2l", "show vpn-sessiondb remote", "show vpn-sessiondb index 1",
            "show vpn-sessiondb detail ra-ikev1-ipsec filter name cisco", "show vpn-sessiondb ra-ikev1-ipsec filter tunnel-group EZ" })
            Assert.Equal(Lines("INFO: There are presently no active sessions"), await h.Show(form));
        Assert.StartsWith(Lines("---------------------------------------------------------------------------", "VPN Licenses and Configured Limits Summary"),
            await h.Show("show vpn-sessiondb license-summary"));
        Assert.Equal(await h.Show("show vpn-sessiondb"), await h.Show("show vpn-sessiondb summary"));
        Assert.Equal(Lines("INFO: Number of sessions of type \"l2l\" logged off : 0"), await h.Show("vpn-sessiondb logoff l2l noconfirm"));
        Assert.Equal(Lines("INFO: Number of sessions with IP address of 10.10.10.1 logged off : 0"),
            await h.Show("vpn-sessiondb logoff ipaddress 10.10.10.1 noconfirm"));
    }

    /// <summary>
    /// Without <c>noconfirm</c> a logoff asks first: Return or y logs off, anything else leaves the sessions as they are and
    /// prints nothing more; each form names what it logged off [S: public scripts written against real ASAs wait for "Do you
    /// want to logoff the VPN session" and "[confirm]" and answer Return, and read the name form's INFO line; the other
    /// forms' wording M].
    /// </summary>
    [Fact]
    public async Task Logoff_asks_to_confirm_unless_noconfirm()
    {
        using var h = new ShowHarness();
        var transcript = await ShowHarness.Lines(h.Appliance, "enable", "", "vpn-sessiondb logoff remote", "n", "vpn-sessiondb logoff name cisco", "",
            "vpn-sessiondb logoff index 3", "y", "vpn-sessiondb logoff tunnel-group EZ noconfirm", "vpn-sessiondb logoff all noconfirm");
        const string ask = "Do you want to logoff the VPN session(s)? [confirm]";
        Assert.DoesNotContain("of type \"remote\"", transcript);
        Assert.Equal(3, transcript.Split(ask).Length - 1);
        Assert.Contains("INFO: Number of sessions with name \"cisco\" logged off : 0\r\n", transcript);
        Assert.Contains("INFO: Number of sessions with index \"3\" logged off : 0\r\n", transcript);
        Assert.Contains("INFO: Number of sessions from TunnelGroup \"EZ\" logged off : 0\r\n", transcript);
        Assert.Contains("INFO: Number of sessions of type \"all\" logged off : 0\r\n", transcript);
    }

    /// <summary>
    /// A listing that matches nothing while other sessions are up says so "of the type specified" [S: public scripts written
    /// against real ASAs compare the whole line, for <c>show vpn-sessiondb detail l2l filter name IP</c> and
    /// <c>anyconnect filter name U</c>]; a box without any session says the short line [M].
    /// </summary>
    [Fact]
    public void A_listing_that_matches_nothing_says_of_the_type_specified()
    {
        var status = Status(Child());
        Assert.Equal(["INFO: There are presently no active sessions of the type specified"],
            ShowCryptoCommands.Sessions(status, AsaConfig.Empty, detail: true, null, Created, keep: (sa, _) => sa.Username == "bob"));
        Assert.Equal(["INFO: There are presently no active sessions of the type specified"],
            LanToLanSessions.Render(status, AsaConfig.Empty, detail: true, null, Created));
        Assert.Equal(["INFO: There are presently no active sessions"],
            ShowCryptoCommands.Sessions(IkeStatus.Empty, AsaConfig.Empty, detail: false, null, Created, keep: (sa, _) => sa.Username == "bob"));
        Assert.Contains("Username     : cisco", ShowCryptoCommands.Sessions(status, AsaConfig.Empty, detail: false, null, Created,
            keep: (sa, _) => sa.Username == "cisco").First(l => l.StartsWith("Username", StringComparison.Ordinal)));
    }

    /// <summary>The sessions a logoff form ends, by the session's user, addresses, tunnel-group and index.</summary>
    [Fact]
    public void Logoff_forms_select_their_sessions()
    {
        var status = Status(Child());
        var sa = new IkeSa
        {
            CookieI = 0x1122, CookieR = 2, Created = Created, Local = new IPEndPoint(IPAddress.Parse("203.0.113.1"), 4500),
            Peer = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 61296), Username = "cisco", TunnelGroup = "EZ",
            AssignedAddress = Ipv4.Parse("10.10.10.1"), NameIf = "outside",
        };
        bool Ends(string? user = null, string? ip = null, string? group = null, long? index = null, string? type = null) =>
            VpnControlCommands.Selection(user, ip is null ? null : Ipv4.Parse(ip), group, index, type, status, AsaConfig.Empty).Which(sa);

        Assert.True(Ends(user: "cisco"));
        Assert.False(Ends(user: "bob"));
        Assert.True(Ends(ip: "10.10.10.1"));
        Assert.True(Ends(ip: "198.51.100.7"));
        Assert.False(Ends(ip: "10.10.10.2"));
        Assert.True(Ends(group: "EZ"));
        Assert.True(Ends(index: 1));
        Assert.False(Ends(index: 2));
        Assert.True(Ends(type: "remote"));
        Assert.False(Ends(type: "l2l"));
        Assert.Equal("INFO: Number of sessions from TunnelGroup \"EZ\" logged off : 1",
            VpnControlCommands.Selection(null, null, "EZ", null, null, status, AsaConfig.Empty).Info(1));
    }

    private static DataplaneTotals Totals(SaCountersSnapshot sas, long invalidSa = 0, long noSa = 0) =>
        new(sas, 1, 2, noSa, invalidSa, 0, 0, 0, 0);

    /// <summary>
    /// [S] the show ipsec stats section of a 9.x show tech-support (an FPR-2130 running ASA) kept as a parser's test input
    /// (NCATComp410/comp410_fall_2020 asa_parser/tests/show_ipsec_stats.txt), line for line with the ASA's spelling; every
    /// SA pair's counters since start, installed and removed.
    /// </summary>
    [Fact]
    public void Show_crypto_ipsec_stats_sums_the_dataplane()
    {
        var sas = SaCountersMath.Zero with { Encaps = 120, Encrypt = 120, Digest = 120, Decaps = 118, Decrypt = 118, Verify = 118, BytesOut = 14567, BytesIn = 12345, RecvErrors = 2, ReplayFailed = 2 };
        var lines = ShowCryptoStatisticsCommands.IpsecStats(new TrafficView(IkeStatus.Empty, Totals(sas, invalidSa: 3, noSa: 4))).ToList();

        Assert.Equal(
        [
            "",
            "IPsec Global Statistics",
            "-----------------------",
            "Active tunnels: 1",
            "Previous tunnels: 2",
            "Inbound",
            "    Bytes: 12345",
            "    Decompressed bytes: 12345",
            "    Packets: 120",
            "    Dropped packets: 2",
            "    Replay failures: 2",
            "    Authentications: 118",
            "    Authentication failures: 0",
            "    Decryptions: 118",
            "    Decryption failures: 0",
            "    TFC Packets: 0",
            "    Decapsulated fragments needing reassembly: 0",
            "    Valid ICMP Errors rcvd: 0",
            "    Invalid ICMP Errors rcvd: 0",
            "Outbound",
            "    Bytes: 14567",
            "    Uncompressed bytes: 14567",
            "    Packets: 120",
            "    Dropped packets: 0",
            "    Authentications: 120",
            "    Authentication failures: 0",
            "    Encryptions: 120",
            "    Encryption failures: 0",
            "    TFC Packets: 0",
            "    Fragmentation successes: 0",
            "        Pre-fragmentation successses: 0",
            "        Post-fragmentation successes: 0",
            "    Fragmentation failures: 0",
            "        Pre-fragmentation failures: 0",
            "        Post-fragmentation failures: 0",
            "    Fragments created: 0",
            "    PMTUs sent: 0",
            "    PMTUs rcvd: 0",
            "Protocol failures: 0",
            "Missing SA failures: 7",
            "System capacity failures: 0",
            "Inbound SA delete requests: 2",
            "Outbound SA delete requests: 2",
            "Inbound SA destroy calls: 2",
            "Outbound SA destroy calls: 2",
        ], lines);
    }

    /// <summary>
    /// [M] reference §3.3 (no public capture: the labels are CISCO-IPSEC-FLOW-MONITOR-MIB's cikeGlobal* objects, the order
    /// and the IKEv2 block after the IKEv1 block from 9.x, the values right-aligned to column 32); every counter is the engine's.
    /// </summary>
    [Fact]
    public void Show_crypto_isakmp_stats_prints_every_counter_right_aligned()
    {
        var statistics = new IkeStatistics
        {
            PreviousTunnels = 3, InOctets = 14924, InPackets = 144, InDropPackets = 2, InNotifys = 98, InP2Exchanges = 4, InP2ExchangeInvalids = 1,
            InP2ExchangeRejects = 2, InP2SaDeleteRequests = 2, OutOctets = 15280, OutPackets = 150, OutNotifys = 196, OutP2Exchanges = 5,
            OutP2ExchangeRejects = 1, OutP2SaDeleteRequests = 3, InitiatorTunnels = 1, InitiatorFails = 1, ResponderFails = 1, AuthFails = 1,
            HashValidFails = 2, NoSaFails = 7,
        };
        Assert.Equal(
        [
            "",
            "Global IKEv1 Statistics",
            "  Active Tunnels:              1",
            "  Previous Tunnels:            3",
            "  In Octets:               14924",
            "  In Packets:                144",
            "  In Drop Packets:             2",
            "  In Notifys:                 98",
            "  In P2 Exchanges:             4",
            "  In P2 Exchange Invalids:     1",
            "  In P2 Exchange Rejects:      2",
            "  In P2 Sa Delete Requests:    2",
            "  Out Octets:              15280",
            "  Out Packets:               150",
            "  Out Drop Packets:            0",
            "  Out Notifys:               196",
            "  Out P2 Exchanges:            5",
            "  Out P2 Exchange Invalids:    0",
            "  Out P2 Exchange Rejects:     1",
            "  Out P2 Sa Delete Requests:   3",
            "  Initiator Tunnels:           1",
            "  Initiator Fails:             1",
            "  Responder Fails:             1",
            "  System Capacity Fails:       0",
            "  Auth Fails:                  1",
            "  Decrypt Fails:               0",
            "  Hash Valid Fails:            2",
            "  No Sa Fails:                 7",
            "",
            "Global IKEv2 Statistics",
            "  Active Tunnels:              0",
        ], ShowCryptoCommands.IsakmpStats(Status(Child()) with { Statistics = statistics }));
    }

    /// <summary>[M] the ASA command reference's labels for show crypto protocol statistics and accelerator statistics.</summary>
    [Fact]
    public async Task Protocol_and_accelerator_statistics()
    {
        var sas = SaCountersMath.Zero with { Encaps = 5, Encrypt = 5, Digest = 5, Decaps = 3, Decrypt = 3, Verify = 3 };
        var view = new TrafficView(IkeStatus.Empty, Totals(sas));
        var ipsec = ShowCryptoStatisticsCommands.ProtocolStatistics(view, "ipsec").ToList();
        Assert.Equal(["[IPsec statistics]", "   Encrypt packet requests: 5", "   Encapsulate packet requests: 5", "   Decrypt packet requests: 3",
            "   Decapsulate packet requests: 3", "   HMAC calculation requests: 8", "   SA creation requests: 6", "   SA rekey requests: 0",
            "   SA deletion requests: 4", "   Next phase key allocation requests: 0", "   Random number generation requests: 0", "   Failed requests: 0"], ipsec);

        using var h = new ShowHarness();
        var all = await h.Show("show crypto protocol statistics all");
        foreach (var name in new[] { "IKEv1", "IKEv2", "IPsec", "SSL", "SSH", "SRTP", "Other" }) Assert.Contains($"[{name} statistics]\r\n", all);
        Assert.StartsWith(Lines("", "Crypto Accelerator Status", "-------------------------"), await h.Show("show crypto accelerator statistics"));
        Assert.Equal("", await h.Show("show crypto ca certificates"));
        Assert.Equal("", await h.Show("show crypto ca trustpoints"));
    }

    /// <summary>
    /// [S] ntc-templates cisco_asa_show_asp_drop2: "  description (keyword)" padded to 70, the count right-aligned in 10,
    /// each part closed by its last clearing; [S] the reason names from those captures and an ASAv 9.23 capture (need-ike).
    /// </summary>
    [Fact]
    public void Show_asp_drop_names_the_dataplanes_drops()
    {
        var sas = SaCountersMath.Zero with { InvalidIdentity = 2 };
        var drops = ShowCryptoStatisticsCommands.Drops(new TrafficView(IkeStatus.Empty, Totals(sas, invalidSa: 71490, noSa: 14)));
        var baseline = new ShowCryptoStatisticsCommands.AspBaseline();

        Assert.Equal(
        [
            "",
            "Frame drop:",
            "  Invalid SPI (np-sp-invalid-spi)                                          71490",
            "  IPSEC Spoof detected (ipsec-spoof)                                           2",
            "",
            "Last clearing: Never",
            "",
            "Flow drop:",
            "  Need to start IKE negotiation (need-ike)                                    14",
            "",
            "Last clearing: Never",
        ], ShowCryptoStatisticsCommands.AspDrop(drops, baseline, frameOnly: false, flowOnly: false));

        baseline.Clear(drops, new DateTimeOffset(2019, 3, 27, 10, 43, 33, TimeSpan.Zero), "enable_15");
        Assert.Equal(["", "Frame drop:", "", "Last clearing: 10:43:33 UTC Mar 27 2019 by enable_15"],
            ShowCryptoStatisticsCommands.AspDrop(drops, baseline, frameOnly: true, flowOnly: false));
    }

    /// <summary>
    /// A session's vpn-filter denying packets: the reason packet-tracer names, among the frame drops as an FTD (the ASA's
    /// Lina) lists it [S: the muninn parser's show asp drop fixture, "Flow is denied by configured rule (acl-drop)" under
    /// Frame drop]; that the filter's drops count there [M].
    /// </summary>
    [Fact]
    public void Show_asp_drop_counts_what_vpn_filters_denied_as_acl_drop()
    {
        var drops = ShowCryptoStatisticsCommands.Drops(new TrafficView(IkeStatus.Empty, Totals(SaCountersMath.Zero, invalidSa: 0, noSa: 0) with { VpnFilterDenied = 3 }));

        var lines = ShowCryptoStatisticsCommands.AspDrop(drops, new ShowCryptoStatisticsCommands.AspBaseline(), frameOnly: true, flowOnly: false).ToList();

        Assert.Equal(["", "Frame drop:", $"{"  Flow is denied by configured rule (acl-drop)",-70}{3,10}", "", "Last clearing: Never"], lines);
    }

    // ---- packet-tracer ------------------------------------------------------------------------------

    /// <summary>
    /// [S] a 9.x trace on the networklessons forum (Implicit Rule / MAC Access list, ROUTE-LOOKUP with
    /// "found next-hop ... using egress ifc  IF", VPN encrypt then ipsec-tunnel-flow) and drmanalo's result block.
    /// </summary>
    [Fact]
    public async Task Packet_tracer_into_a_clients_sa_encrypts()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var config = h.Appliance.Config;
        var trace = PacketTracerCommand.Decide(config, Status(Child()), [new VpnRoute(Ipv4.Parse("10.10.10.1"), Ipv4.HostMask, "outside")],
            "inside", "icmp", Ipv4.Parse("192.168.1.10"), Ipv4.Parse("10.10.10.1"));

        Assert.Equal(
        [
            "Phase: 1", "Type: ACCESS-LIST", "Subtype: ", "Result: ALLOW", "Config:", "Implicit Rule", "Additional Information:", "MAC Access list", "",
            "Phase: 2", "Type: ROUTE-LOOKUP", "Subtype: Resolve Egress Interface", "Result: ALLOW", "Config:", "Additional Information:",
            "found next-hop 10.10.10.1 using egress ifc  outside", "",
            "Phase: 3", "Type: IP-OPTIONS", "Subtype: ", "Result: ALLOW", "Config:", "Additional Information:", "",
            "Phase: 4", "Type: VPN", "Subtype: encrypt", "Result: ALLOW", "Config:", "Additional Information:", "",
            "Phase: 5", "Type: VPN", "Subtype: ipsec-tunnel-flow", "Result: ALLOW", "Config:", "Additional Information:", "",
            "Phase: 6", "Type: FLOW-CREATION", "Subtype: ", "Result: ALLOW", "Config:", "Additional Information:",
            "New flow created with id 1, packet dispatched to next module", "",
            "Result:", "input-interface: inside", "input-status: up", "input-line-status: up", "output-interface: outside", "output-status: up",
            "output-line-status: up", "Action: allow",
        ], PacketTracerCommand.Text(config, trace, detailed: false));
        Assert.Contains(" out id=0x7f5b3c4a0046, priority=70, domain=encrypt, deny=false", PacketTracerCommand.Text(config, trace, detailed: true));
        Assert.Contains("<action>allow</action>", PacketTracerCommand.Xml(config, trace));

        var cli = await h.Show("packet-tracer input inside tcp 192.168.1.10 1234 8.8.8.8 80");
        Assert.Contains(Lines("found next-hop 203.0.113.254 using egress ifc  outside"), cli);
        Assert.EndsWith(Lines("output-line-status: up", "Action: allow"), cli);
    }

    /// <summary>A static crypto map entry whose tunnel is down drops the first packet while it starts IKE [S: acl-drop as 9.x shows it]; no route drops with no-route.</summary>
    [Fact]
    public async Task Packet_tracer_drops_without_a_route_or_a_tunnel()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig +
            "access-list L2L extended permit ip 192.168.1.0 255.255.255.0 172.16.5.0 255.255.255.0\n" +
            "crypto map MAP 10 match address L2L\ncrypto map MAP 10 set peer 198.51.100.9\ncrypto map MAP 10 set ikev1 transform-set TRA\n");
        var l2l = await h.Show("packet-tracer input inside udp 192.168.1.10 1234 172.16.5.5 53");
        Assert.Contains(Lines("Type: VPN", "Subtype: encrypt", "Result: DROP", "Config:", "crypto map MAP 10 match address L2L",
            "crypto map MAP 10 set peer 198.51.100.9", "crypto map MAP 10 set ikev1 transform-set TRA", "Additional Information:"), l2l);
        Assert.EndsWith(Lines("Action: drop", "Drop-reason: (acl-drop) Flow is denied by configured rule"), l2l);

        using var bare = new ShowHarness(ShowHarness.Config.Replace("route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n", "", StringComparison.Ordinal));
        var none = await bare.Show("packet-tracer input inside icmp 192.168.1.10 8 0 8.8.4.4 detailed");
        Assert.Contains(Lines("Type: ROUTE-LOOKUP", "Subtype: Resolve Egress Interface", "Result: DROP"), none);
        Assert.EndsWith(Lines("output-interface: NP Identity Ifc", "Action: drop", "Drop-reason: (no-route) No route to host"), none);
    }

    /// <summary>
    /// The session's vpn-filter in the tunnel's flow phase [M: the drop there, as acl-drop, the reason show asp drop counts]:
    /// the client is the ACL's source, so a packet to it passes only as the return of a flow the list admits from it
    /// ([C] the vpn-filter configuration example), as the dataplane decides it.
    /// </summary>
    [Fact]
    public void Packet_tracer_applies_the_sessions_vpn_filter()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig + "access-list FILTER extended permit tcp host 10.10.10.1 192.168.1.0 255.255.255.0 eq ssh\n");
        var config = h.Appliance.Config;
        var status = Status(Child() with { VpnFilter = "FILTER" });
        VpnRoute[] routes = [new(Ipv4.Parse("10.10.10.1"), Ipv4.HostMask, "outside")];
        PacketTracerCommand.Trace Trace(int sport, int dport) => PacketTracerCommand.Decide(config, status, routes, "inside", "tcp",
            Ipv4.Parse("192.168.1.10"), Ipv4.Parse("10.10.10.1"), new PacketTracerCommand.Flow(sport, dport));

        var denied = PacketTracerCommand.Text(config, Trace(1234, 80), detailed: false).ToList();
        Assert.Equal(["Phase: 5", "Type: VPN", "Subtype: ipsec-tunnel-flow", "Result: DROP", "Config:", "Additional Information:", ""],
            denied.Skip(denied.IndexOf("Phase: 5")).Take(7));
        Assert.Equal(["output-interface: outside", "output-status: up", "output-line-status: up", "Action: drop",
            "Drop-reason: (acl-drop) Flow is denied by configured rule"], denied.TakeLast(5));

        var answer = PacketTracerCommand.Text(config, Trace(22, 40000), detailed: false).ToList();
        Assert.Equal(["Result: ALLOW"], answer.Skip(answer.IndexOf("Subtype: ipsec-tunnel-flow") + 1).Take(1));
        Assert.Equal("Action: allow", answer[^1]);
        // Without a filter the same packet passes.
        Assert.Equal("Action: allow", PacketTracerCommand.Text(config, PacketTracerCommand.Decide(config, Status(Child()), routes, "inside", "tcp",
            Ipv4.Parse("192.168.1.10"), Ipv4.Parse("10.10.10.1"), new PacketTracerCommand.Flow(1234, 80)), detailed: false).Last());
    }

    // ---- debug crypto condition ---------------------------------------------------------------------

    /// <summary>[C] ASA command reference, debug crypto condition: the crypto debug lines are shown for the peers, users and groups named; [M] the show layout.</summary>
    [Fact]
    public async Task Debug_crypto_condition_filters_the_debug_lines()
    {
        using var h = new ShowHarness();
        var (monitor, terminal) = await h.Open();
        using (monitor)
        {
            await ShowHarness.Run(monitor, terminal, "debug crypto ikev1 127");
            await ShowHarness.Run(monitor, terminal, "debug crypto condition peer 198.51.100.7");
            await ShowHarness.Run(monitor, terminal, "debug crypto condition group EZ");
            Assert.Equal(Lines("Crypto conditional debug is turned ON", "IKE peer IP address filters:", "198.51.100.7/32 ",
                "IKE group name filters:", "EZ"), await ShowHarness.Run(monitor, terminal, "show crypto debug-condition"));

            var debug = await Shown(h, monitor, terminal, Ike("shown by peer") with { Peer = "198.51.100.7" },
                Ike("shown by group") with { Peer = "198.51.100.8", Group = "EZ" }, Ike("filtered out") with { Peer = "198.51.100.9", Group = "OTHER" },
                Ike("no context, filtered out"));
            Assert.Contains("shown by peer", debug);
            Assert.Contains("shown by group", debug);
            Assert.DoesNotContain("filtered out", debug);

            await ShowHarness.Run(monitor, terminal, "no debug crypto condition group EZ");
            Assert.Equal(Lines("Crypto conditional debug is turned ON", "IKE peer IP address filters:", "198.51.100.7/32 "),
                await ShowHarness.Run(monitor, terminal, "show crypto debug-condition"));
            await ShowHarness.Run(monitor, terminal, "no debug crypto condition");
            Assert.Equal(Lines("Crypto conditional debug is turned OFF"), await ShowHarness.Run(monitor, terminal, "show crypto debug-condition"));
            Assert.Contains("everything again", await Shown(h, monitor, terminal, Ike("everything again") with { Peer = "198.51.100.9" }));
        }
    }

    private static AsaEmu.Crypto.Events.AsaEvent Ike(string text) => AsaEmu.Crypto.Events.AsaEvent.Ike(1, text);

    /// <summary>Publishes <paramref name="events"/> and returns what the session showed of them.</summary>
    private static async Task<string> Shown(ShowHarness h, SessionMonitor monitor, FakeTerminal terminal, params AsaEmu.Crypto.Events.AsaEvent[] events)
    {
        var before = terminal.Output.Length;
        foreach (var e in events) h.Appliance.Events.Publish(e);
        await monitor.WaitIdleAsync();
        return terminal.Output[before..];
    }

    /// <summary>
    /// [C] ASA command reference, debug crypto condition: <c>user NAME</c> shows the debug lines of that user's
    /// negotiations; <c>debug crypto condition reset</c> removes every condition and the filtering with them.
    /// </summary>
    [Fact]
    public async Task Debug_crypto_condition_user_and_reset()
    {
        using var h = new ShowHarness();
        var (monitor, terminal) = await h.Open();
        using (monitor)
        {
            await ShowHarness.Run(monitor, terminal, "debug crypto ikev1 127");
            await ShowHarness.Run(monitor, terminal, "debug crypto condition user cisco");
            Assert.Equal(Lines("Crypto conditional debug is turned ON", "IKE user name filters:", "cisco"),
                await ShowHarness.Run(monitor, terminal, "show crypto debug-condition"));

            var debug = await Shown(h, monitor, terminal, Ike("shown for the user") with { Peer = "198.51.100.7", Group = "EZ", User = "cisco" },
                Ike("another user, filtered out") with { Peer = "198.51.100.8", Group = "EZ", User = "bob" });
            Assert.Contains("shown for the user", debug);
            Assert.DoesNotContain("filtered out", debug);

            await ShowHarness.Run(monitor, terminal, "debug crypto condition reset");
            Assert.Equal(Lines("Crypto conditional debug is turned OFF"), await ShowHarness.Run(monitor, terminal, "show crypto debug-condition"));
            Assert.Contains("bob again", await Shown(h, monitor, terminal, Ike("bob again") with { Peer = "198.51.100.8", User = "bob" }));
        }
    }

    // ---- passwords at the CLI --------------------------------------------------------------------------

    /// <summary>A password typed at the CLI is stored PBKDF2 with a fresh random salt, shown pbkdf2, and logs in (9.7+) [S: the 9.12(4) capture's pbkdf2 lines].</summary>
    [Fact]
    public async Task Passwords_typed_at_the_cli_are_pbkdf2_with_a_random_salt()
    {
        using var h = new ShowHarness();
        var run = await h.Show("configure terminal", "username ops password Secr3t privilege 15", "username dev password Secr3t",
            "enable password En4ble", "end", "show running-config username");
        var lines = run.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^username ops password \$sha512\$5000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{22}== pbkdf2 privilege 15$", lines[0]);
        Assert.Matches(@"^username dev password \$sha512\$5000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{22}== pbkdf2$", lines[1]);
        Assert.NotEqual(lines[0].Split(' ')[3], lines[1].Split(' ')[3]);
        Assert.Matches(@"^enable password \$sha512\$5000\$\S+ pbkdf2$", h.Appliance.Config.Get<EnablePassword>("15")!.Render(null!).Single());

        var login = h.Appliance.Authenticate(new AsaEmu.Crypto.Aaa.LoginAttempt("ops", "Secr3t", null, AsaEmu.Crypto.Aaa.LoginService.Ssh));
        Assert.Equal("ops", login.User?.Name);
        Assert.True(ModeCommands.EnablePasswordMatches(h.Appliance.Config, "En4ble"));
        Assert.False(ModeCommands.EnablePasswordMatches(h.Appliance.Config, "en4ble"));
    }
}
