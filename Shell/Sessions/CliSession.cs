using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Sessions;

/// <summary>
/// One CLI session on a terminal: its privilege, its config mode and terminal settings, the
/// prompt, and the dispatch of each line to the EXEC or config command trees. Config lines are
/// applied to the appliance's latest snapshot through this session's own <see cref="ConfigSession"/>.
/// </summary>
public sealed class CliSession
{
    public const string Greeting = "Type help or '?' for a list of available commands.";
    private const string NewLine = "\r\n";

    private readonly ExecGrammar _exec;
    private string _prompt = "";

    public CliSession(Appliance appliance, ITerminal terminal, ExecGrammar? exec = null)
    {
        Appliance = appliance;
        Terminal = terminal;
        _exec = exec ?? ExecGrammar.Default;
    }

    public Appliance Appliance { get; }
    public ITerminal Terminal { get; }

    /// <summary>1 in user EXEC, 15 after <c>enable</c>.</summary>
    public int Privilege { get; set; } = 1;

    /// <summary>The name that authenticated, or null (then the ASA says <c>enable_&lt;level&gt;</c>).</summary>
    public string? Username { get; set; }

    public string User => Username ?? $"enable_{Privilege}";

    /// <summary>The config-mode state while in config mode; null in EXEC.</summary>
    public ConfigSession? Config { get; private set; }

    /// <summary>Lines per page set by <c>terminal pager</c>; null follows the config's <c>pager lines</c>.</summary>
    public long? PagerLines { get; set; }

    public int Width { get; set; } = 80;

    public bool Ended { get; private set; }

    public string Prompt
    {
        get
        {
            var host = Appliance.Hostname;
            if (Config is not null) return $"{host}({Config.Mode.Prompt})# ";
            return Privilege > 1 ? $"{host}# " : $"{host}> ";
        }
    }

    public void EnterConfig() => Config = new ConfigSession(Appliance.Grammar);

    public void LeaveConfig() => Config = null;

    /// <summary>Ends the session after the current command (<c>exit</c>, <c>logout</c>, end of input).</summary>
    public void End() => Ended = true;

    public void Write(string text) => Terminal.Write(text);

    public void WriteLine(string line = "") => Terminal.Write(line + NewLine);

    public void WriteLines(IEnumerable<string> lines)
    {
        foreach (var line in lines) WriteLine(line);
    }

    /// <summary>Writes text that uses <c>\n</c> line ends (rendered configs) with CRLF.</summary>
    public void WriteText(string text) => Terminal.Write(text.ReplaceLineEndings(NewLine));

