using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The config and identity show commands: <c>show running-config [all] [words]</c>,
/// <c>more system:running-config</c>, <c>show startup-config</c>, <c>show version</c>,
/// <c>show hostname</c>, <c>show curpriv</c>.
/// </summary>
public sealed class ShowCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["show"] = "Show running system information",
        ["running-config"] = "Show the current operating configuration",
        ["all"] = "Show all of the configuration, defaults included",
        ["words"] = "Show the commands that start with these keywords",
        ["startup-config"] = "Show the startup configuration",
        ["version"] = "Display the system hardware and software status",
        ["hostname"] = "Show the system hostname",
        ["curpriv"] = "Display current privilege level",
        ["more"] = "Display the contents of a file",
        ["system:running-config"] = "Display the running configuration with secrets in clear",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "show running-config [all] [<word:words>+]", ShowRunning, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "more system:running-config", c => Running(c, unmasked: true), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show startup-config", ShowStartup, help: Help);
        g.Add(ExecScope.Everywhere, "show version", c => Done(() => c.WriteLines(ShowVersion.Lines(c.Appliance))), help: Help);
        g.Add(ExecScope.Everywhere, "show hostname", c => Done(() => c.WriteLine(c.Appliance.Hostname)), help: Help);
        g.Add(ExecScope.Everywhere, "show curpriv", ShowCurpriv, help: Help);
    }

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private static Task ShowRunning(ExecContext c)
    {
        var words = c.Args.All<string>("words");
        var all = c.Args.Has("all");
        var config = c.Appliance.Config;
        if (words.Count == 0)
        {
            if (!all) return Running(c, unmasked: false);
            c.Session.WriteText(RunningAll(config));
            return Task.CompletedTask;
        }
        c.WriteLines(RunningSlice(config, words, all));
        return Task.CompletedTask;
    }

    /// <summary><c>show running-config all</c>: the whole config with the defaults the renderer knows.</summary>
    public static string RunningAll(AsaEmu.ConfigModel.Model.AsaConfig config) =>
        RunningConfigRenderer.Render(config, unmasked: false, showDefaults: true);

    /// <summary>
    /// <c>show running-config [all] WORDS</c>: the top-level commands that start with the words
    /// (abbreviations expanded), with their sub-lines. <c>crypto isakmp</c> and <c>crypto ikev1</c>
    /// both show the IKEv1 lines of either spelling; <c>interface [NAME]</c> takes an abbreviated
    /// name and puts <c>!</c> before each interface, as the ASA does.
    /// </summary>
    public static IReadOnlyList<string> RunningSlice(AsaEmu.ConfigModel.Model.AsaConfig config, IReadOnlyList<string> typed, bool all)
    {
        var body = RunningConfigRenderer.Body(config, unmasked: false, showDefaults: all);
        // "show running-config ipsec" is the crypto ipsec section [S: ntc-templates cisco_asa_show_running-config_ipsec].
        if (typed.Count >= 1 && typed[0].Length >= 3 && "ipsec".StartsWith(typed[0], StringComparison.OrdinalIgnoreCase))
            typed = ["crypto", "ipsec", .. typed.Skip(1)];
        var words = SliceWords.Expand(body, typed).ToList();
        if (words.Count >= 1 && "interface".StartsWith(words[0], StringComparison.OrdinalIgnoreCase) && words[0].Length >= 2)
        {
            words[0] = "interface";
            if (words.Count > 1) words[1] = AsaEmu.ConfigModel.Commands.InterfaceCommands.Canonical(words[1]);
            var result = new List<string>();
            foreach (var line in RunningConfigRenderer.Slice(config, words, unmasked: false, showDefaults: all))
            {
                if (line.StartsWith("interface ", StringComparison.Ordinal)) result.Add("!");
                result.Add(line);
            }
            return result;
        }
        if (words.Count == 2 && words[0] == "crypto" && words[1] is "isakmp" or "ikev1") return IkeLines(body);
        return RunningConfigRenderer.Slice(config, words, unmasked: false, showDefaults: all);
    }

    /// <summary>The IKEv1 lines of both spellings (<c>crypto isakmp ...</c>, <c>crypto ikev1 ...</c>) in show-run order.</summary>
    private static List<string> IkeLines(IReadOnlyList<string> body)
    {
        var result = new List<string>();
        var take = false;
        foreach (var line in body)
        {
            if (line == "!") { take = false; continue; }
            if (line.Length > 0 && line[0] != ' ')
                take = line.StartsWith("crypto isakmp ", StringComparison.Ordinal) || line.StartsWith("crypto ikev1 ", StringComparison.Ordinal);
            if (take) result.Add(line);
        }
        return result;
    }

    /// <summary><c>show running-config</c> (secrets masked) or <c>more system:running-config</c>.</summary>
    public static Task Running(ExecContext c, bool unmasked)
    {
        // more system:running-config names who wrote the config last (reference §1.8), as the saved one does [M: which writer].
        var header = unmasked && c.Appliance.StartupText is { } saved && WrittenBy(saved) is { } by
            ? new RenderHeader(RunningConfigRenderer.Version, by)
            : null;
        c.Session.WriteText(RunningConfigRenderer.Render(c.Appliance.Config, unmasked, header));
        return Task.CompletedTask;
    }

    private static Task ShowStartup(ExecContext c)
    {
        if (c.Appliance.StartupText is not { } text) return Task.CompletedTask;
        var loaded = ConfigLoader.Load(text, c.Appliance.Grammar);
        c.Session.WriteText(RunningConfigRenderer.Render(loaded.Config, unmasked: false,
            new RenderHeader(RunningConfigRenderer.Version, WrittenBy(text))));
        return Task.CompletedTask;
    }

    /// <summary>The <c>: Written by ...</c> header of a saved config, without its prefix.</summary>
    public static string? WrittenBy(string text)
    {
        const string prefix = ": Written by ";
        foreach (var line in ConfigLoader.SplitLines(text))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
            if (!line.StartsWith(':')) break;
        }
        return null;
    }

    private static Task ShowCurpriv(ExecContext c)
    {
        var s = c.Session;
        var modes = s.Config is not null ? "P_PRIV P_CONF" : s.Privilege > 1 ? "P_PRIV" : "P_UNPR";
        c.WriteLine($"Username : {s.User}");
        c.WriteLine($"Current privilege level : {s.Privilege}");
        c.WriteLine($"Current Mode/s : {modes}");
        return Task.CompletedTask;
    }
}
