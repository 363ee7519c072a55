using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Tests.Ike;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Hosting;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// No secret on a screen (issue 10): each secret of the config, loaded or typed, is absent from
/// show running-config, show logging, a privilege-1 and a privilege-15 monitor session while a
/// client negotiates with debug crypto explain on, show history, the daemon's stderr, config
/// load reports and check-config; present in clear in more system:running-config.
/// </summary>
public sealed class SecretsOnScreenTests : IDisposable
{
    private const string Config = """
        hostname asa1
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address 198.18.0.1 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 198.18.1.1 255.255.255.0
         ospf message-digest-key 1 md5 ospfkey-L1
        logging enable
        logging timestamp
        logging buffered debugging
        logging debug-trace
        ip local pool POOL 198.19.0.10-198.19.0.99 mask 255.255.255.0
        aaa-server RAD protocol radius
        aaa-server RAD (inside) host 198.18.1.5
         key radkey-L2
        aaa-server OLD (inside) host 198.18.1.6 oldkey-L3 timeout 5
        snmp-server host inside 198.18.1.7 community hostcomm-L4 version 2c
        snmp-server community comm-L5
        ntp authentication-key 1 md5 ntpkey-L6
        failover key fokey-L7
        crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac
        crypto dynamic-map DYN 10 set ikev1 transform-set TRA
        crypto map MAP 65000 ipsec-isakmp dynamic DYN
        crypto map MAP interface outside
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         authentication pre-share
         encryption aes
         hash sha
         group 2
         lifetime 86400
        group-policy EZ internal
        group-policy EZ attributes
         vpn-tunnel-protocol ikev1
        username vpnuser password xauth-L8
        tunnel-group EZ type remote-access
        tunnel-group EZ general-attributes
         address-pool POOL
         default-group-policy EZ
        tunnel-group EZ ipsec-attributes
         ikev1 pre-shared-key psk-L9
        """;

    /// <summary>Secrets the config file carries (xauth-L8 is shown by the ASA as its hash only).</summary>
    private static readonly string[] Loaded = ["ospfkey-L1", "radkey-L2", "oldkey-L3", "hostcomm-L4", "comm-L5", "ntpkey-L6", "fokey-L7", "psk-L9"];

    /// <summary>Secrets typed at the CLI; the clear passwords are never shown, not even by more system:running-config.</summary>
    private static readonly string[] TypedKeys = ["typedcomm-T1", "typedpsk-T2", "typedfo-T3"];
    private static readonly string[] TypedPasswords = ["typedpw-T4", "enablepw-T5"];

    private static readonly string[] Typed =
    [
        "configure terminal",
        "snmp-server community typedcomm-T1",
        "tunnel-group EZ ipsec-attributes",
        "ikev1 pre-shared-key typedpsk-T2",
        "failover key typedfo-T3",
        "username test password typedpw-T4 privilege 15",
        "enable password enablepw-T5 level 15",
        "end",
    ];

    private readonly ShowHarness _asa = new(Config);

    public void Dispose() => _asa.Dispose();

