using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// <c>asaemu loadgen HEADEND [--tunnels N] [--rate R] ...</c>: N simulated EzVPN clients against any
/// IKEv1 headend (<see cref="LoadGenerator"/>). A live progress line on stderr when it is a terminal,
/// the summary (or <c>--json</c>) on stdout. Exit status 0 when every tunnel came up and stayed up (and with
/// <c>--ping</c> every sampled tunnel had an echo reply),
/// 1 when some failed or were lost, 2 for arguments it cannot run with; SIGINT or SIGTERM ends the run early, with the tunnels deleted and
/// the summary printed.
/// </summary>
public static class LoadgenCommand
{
    public const int AllUp = 0;
    public const int SomeFailed = 1;
    public const int BadArguments = 2;

    public static Command Create()
    {
        var headend = new Argument<string>("HEADEND") { Description = "The headend's IPv4 address" };
        var tunnels = new Option<int>("--tunnels", "-n") { Description = "How many clients (tunnels)", DefaultValueFactory = _ => 1, HelpName = "N" };
        var rate = new Option<double>("--rate") { Description = "Clients started per second (0: as fast as --concurrency allows)", HelpName = "PER-SECOND" };
        var concurrency = new Option<int>("--concurrency") { Description = "Negotiations under way at once, at most", DefaultValueFactory = _ => 200, HelpName = "N" };
        var group = new Option<string>("--group") { Description = "The tunnel-group (the Cisco client's group name)", DefaultValueFactory = _ => "EZ" };
        var key = new Option<string>("--key") { Description = "The group's pre-shared key", DefaultValueFactory = _ => "cisco" };
        var user = new Option<string>("--user") { Description = "The XAUTH user; {n} becomes the client's number (1..N)", DefaultValueFactory = _ => "cisco" };
        var password = new Option<string>("--password") { Description = "The XAUTH password; {n} as in --user", DefaultValueFactory = _ => "cisco" };
        var noXauth = new Option<bool>("--no-xauth") { Description = "Plain pre-shared keys: no XAUTH after phase 1" };
        var dhGroup = new Option<int>("--dh-group") { Description = "The Diffie-Hellman group of phase 1", DefaultValueFactory = _ => 2, HelpName = "1|2|5|14|15|16|19|20" };
        var pfs = new Option<int?>("--pfs") { Description = "PFS in Quick Mode with this Diffie-Hellman group", HelpName = "GROUP" };
        var noNatT = new Option<bool>("--no-nat-t") { Description = "Do not offer NAT traversal (the headend then answers each client's own port)" };
        var source = new Option<string?>("--source") { Description = "The clients' address (default: the one the kernel routes from to HEADEND); each client has its own UDP port on it", HelpName = "ADDR" };
        var sources = new Option<int>("--sources")
        {
            Description = "Spread the clients over this many consecutive addresses from --source, each a peer of its own (they must be local, e.g. `ip route add local 198.18.64.0/18 dev lo`)",
            DefaultValueFactory = _ => 1, HelpName = "N",
        };
        var mainMode = new Option<bool>("--main-mode") { Description = "Phase 1 in Main Mode instead of aggressive mode (the headend keys it by address: --group DefaultRAGroup)" };
        var port = new Option<int>("--port") { Description = "The headend's IKE port", DefaultValueFactory = _ => 500 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a client may take to bring its tunnel up", DefaultValueFactory = _ => 30, HelpName = "SECONDS" };
        var hold = new Option<double>("--hold") { Description = "Seconds to keep the tunnels up (answering DPD) once all have settled", HelpName = "SECONDS" };
        var ping = new Option<string?>("--ping") { Description = "Send ICMP echo requests through the sampled tunnels to this address behind the headend and count the replies (needs NAT-T)", HelpName = "ADDR" };
        var pingTunnels = new Option<int>("--ping-tunnels") { Description = "How many tunnels send them, spread over the clients", DefaultValueFactory = _ => 100, HelpName = "N" };
        var pingCount = new Option<int>("--ping-count") { Description = "Echo requests per tunnel, one a second", DefaultValueFactory = _ => 3, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object" };
        var command = new Command("loadgen",
            "Simulated EzVPN clients (aggressive or Main Mode, PSK, XAUTH, Mode Config, Quick Mode) against an IKEv1 headend: " +
            "tunnels up, handshakes/s, failures by reason, setup time percentiles")
        {
            headend, tunnels, rate, concurrency, group, key, user, password, noXauth, mainMode, dhGroup, pfs, noNatT, source, sources, port, timeout, hold,
            ping, pingTunnels, pingCount, json,
        };

        LoadgenOptions? Options(ParseResult parse, out string? problem)
        {
            problem = null;
            if (!IPAddress.TryParse(parse.GetValue(headend), out var server) || server.AddressFamily != AddressFamily.InterNetwork)
            {
                problem = $"HEADEND '{parse.GetValue(headend)}' is not an IPv4 address";
                return null;
            }

            IPAddress? local = null;
            if (parse.GetValue(source) is { } text && (!IPAddress.TryParse(text, out local) || local.AddressFamily != AddressFamily.InterNetwork))
            {
                problem = $"--source '{text}' is not an IPv4 address";
                return null;
            }

            IPAddress? target = null;
            if (parse.GetValue(ping) is { } pingText && (!IPAddress.TryParse(pingText, out target) || target.AddressFamily != AddressFamily.InterNetwork))
            {
                problem = $"--ping '{pingText}' is not an IPv4 address";
                return null;
            }

            var seconds = (double s) => double.IsFinite(s) && s >= 0 && s < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(s) : TimeSpan.MinValue;
            var options = new LoadgenOptions(new IPEndPoint(server, Math.Clamp(parse.GetValue(port), 0, 65535)), local ?? IPAddress.Any, parse.GetValue(tunnels),
                parse.GetValue(group)!, parse.GetValue(key)!, parse.GetValue(user)!, parse.GetValue(password)!)
            {
                Rate = parse.GetValue(rate),
                Concurrency = parse.GetValue(concurrency),
                DhGroup = parse.GetValue(dhGroup),
                PfsGroup = parse.GetValue(pfs),
                NatTraversal = !parse.GetValue(noNatT),
                Xauth = !parse.GetValue(noXauth),
                MainMode = parse.GetValue(mainMode),
                Sources = parse.GetValue(sources),
                SetupTimeout = parse.GetValue(timeout) is var t && t > 0 ? seconds(t) : TimeSpan.Zero,
                Hold = seconds(parse.GetValue(hold)),
                Ping = target,
                PingTunnels = parse.GetValue(pingTunnels),
                PingCount = parse.GetValue(pingCount),
            };
            problem = parse.GetValue(port) is < 1 or > 65535 ? "--port must be 1-65535" : options.Problem();
            return problem is null ? options : null;
        }

        command.SetAction(async (parse, _) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Options(parse, out var problem) is not { } options)
            {
                await error.WriteLineAsync($"asaemu loadgen: {problem}");
                return BadArguments;
            }

            return await RunAsync(options, parse.InvocationConfiguration.Output, error, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>
    /// Runs the generator over real sockets until it ends or SIGINT/SIGTERM stops it (the process's
    /// signal handling is ours: Program turns System.CommandLine's off); prints the summary.
    /// </summary>
    public static async Task<int> RunAsync(LoadgenOptions options, TextWriter output, TextWriter error, bool json)
    {
        if (options.Local.Equals(IPAddress.Any)) options = options with { Local = SourceFor(options.Server.Address) };
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var generator = new LoadGenerator(options, SocketNetwork.Instance, TimeProvider.System, SystemRandom.Instance);
        var live = !Console.IsErrorRedirected;
        var progress = live ? new Timer(_ => error.Write("\r" + generator.Progress.ProgressLine() + "\u001b[K"), null, TimeSpan.Zero, TimeSpan.FromSeconds(1)) : null;
        LoadgenReport report;
        try
        {
            report = await generator.RunAsync(stop.Token);
        }
        finally
        {
            if (progress is not null) await progress.DisposeAsync();
        }

        if (live) await error.WriteLineAsync("\r" + report.ProgressLine() + "\u001b[K");
        await output.WriteAsync(json ? report.Json() + Environment.NewLine : report.Summary());
        return report.AllWell ? AllUp : SomeFailed;
    }

    /// <summary>The address the kernel would send from to <paramref name="server"/> (a UDP connect sends nothing).</summary>
    private static IPAddress SourceFor(IPAddress server)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(new IPEndPoint(server, 9));
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
