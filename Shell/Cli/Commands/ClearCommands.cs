namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// EXEC <c>clear</c> commands: <c>clear logging buffer</c> empties the logging buffer.
/// (<c>clear configure ...</c> is a config-mode command and lives with the config grammar.)
/// </summary>
public sealed class ClearCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["clear"] = "Reset functions",
        ["logging"] = "Clear logging buffer",
        ["buffer"] = "Clear the logging buffer",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "clear logging buffer", c =>
        {
            c.Appliance.Events.ClearBuffer();
            return Task.CompletedTask;
        }, help: Help);
    }
}
