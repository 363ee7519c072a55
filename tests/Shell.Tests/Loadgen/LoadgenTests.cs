using System.CommandLine;
using System.Net;
using System.Text.Json;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Shell.Hosting;
using AsaEmu.Shell.Loadgen;
using AsaEmu.TestKit.Ike;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Shell.Tests.Loadgen;

/// <summary>
/// <c>asaemu loadgen</c> against AsaEmu's IKE service in process (the kit's IkeStack on the in-memory
/// outside): many clients from one address come up, a headend with another group key refuses them
/// (counted by reason), and arguments it cannot run with get a clear answer.
/// </summary>
public sealed class LoadgenTests : IAsyncDisposable
{
    private static readonly IPAddress Headend = IPAddress.Parse("203.0.113.1");
    private static readonly IPAddress Clients = IPAddress.Parse("198.51.100.7");

    private readonly MemoryNetwork _network = new();
    private IkeStack? _stack;

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }

    /// <summary>A headend with a pool for everyone, users user1..user40 (password pass1..) and the group EZ with key cisco.</summary>
    private static AsaConfig HeadendConfig(string extra = "", string outside = "203.0.113.1", string mask = "255.255.255.0")
    {
        var users = string.Join("\n", Enumerable.Range(1, 40).Select(n => $"username user{n} password pass{n}"));
        var load = ConfigLoader.Load(FirstMessages.HeadendConfig(outside, mask) + $"""

            crypto ikev1 policy 20
             authentication pre-share
             encryption aes
             hash sha
             group 14
             lifetime 86400
            ip local pool POOL 10.10.0.1-10.10.0.200 mask 255.255.255.0
            crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac
            crypto dynamic-map DYN 10 set ikev1 transform-set TRA
            crypto dynamic-map DYN 10 set pfs group2
            crypto map MAP 65000 ipsec-isakmp dynamic DYN
            crypto map MAP interface outside
            {users}
            tunnel-group EZ general-attributes
             address-pool POOL
            {extra}
            """);
        Assert.Equal(0, load.Errors);
        return load.Config;
    }

    private void StartHeadend(AsaConfig config)
    {
        _stack = new IkeStack(() => config, _network, ikePort: 500, natTPort: 4500);
        Assert.Empty(_stack.Start());
    }

    private async Task<LoadgenReport> RunAsync(LoadgenOptions options, IOutsideNetwork? network = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hung run ends, and fails below
        return await new LoadGenerator(options, network ?? _network, TimeProvider.System, SystemRandom.Instance).RunAsync(timeout.Token);
    }

    private static LoadgenOptions Options(int tunnels, string key = "cisco") =>
        new(new IPEndPoint(Headend, 500), Clients, tunnels, "EZ", key, "user{n}", "pass{n}");

    [Fact]
    public async Task Twenty_clients_from_one_address_come_up_through_xauth_mode_config_and_quick_mode_over_nat_t()
    {
        StartHeadend(HeadendConfig());

        var report = await RunAsync(Options(20) with { PfsGroup = 2, Concurrency = 8 });

        Assert.Equal((20, 20, 0, 0), (report.Started, report.Up, report.Failed, report.Lost));
        Assert.Equal(20, report.SetupMilliseconds.Count);
        Assert.True(report.Percentile(50) <= report.Percentile(99));
        Assert.True(report.HandshakesPerSecond > 0 && report.UntilLastUp <= report.Elapsed);
        // Each client had a socket of its own: twenty source ports on the one address (all closed at the end).
        Assert.DoesNotContain(_network.Endpoints, e => e.Local.Address.Equals(Clients));
    }

    [Fact]
    public async Task Over_real_sockets_on_loopback_forty_clients_from_one_address_come_up_through_the_one_receive_loop()
    {
        // The headend on 127.0.0.1's ephemeral ports; the clients' sockets on 127.0.0.2, each its own port, all
        // received from by SocketClientPorts' one thread. Without NAT-T: with it the clients float to port 4500.
        var config = HeadendConfig(outside: "127.0.0.1", mask: "255.0.0.0");
        _stack = new IkeStack(() => config, SocketNetwork.Instance);
        Assert.Empty(_stack.Start());
        var (server, _) = Assert.Single(_stack.Outside.Listening);

        var report = await RunAsync(new LoadgenOptions(server, IPAddress.Parse("127.0.0.2"), 40, "EZ", "cisco", "user{n}", "pass{n}")
            { PfsGroup = 2, Concurrency = 10, NatTraversal = false }, SocketNetwork.Instance);

        Assert.Equal((40, 40, 0, 0), (report.Started, report.Up, report.Failed, report.Lost));
    }

    [Fact]
    public async Task With_sources_the_clients_are_spread_over_consecutive_addresses_one_after_another()
    {
        StartHeadend(HeadendConfig());
        // 198.51.100.7-10; the third is not the host's: clients 3, 7 and 11 fail on it, the rest come up from the others
        // (the headend's crypto map asks for PFS).
        lock (_network.Missing) _network.Missing.Add(IPAddress.Parse("198.51.100.9"));

        var report = await RunAsync(Options(12) with { Sources = 4, PfsGroup = 2 });

        Assert.Equal((12, 9), (report.Started, report.Up));
        var (reason, count) = Assert.Single(report.Failures);
        Assert.StartsWith("socket: ", reason, StringComparison.Ordinal);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task In_main_mode_the_clients_come_up_keyed_by_default_ra_group()
    {
        StartHeadend(HeadendConfig("""
            tunnel-group DefaultRAGroup general-attributes
             address-pool POOL
            tunnel-group DefaultRAGroup ipsec-attributes
             ikev1 pre-shared-key android
            """));

        var report = await RunAsync(Options(4, key: "android") with { MainMode = true, Group = "DefaultRAGroup", PfsGroup = 2 });

        Assert.Equal((4, 0), (report.Up, report.Failed));
    }

    [Fact]
    public async Task Without_nat_t_at_a_set_rate_with_group_14_the_clients_come_up_too()
    {
        StartHeadend(HeadendConfig());

        var report = await RunAsync(Options(4) with { NatTraversal = false, DhGroup = 14, PfsGroup = 2, Rate = 50 });

        Assert.Equal((4, 0), (report.Up, report.Failed));
    }

    [Fact]
    public async Task A_headend_with_another_group_key_refuses_every_client_and_the_failures_are_counted_by_reason()
    {
        StartHeadend(HeadendConfig());

        var report = await RunAsync(Options(5, key: "wrong"));

        Assert.Equal((5, 0, 5), (report.Started, report.Up, report.Failed));
        Assert.Equal(new Dictionary<string, int> { ["HASH_R mismatch (wrong group key?)"] = 5 }, report.Failures);
        var json = JsonDocument.Parse(report.Json()).RootElement;
        Assert.Equal(5, json.GetProperty("failures").GetProperty("HASH_R mismatch (wrong group key?)").GetInt32());
        Assert.Contains("failed:       5 HASH_R mismatch (wrong group key?)", report.Summary());
    }

    [Fact]
    public async Task A_user_the_headend_refuses_fails_as_xauth_refused()
    {
        StartHeadend(HeadendConfig());

        var report = await RunAsync(Options(2) with { Password = "nope" });

        Assert.Equal(new Dictionary<string, int> { ["XAUTH refused"] = 2 }, report.Failures);
    }

    [Fact]
    public async Task A_headend_that_never_answers_times_the_clients_out()
    {
        var report = await RunAsync(Options(3) with { SetupTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(new Dictionary<string, int> { ["timeout"] = 3 }, report.Failures);
    }

    [Fact]
    public async Task A_source_address_the_host_lacks_fails_each_client_as_a_socket_error_and_the_run_ends()
    {
        lock (_network.Missing) _network.Missing.Add(Clients);

        var report = await RunAsync(Options(3));

        var (reason, count) = Assert.Single(report.Failures);
        Assert.StartsWith("socket: ", reason, StringComparison.Ordinal);
        Assert.Equal((3, 3, 0), (count, report.Started, report.Up));
    }

    [Fact]
    public void Percentiles_are_nearest_rank_and_the_progress_line_names_failures_by_reason()
    {
        var report = new LoadgenReport(10, 10, 8, 0, new Dictionary<string, int> { ["timeout"] = 2 }, [.. Enumerable.Range(1, 8).Select(i => i * 10.0)],
            TimeSpan.FromSeconds(4), 3, TimeSpan.FromSeconds(2));

        Assert.Equal((40, 80), (report.Percentile(50), report.Percentile(99)));
        Assert.Equal(4.0, report.HandshakesPerSecond); // 8 up in the 2 s until the last
        Assert.Equal("up 8/10  started 10  3.0 handshakes/s  failed 2 (timeout 2)  lost 0  setup p50 40 ms p99 80 ms  4 s", report.ProgressLine());
        Assert.Equal(2, JsonDocument.Parse(report.Json()).RootElement.GetProperty("setupSeconds").GetDouble());
    }

    [Theory]
    [InlineData("asaemu loadgen: HEADEND 'headend.example' is not an IPv4 address", "headend.example")]
    [InlineData("asaemu loadgen: --tunnels must be at least 1", "192.0.2.1", "--tunnels", "0")]
    [InlineData("asaemu loadgen: --dh-group 3: one of 1, 2, 5, 14, 15, 16, 19, 20", "192.0.2.1", "--dh-group", "3")]
    [InlineData("asaemu loadgen: --pfs 7: one of 1, 2, 5, 14, 15, 16, 19, 20", "192.0.2.1", "--pfs", "7")]
    [InlineData("asaemu loadgen: --rate must be 0 (as fast as possible) or a positive number of tunnels a second", "192.0.2.1", "--rate", "-1")]
    [InlineData("asaemu loadgen: --timeout must be positive", "192.0.2.1", "--timeout", "0")]
    [InlineData("asaemu loadgen: --hold must not be negative", "192.0.2.1", "--hold", "-5")]
    [InlineData("asaemu loadgen: --port must be 1-65535", "192.0.2.1", "--port", "70000")]
    [InlineData("asaemu loadgen: --source 'eth0' is not an IPv4 address", "192.0.2.1", "--source", "eth0")]
    [InlineData("asaemu loadgen: --concurrency must be at least 1", "192.0.2.1", "--concurrency", "0")]
    [InlineData("asaemu loadgen: --sources must be at least 1", "192.0.2.1", "--sources", "0")]
    [InlineData("asaemu loadgen: --sources: the addresses run past 255.255.255.255", "192.0.2.1", "--source", "255.255.255.250", "--sources", "10")]
    [InlineData("asaemu loadgen: --ping 'lan' is not an IPv4 address", "192.0.2.1", "--ping", "lan")]
    [InlineData("asaemu loadgen: --ping needs NAT-T: the ESP goes in UDP through each client's port", "192.0.2.1", "--ping", "198.18.1.2", "--no-nat-t")]
    [InlineData("asaemu loadgen: --ping-tunnels must be at least 1", "192.0.2.1", "--ping", "198.18.1.2", "--ping-tunnels", "0")]
    [InlineData("asaemu loadgen: --ping-count must be 1-65535", "192.0.2.1", "--ping", "198.18.1.2", "--ping-count", "0")]
    public void Arguments_it_cannot_run_with_get_a_clear_error_and_exit_status_2(string expected, params string[] args)
    {
        var (exit, error) = Invoke(["loadgen", .. args]);

        Assert.Equal(LoadgenCommand.BadArguments, exit);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused_by_the_parser()
    {
        var (exit, error) = Invoke("loadgen", "192.0.2.1", "--tunnels", "many");

        Assert.NotEqual(0, exit);
        Assert.Contains("many", error);
    }

    private static (int Exit, string Error) Invoke(params string[] args)
    {
        var root = AsaEmuCommandLine.Create((_, _, _) => Task.FromResult(0));
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }
}