    /// <summary>Runs the session until <c>exit</c>, the end of input, or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancel, bool greet = true)
    {
        if (greet) WriteLine(Greeting);
        while (!Ended && !cancel.IsCancellationRequested)
        {
            _prompt = Prompt;
            Write(_prompt);
            string? line;
            try
            {
                line = await Terminal.ReadLineAsync(secret: false, cancel);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (line is null) break;
            await ExecuteAsync(line, cancel);
        }
        Terminal.Flush();
    }

    /// <summary>Runs one typed line as if it followed the prompt currently shown.</summary>
    public async Task ExecuteAsync(string line, CancellationToken cancel = default)
    {
        if (_prompt.Length == 0) _prompt = Prompt;
        line = line.TrimEnd('\r', '\n');
        var tokens = LineTokenizer.Tokenize(line);
        if (tokens.Count == 0) return;
        SessionEvents.Entered(this, line);
        try
        {
            if (Config is null) await RunExecAsync(line, tokens, Privilege > 1 ? ExecScope.Privileged : ExecScope.User, cancel);
            else await RunConfigAsync(Config, line, tokens, cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Errors are answers: a failing command never ends the session.
            WriteLine($"ERROR: % Internal error: {e.Message}");
        }
    }

    private async Task RunExecAsync(string line, IReadOnlyList<Token> tokens, ExecScope scope, CancellationToken cancel)
    {
        var match = MatchExec(scope, line, tokens);
        if (match.Status == MatchStatus.Complete)
        {
            await match.Handler!(new ExecContext(this, match.Args, cancel));
            SessionEvents.Executed(this, line);
        }
        else WriteLines(InputError.Lines(InputError.From(match, line), _prompt.Length));
    }

    private MatchResult<ExecHandler> MatchExec(ExecScope scope, string line, IReadOnlyList<Token> tokens)
    {
        var negated = IsNegated(tokens);
        return _exec.Tree(scope).Match(line, tokens, negated ? 1 : 0, negated);
    }

    /// <summary>
    /// A line in config mode: an EXEC command whose first word config mode does not know runs
    /// as EXEC (<c>show run</c>, <c>write mem</c>); anything else goes to the config trees, and
    /// only when they refuse it is it tried as EXEC. A failed line leaves the mode as it was.
    /// </summary>
    private async Task RunConfigAsync(ConfigSession config, string line, IReadOnlyList<Token> tokens, CancellationToken cancel)
    {
        var exec = MatchExec(ExecScope.Config, line, tokens);
        if (exec.Status == MatchStatus.Complete && !ConfigKnowsFirstWord(line, tokens))
        {
            await exec.Handler!(new ExecContext(this, exec.Args, cancel));
            SessionEvents.Executed(this, line);
            return;
        }

        var mode = config.Mode;
        var result = Appliance.Update(User, snapshot =>
        {
            var r = config.Apply(snapshot, line);
            return (r.Config, r);
        });
        if (result.Error is { } error)
        {
            if (exec.Status == MatchStatus.Complete)
            {
                await exec.Handler!(new ExecContext(this, exec.Args, cancel));
                SessionEvents.Executed(this, line);
            }
            else WriteLines(InputError.Lines(ClosestError(mode, error, exec, line, tokens), _prompt.Length));
            return;
        }
        foreach (var message in result.Messages) WriteLine(message.ToString());
        if (result.LeftConfigMode) LeaveConfig();
        if (!result.Failed) SessionEvents.Executed(this, line);
    }

    /// <summary>
    /// The error to show for a line nothing accepted: the sub-mode's own when it knows the first
    /// word (the config session already fell back to global config), else EXEC's when EXEC knows
    /// it (<c>show runing</c>), else the config error.
    /// </summary>
    private LineError ClosestError(ConfigMode mode, LineError error, MatchResult<ExecHandler> exec, string line, IReadOnlyList<Token> tokens)
    {
        var negated = IsNegated(tokens);
        var first = tokens[negated ? 1 : 0].Column;
        if (mode.Kind is not (ModeKind.Global or ModeKind.Verbatim))
        {
            var inMode = Appliance.Grammar.Tree(mode.Kind).Match(line, tokens, negated ? 1 : 0, negated);
            if (inMode.Status != MatchStatus.Complete && KnowsFirstWord(inMode, first)) return InputError.From(inMode, line);
        }
        return KnowsFirstWord(exec, tokens[0].Column) && !negated ? InputError.From(exec, line) : error;
    }

    private static bool KnowsFirstWord<T>(MatchResult<T> match, int firstColumn) where T : class =>
        match.Status is MatchStatus.Incomplete
        || match.Status is MatchStatus.Invalid or MatchStatus.Ambiguous && match.ErrorColumn > firstColumn;

    /// <summary>A <c>no</c> form: <c>no</c> followed by a command.</summary>
    private static bool IsNegated(IReadOnlyList<Token> tokens) =>
        tokens.Count > 1 && string.Equals(tokens[0].Text, "no", StringComparison.OrdinalIgnoreCase);

    private bool ConfigKnowsFirstWord(string line, IReadOnlyList<Token> tokens)
    {
        var negated = IsNegated(tokens);
        var start = negated ? 1 : 0;
        var global = Appliance.Grammar.Tree(ModeKind.Global).Match(line, tokens, start, negated);
        // A complete EXEC command is not a kept config line: "terminal width 511" typed in config
        // mode sets the session's width (a loaded config file still keeps such lines verbatim).
        return global.Status != MatchStatus.Invalid || global.ErrorColumn != tokens[start].Column;
    }
}