    private static string[] All => [.. Loaded, .. TypedKeys, .. TypedPasswords, "xauth-L8"];

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in All) Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task Show_running_config_and_show_logging_show_none_and_more_system_running_config_shows_the_keys()
    {
        // One session types the secrets and reads back (a new one could not enable: the enable password changed).
        var (monitor, terminal) = await _asa.Open(console: false, origin: "198.18.1.50");
        using var session = monitor;
        foreach (var line in Typed)
            Assert.DoesNotContain("ERROR", await ShowHarness.Run(monitor, terminal, line));

        var running = await ShowHarness.Run(monitor, terminal, "show running-config");
        var logging = await ShowHarness.Run(monitor, terminal, "show logging");
        var clear = await ShowHarness.Run(monitor, terminal, "more system:running-config");
        var history = await ShowHarness.Run(monitor, terminal, "show history");

        AssertNoSecret(running);
        AssertNoSecret(logging);
        AssertNoSecret(history);
        Assert.Contains("  username test password ***** privilege 15", history);
        Assert.Contains(" ikev1 pre-shared-key *****", running);
        Assert.Contains(" key *****", running);
        Assert.Contains("snmp-server community *****", running);
        // 111008 as the ASA logs it, the typed secrets masked.
        Assert.Contains("User 'enable_15' executed the 'username test password ***** privilege 15' command.", logging);
        Assert.Contains("User 'enable_15' executed the 'ikev1 pre-shared-key *****' command.", logging);
        foreach (var key in Loaded.Concat(TypedKeys).Where(k => k != "psk-L9" && k != "fokey-L7")) Assert.Contains(key, clear);
        // The typed key replaced the loaded one; the typed failover key replaced the loaded one.
        Assert.Contains(" ikev1 pre-shared-key typedpsk-T2", clear);
        foreach (var password in TypedPasswords.Append("xauth-L8")) Assert.DoesNotContain(password, clear);
    }

    [Fact]
    public async Task Monitor_sessions_and_stderr_see_no_secret_while_a_client_negotiates_with_debug_crypto_explain()
    {
        var stderr = new StringWriter();
        using var log = ApplianceHost.LogTo(_asa.Appliance, stderr);
        var (admin, adminTerminal) = await _asa.Open(console: false, origin: "198.18.1.50");
        using var adminSession = admin;
        var userTerminal = new FakeTerminal { Echo = false };
        using var user = SessionMonitor.Open(_asa.Appliance, userTerminal, console: false, origin: "198.18.1.51");

        // A privilege-1 session cannot turn on terminal monitor; a privilege-15 one can.
        var refused = await ShowHarness.Run(user, userTerminal, "terminal monitor");
        Assert.Contains("ERROR: % Invalid input detected at '^' marker.", refused);
        foreach (var line in new[] { "terminal monitor", "debug crypto ikev1 255", "debug crypto explain" })
            await ShowHarness.Run(admin, adminTerminal, line);

        var authenticated = Negotiate();
        foreach (var e in authenticated) _asa.Appliance.Events.Publish(e);
        await admin.WaitIdleAsync();
        await user.WaitIdleAsync();
        await log.WaitIdleAsync();

        var watched = adminTerminal.Output;
        // The explain lines are there, with the config lines masked.
        Assert.Contains("(explain) decided by config line", watched);
        Assert.Contains("ikev1 pre-shared-key *****", watched);
        Assert.Contains("username vpnuser password ", watched);
        Assert.Contains("User (vpnuser) authenticated.", watched);
        AssertNoSecret(watched);
        AssertNoSecret(userTerminal.Output);
        Assert.DoesNotContain("IKEv1", userTerminal.Output);
        // logging debug-trace copies the debug lines, explanations included, to syslog: stderr and the buffer.
        Assert.Contains("711001", stderr.ToString());
        AssertNoSecret(stderr.ToString());
        AssertNoSecret(await _asa.Show("show logging"));
    }

    /// <summary>An EzVPN client in the test process: aggressive mode with the group's key, then XAUTH; the engine's events.</summary>
    private List<Crypto.Events.AsaEvent> Negotiate()
    {
        var server = new IPEndPoint(IPAddress.Parse("198.18.0.1"), 500);
        var client = new TestInitiator(new SeededRandom(2), "EZ", "psk-L9", new IPEndPoint(IPAddress.Parse("198.18.0.2"), 500), server);
        var engine = new IkeEngine(new SeededRandom(1));
        var now = _asa.Clock.Now;
        var events = new List<Crypto.Events.AsaEvent>();
        IkeOutputs Step(IkeDatagram d)
        {
            var o = engine.Receive(d, _asa.Appliance.Config, now);
            events.AddRange(o.Events);
            return o;
        }
        client.TakeAm2(Assert.Single(Step(client.Am1()).Datagrams));
        client.Client = new IPEndPoint(IPAddress.Parse("198.18.0.2"), 4500);
        client.Server = new IPEndPoint(IPAddress.Parse("198.18.0.1"), 4500);
        var (xauthId, _) = client.Open(Assert.Single(Step(client.Am3()).Datagrams));
        Step(client.Transaction(xauthId, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "vpnuser"u8.ToArray()),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "xauth-L8"u8.ToArray())])));
        return events;
    }

    [Fact]
    public void A_config_load_problem_on_stderr_and_check_config_show_the_line_masked()
    {
        const string bad = "username bob password loadpw-E1 privilege 99\nsnmp-server community loadcomm-E2 extra-word\nhostname ok\n";
        var load = ConfigLoader.Load(bad);
        var stderr = new StringWriter();
        ApplianceHost.ReportLoad("startup-config", load, stderr);
        Assert.Contains("username bob password ***** privilege 99", stderr.ToString());
        Assert.DoesNotContain("loadpw-E1", stderr.ToString());

        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "bad.cfg");
        File.WriteAllText(file, bad);
        foreach (var json in new[] { false, true })
        {
            var output = new StringWriter();
            CheckConfigCommand.Run(file, json, verbose: true, output, new StringWriter());
            Assert.Contains("username bob password ***** privilege 99", output.ToString());
            Assert.DoesNotContain("loadpw-E1", output.ToString());
            Assert.DoesNotContain("loadcomm-E2", output.ToString());
        }
    }
}
