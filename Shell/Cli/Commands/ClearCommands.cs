namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// EXEC <c>clear</c> commands: <c>clear logging buffer</c> empties the logging buffer;
/// <c>clear crypto ipsec sa counters</c> zeroes the counters of every IPsec SA, which stay up
/// (ending SAs is <see cref="VpnControlCommands"/>).
/// (<c>clear configure ...</c> is a config-mode command and lives with the config grammar.)
/// </summary>
public sealed class ClearCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["clear"] = "Reset functions",
        ["logging"] = "Clear logging buffer",
        ["buffer"] = "Clear the logging buffer",
        ["counters"] = "Clear IPsec SA counters",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "clear logging buffer", c =>
        {
            c.Appliance.Events.ClearBuffer();
            return Task.CompletedTask;
        }, help: Help);
        // The ASA answers nothing [M].
        g.Add(ExecScope.Privileged | ExecScope.Config, "clear crypto ipsec sa counters", c =>
        {
            foreach (var sa in c.Appliance.Esp?.Dataplane.Sas.All ?? []) sa.Counters.Reset();
            return Task.CompletedTask;
        }, help: Help);
    }
}
