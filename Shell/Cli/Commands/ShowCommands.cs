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
        if (words.Count == 0) return Running(c, unmasked: false);
        var config = c.Appliance.Config;
        var body = RunningConfigRenderer.Body(config, unmasked: false);
        c.WriteLines(RunningConfigRenderer.Slice(config, SliceWords.Expand(body, words), unmasked: false));
        return Task.CompletedTask;
    }

    /// <summary><c>show running-config</c> (secrets masked) or <c>more system:running-config</c>.</summary>
    public static Task Running(ExecContext c, bool unmasked)
    {
        c.Session.WriteText(RunningConfigRenderer.Render(c.Appliance.Config, unmasked));
        return Task.CompletedTask;
    }

    private static Task ShowStartup(ExecContext c)
    {
        var text = c.Appliance.Store.LoadStartup();
        if (text is null) return Task.CompletedTask;
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
