using System.CommandLine;
using System.CommandLine.Parsing;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// The process interface of <c>asaemu</c>: the root command runs the appliance; <c>check-config</c>
/// checks a config file; <c>lab</c> runs the EzVPN lab (Lab/); <c>loadgen</c> runs simulated EzVPN clients against a headend (Loadgen/). Options only; everything an engineer types at the ASA goes through the CLI.
/// </summary>
public static class AsaEmuCommandLine
{
    /// <summary>Runs the appliance; <paramref name="error"/> is stderr (stdout belongs to the console session).</summary>
    public delegate Task<int> RunAppliance(RunOptions options, TextWriter error, CancellationToken cancel);

    public static RootCommand Create(RunAppliance run)
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Startup-config file to boot from [default: DATA-DIR/startup-config if it exists, else the built-in default]",
            HelpName = "FILE",
        };
        var dataDir = new Option<string>("--data-dir", "-d")
        {
            Description = "Directory holding the saved startup-config (written by 'write memory')",
            HelpName = "DIR",
            DefaultValueFactory = _ => RunOptions.DefaultDataDirectory,
        };
        var ssh = ListenOption("--ssh", "Address and port of the SSH server, or 'none'", new ListenAddress(RunOptions.DefaultSsh));
        var telnet = ListenOption("--telnet", "Address and port of the telnet server, or 'none'", ListenAddress.Off);
        var noConsole = new Option<bool>("--no-console")
        {
            Description = "Run without a console session (as a daemon) until SIGTERM or SIGINT",
        };

        var tun = new Option<string>("--tun")
        {
            Description = "TUN device the ESP dataplane creates for the clients' traffic",
            HelpName = "NAME",
            DefaultValueFactory = _ => RunOptions.DefaultTun,
        };

        var debug = new Option<int>("--debug")
        {
            Description = "Turn on 'debug crypto ikev1 LEVEL' and 'debug crypto ipsec LEVEL' at start-up; with 'logging debug-trace' in the config, --no-console also copies the debug lines to stderr (as 711001)",
            HelpName = "LEVEL",
        };
        debug.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 255) r.AddError("--debug takes a level from 1 to 255 (0: off)");
        });

        var root = new RootCommand("AsaEmu: a Cisco ASA 9.x emulator. Runs the appliance with its console on stdin/stdout.")
        {
            config, dataDir, ssh, telnet, noConsole, tun, debug, CheckConfigCommand.Create(), Lab.LabCommand.Create(), Loadgen.LoadgenCommand.Create(),
        };
        root.SetAction((parse, cancel) => run(
            new RunOptions(parse.GetValue(config), parse.GetValue(dataDir)!, parse.GetValue(ssh)!.EndPoint, parse.GetValue(telnet)!.EndPoint, parse.GetValue(noConsole), parse.GetValue(tun)!, parse.GetValue(debug)),
            parse.InvocationConfiguration.Error, cancel));
        return root;
    }

    private static Option<ListenAddress> ListenOption(string name, string description, ListenAddress fallback)
    {
        var option = new Option<ListenAddress>(name)
        {
            Description = description,
            HelpName = "ADDR:PORT|none",
            CustomParser = Parse,
            DefaultValueFactory = _ => fallback,
        };
        return option;
    }

    private static ListenAddress Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ListenAddress.TryParse(text, out var endPoint, out var problem)) return new ListenAddress(endPoint);
        result.AddError(problem!);
        return ListenAddress.Off;
    }
}
