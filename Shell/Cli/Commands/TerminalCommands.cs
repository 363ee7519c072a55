namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Per-session terminal settings (reference §1.7): <c>terminal pager N</c>, <c>no terminal pager</c>,
/// <c>terminal width N</c>. They are stored in the session; the pager itself comes later.
/// </summary>
public sealed class TerminalCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["terminal"] = "Set terminal line parameters",
        ["pager"] = "Control page length for pagination",
        ["lines"] = "Number of lines per page",
        ["width"] = "Set width for display",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Everywhere, "terminal pager [lines] <0-2147483647:lines>", c => Set(() => c.Session.PagerLines = c.Args.Num("lines")),
            noPrefix: 2, noHandler: c => Set(() => c.Session.PagerLines = 0), help: Help);
        g.Add(ExecScope.Everywhere, "terminal width <24-511:width>", c => Set(() => c.Session.Width = (int)c.Args.Num("width")), help: Help);
    }

    private static Task Set(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
