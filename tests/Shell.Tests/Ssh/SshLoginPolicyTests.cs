using System.Net;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Tests.Fakes;
using AsaEmu.Shell.Transports;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>
/// Who may log in over SSH, how often, and what is logged: the appliance's SSH server (SshCli) on
/// 127.0.0.1 and a free port, SSH.NET as the client (one password try per connection).
/// </summary>
public sealed class SshLoginPolicyTests : IAsyncLifetime
{
    private const string Config = """
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 127.0.0.1 255.0.0.0
        logging enable
        logging buffered informational
        logging buffer-size 1048576
        username ops password opspass privilege 5
        username admin password adminpass privilege 15
        username kiosk nopassword privilege 15
        aaa authentication ssh console LOCAL
        aaa local authentication attempts max-fail 3
        ssh 127.0.0.1 255.255.255.255 inside
        """;

    private static readonly MemoryHostKeyStore Keys = new();
    private readonly ShowHarness _harness = new(config: null);
    private readonly CancellationTokenSource _stop = new();
    private Appliance _appliance = null!;
    private SshServer _server = null!;

    public Task InitializeAsync() => StartAsync(Config, managementListener: false);

    private async Task StartAsync(string config, bool managementListener)
    {
        if (_server is not null) await _server.DisposeAsync();
        _appliance = _harness.Boot(config);
        var cli = new SshCli(_appliance, managementListener);
        lock (Keys)
            _server = new SshServer(new SshServerOptions
            {
                HostKeyStore = Keys, Authenticator = cli.AuthenticateAsync, Handler = cli, AuthFailureDelay = _ => TimeSpan.Zero,
            });
        _server.Start(new IPEndPoint(IPAddress.Loopback, 0), _stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        _stop.Dispose();
        _harness.Dispose();
    }

    /// <summary>One connection, one password; true when the server let the user in.</summary>
    private bool Login(string user, string password)
    {
        using var client = new SshClient("127.0.0.1", _server.LocalEndPoint!.Port, user, password);
        client.ConnectionInfo.Timeout = TimeSpan.FromSeconds(15);
        try
        {
            client.Connect();
            return client.IsConnected;
        }
        catch (SshAuthenticationException)
        {
            return false;
        }
    }

    private List<string> Logged(int id) =>
        [.. _appliance.Events.Buffer.Lines.Where(l => l.Contains($"-{id}: ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf($"-{id}: ", StringComparison.Ordinal) + id.ToString().Length + 3)..])];

    private async Task<string> Cli(string command)
    {
        var (monitor, terminal) = await OpenAsync();
        using (monitor) return await ShowHarness.Run(monitor, terminal, command);
    }

    private async Task<(Events.SessionMonitor, FakeTerminal)> OpenAsync()
    {
        var terminal = new FakeTerminal { Echo = false };
        var monitor = Events.SessionMonitor.Open(_appliance, terminal, console: true, "console");
        monitor.Session.Privilege = 15;
        await monitor.WaitIdleAsync();
        return (monitor, terminal);
    }

    [Fact]
    public async Task Max_fail_wrong_passwords_lock_the_user_out_the_right_one_is_refused_and_clearing_the_lockout_lets_it_in()
    {
        for (var i = 0; i < 3; i++) Assert.False(Login("ops", $"guess{i}"));
        Assert.False(Login("ops", "opspass"));

        Assert.Contains("User 'ops' locked out on exceeding '3' successive failed authentication attempts", Logged(113006));
        Assert.Equal("Lock-time Failed-attempts Locked User\r\n        -               3      Y ops\r\n", await Cli("show aaa local user locked"));

        Assert.Equal("", await Cli("clear aaa local user lockout username ops"));
        Assert.Contains("User 'ops' unlocked by 'enable_15'", Logged(113007));
        Assert.True(Login("ops", "opspass"));
        Assert.Equal("AAA user authentication Successful : local database : user = ops", Logged(113012).Last());
    }

    [Fact]
    public async Task Every_try_is_logged_605005_or_605004_with_the_interface_the_client_reached()
    {
        Assert.True(Login("admin", "adminpass"));
        Assert.False(Login("admin", "wrong"));

        var permitted = Assert.Single(Logged(605005));
        Assert.Matches(@"^Login permitted from 127\.0\.0\.1/\d+ to inside:127\.0\.0\.1/ssh for user ""admin""$", permitted);
        Assert.Matches(@"^Login denied from 127\.0\.0\.1/\d+ to inside:127\.0\.0\.1/ssh for user ""admin""$", Assert.Single(Logged(605004)));
        Assert.Equal(["AAA user authentication Rejected : reason = Invalid password : local database : user = admin : user IP = 127.0.0.1"], Logged(113015));

        // The host-side listener of --ssh is on no interface of the config: it is the management port.
        await StartAsync(Config.Replace("127.0.0.1 255.0.0.0", "192.0.2.1 255.255.255.0").Replace("ssh 127.0.0.1 255.255.255.255 inside\n", ""), managementListener: true);
        Assert.True(Login("admin", "adminpass"));
        Assert.Matches(@"^Login permitted from 127\.0\.0\.1/\d+ to management:127\.0\.0\.1/ssh for user ""admin""$", Assert.Single(Logged(605005)));
    }

    [Fact]
    public async Task A_brute_force_across_many_connections_is_throttled_logged_and_gets_nowhere()
    {
        // admin is privilege 15 and so never locked out: the per-source throttle is what stops the guessing.
        for (var i = 0; i < 12; i++) Assert.False(Login("admin", $"guess{i}"));
        Assert.False(Login("admin", "adminpass"));

        Assert.Equal(13, Logged(605004).Count);
        Assert.Empty(Logged(605005));
        Assert.Empty(Logged(113006));
        // Five free guesses and the one that tripped the block were checked; nothing more was looked at.
        Assert.Equal(6, Logged(113015).Count);
        Assert.Equal("Lock-time Failed-attempts Locked User\r\n        -               6      N admin\r\n", await Cli("show aaa local user"));

        _harness.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(Login("admin", "adminpass"));
    }

    [Fact]
    public void A_nopassword_user_cannot_log_in_with_any_password()
    {
        Assert.False(Login("kiosk", ""));
        Assert.False(Login("kiosk", "anything"));

        Assert.Equal(2, Logged(605004).Count);
    }

    [Fact]
    public async Task Without_aaa_authentication_ssh_console_local_nobody_logs_in()
    {
        await StartAsync(Config.Replace("aaa authentication ssh console LOCAL\n", "") + "passwd cisco\n", managementListener: false);

        Assert.False(Login("admin", "adminpass"));
        Assert.False(Login("pix", "cisco"));
        Assert.False(Login("asa", "cisco"));
        Assert.Equal(3, Logged(605004).Count);
    }
}
