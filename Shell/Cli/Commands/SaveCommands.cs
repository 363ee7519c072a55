namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Saving the config (reference §1.9): <c>write memory</c> (also <c>write</c>, <c>wr mem</c>),
/// <c>copy running-config startup-config</c>, and <c>write terminal</c> (= show running-config).
/// </summary>
public sealed class SaveCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["write"] = "Write running configuration to memory, network, or terminal",
        ["memory"] = "Write to memory",
        ["terminal"] = "Write to terminal",
        ["copy"] = "Copy from one file to another",
        ["/noconfirm"] = "Do not prompt for confirmation",
        ["running-config"] = "Copy from current system configuration",
        ["startup-config"] = "Copy to startup configuration",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "write [memory]", WriteMemory, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "write terminal", c => ShowCommands.Running(c, unmasked: false), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "copy [/noconfirm] running-config startup-config", Copy, help: Help);
    }

    private static Task WriteMemory(ExecContext c)
    {
        c.WriteLine("Building configuration...");
        Save(c);
        return Task.CompletedTask;
    }

    /// <summary>Asks for the source and destination names as the ASA does, Enter taking the default.</summary>
    private static async Task Copy(ExecContext c)
    {
        if (!c.Args.Has("/noconfirm"))
        {
            foreach (var (question, expected) in new[] { ("Source filename", "running-config"), ("Destination filename", "startup-config") })
            {
                c.Session.Write($"{question} [{expected}]? ");
                var answer = await c.Session.Terminal.ReadLineAsync(secret: false, c.Cancel);
                if (answer is null) { c.Session.End(); return; }
                if (answer.Trim().Length > 0 && answer.Trim() != expected)
                {
                    c.WriteLine($"ERROR: % Only {expected} is supported here");
                    return;
                }
            }
        }
        Save(c);
    }

    private static void Save(ExecContext c)
    {
        try
        {
            var saved = c.Appliance.SaveStartup(c.Session.User, Events.SessionState.Of(c.Session).Origin);
            c.WriteLine($"Cryptochecksum: {Grouped(saved.Checksum)} ");
            c.WriteLine();
            c.WriteLine($"{saved.Bytes} bytes copied in 0.010 secs");
            c.WriteLine("[OK]");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            c.WriteLine($"ERROR: Failed to save the startup-config: {e.Message}");
        }
    }

    /// <summary>The checksum as 4 groups of 8 hex digits: <c>0a1b2c3d 4e5f6071 8293a4b5 c6d7e8f9</c>.</summary>
    public static string Grouped(string checksum) =>
        string.Join(' ', Enumerable.Range(0, checksum.Length / 8).Select(i => checksum.Substring(i * 8, 8)));
}
