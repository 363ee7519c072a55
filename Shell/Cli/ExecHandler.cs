using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli;

/// <summary>Runs one matched EXEC command.</summary>
public delegate Task ExecHandler(ExecContext context);

/// <summary>What an EXEC command runs with: its session, the words it was given, and cancellation.</summary>
public sealed class ExecContext(CliSession session, ParsedArgs args, CancellationToken cancel)
{
    public CliSession Session { get; } = session;
    public ParsedArgs Args { get; } = args;
    public CancellationToken Cancel { get; } = cancel;
    public Appliance Appliance => Session.Appliance;

    public void WriteLine(string line = "") => Session.WriteLine(line);
    public void WriteLines(IEnumerable<string> lines) => Session.WriteLines(lines);
}
