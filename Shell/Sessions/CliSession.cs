using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
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
/// Under <c>aaa authorization command LOCAL</c> each line is first checked against the session's
/// level (<see cref="CommandAuthorization"/>).
/// </summary>
public sealed class CliSession
{
    public const string Greeting = "Type help or '?' for a list of available commands.";
    private const string NewLine = "\r\n";

    private readonly ExecGrammar _exec;
    private readonly Pager _pager;
    private readonly CliHelp _help;
    private LineEditor? _editor;
    private string _prompt = "";

    public CliSession(Appliance appliance, ITerminal terminal, ExecGrammar? exec = null)
    {
        Appliance = appliance;
        _terminal = terminal;
        Terminal = new SessionTerminal(this, terminal);
        _exec = exec ?? ExecGrammar.Default;
        _pager = new Pager(terminal);
        _help = new CliHelp(_exec, appliance.Grammar);
    }

    public Appliance Appliance { get; }

    /// <summary>
    /// The session's terminal as commands use it: reading a line or a key (a password, a
    /// confirmation) first shows the command's output held by the pager, and flushing flushes the session.
    /// </summary>
    public ITerminal Terminal { get; }

    private readonly ITerminal _terminal;

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

    /// <summary>Lines per page for this session's output: 0 when paging is off (always over a pipe).</summary>
    public long PageLength => !Terminal.Interactive ? 0
        : PagerLines ?? Appliance.Config.Get<ConfigModel.Model.PagerLines>()?.Lines ?? ConfigModel.Model.PagerLines.Default;

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

    public void EnterConfig() => Config = new ConfigSession(Appliance.Grammar) { Salt = Appliance.RandomSalt };

    public void LeaveConfig() => Config = null;

    /// <summary>Ends the session after the current command (<c>exit</c>, <c>logout</c>, end of input).</summary>
    public void End() => Ended = true;

    /// <summary>Writes through the running command's output filter and the pager; never waits (see <see cref="FlushAsync"/>).</summary>
    public void Write(string text) => _pager.Write(text);

    /// <summary>
    /// Shows what was written: the output the pager holds, a page at a time (waiting for the More
    /// prompt's keys), then sends it. The session does this when a command ends and before it reads;
    /// a command that shows its progress (<c>ping</c>) does it as it goes.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancel = default)
    {
        await _pager.DrainAsync();
        await _terminal.FlushAsync(cancel);
    }

    public void WriteLine(string line = "") => Write(line + NewLine);

    public void WriteLines(IEnumerable<string> lines)
    {
        foreach (var line in lines) WriteLine(line);
    }

    /// <summary>Writes text that uses <c>\n</c> line ends (rendered configs) with CRLF.</summary>
    public void WriteText(string text) => Write(text.ReplaceLineEndings(NewLine));

    /// <summary>Runs the session until <c>exit</c>, the end of input, or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancel, bool greet = true)
    {
        if (greet) WriteLine(Greeting);
        while (!Ended && !cancel.IsCancellationRequested)
        {
            _prompt = Prompt;
            string? line;
            try
            {
                line = await ReadCommandLineAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (line is null) break;
            await ExecuteAsync(line, cancel);
        }
        try { await FlushAsync(CancellationToken.None); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { } // the connection went first
    }

    /// <summary>
    /// Reads the next command line. An interactive terminal gets the line editor with <c>?</c>,
    /// Tab and history. Over a pipe a line with <c>?</c> is answered as the same bytes typed on a
    /// terminal are: the help, the prompt and the text again, then its line end runs the text
    /// (as <c>show running-config ?\n</c> does on an ASA).
    /// </summary>
    private async Task<string?> ReadCommandLineAsync(CancellationToken cancel)
    {
        if (Terminal.Interactive)
        {
            Write(_prompt);
            _editor ??= new LineEditor(_terminal);
            return await _editor.ReadLineAsync(_prompt, secret: false, new Assist(this), cancel, Width);
        }
        Write(_prompt);
        var line = await _terminal.ReadLineAsync(secret: false, cancel);
        // Ctrl-Z on a line of its own, as a terminal would send it: end in config mode, nothing elsewhere.
        if (line?.Trim() == "\u001a") return Config is not null ? "end" : "";
        return line is null || !line.Contains('?') ? line : AnswerQuestionMarks(line);
    }

    /// <summary>
    /// A piped line with <c>?</c> in it, taken as typed keys: each <c>?</c> prints the help for
    /// the text before it and redraws the prompt and that text; what follows the last one is
    /// echoed; Ctrl-V before a <c>?</c> makes it a literal character. Returns the line to run.
    /// </summary>
    private string AnswerQuestionMarks(string line)
    {
        var text = new System.Text.StringBuilder();
        var redrawn = -1;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\x16' && i + 1 < line.Length && line[i + 1] == '?')
            {
                text.Append('?');
                i++;
            }
            else if (c == '?')
            {
                if (redrawn >= 0) Write(text.ToString(redrawn, text.Length - redrawn) + "?" + NewLine);
                WriteLines(HelpLines(text.ToString()));
                Write(_prompt + text);
                redrawn = text.Length;
            }
            else text.Append(c);
        }
        if (redrawn >= 0) WriteLine(text.ToString(redrawn, text.Length - redrawn));
        return text.ToString();
    }

    /// <summary>
    /// The EXEC tree this session types into: user EXEC below level 2, privileged EXEC from 2.
    /// Under command authorization every level types into the privileged tree and each command
    /// is checked against the level (a <c>privilege</c> line may give a level-1 user a command).
    /// </summary>
    private ExecScope Scope => Privilege > 1 || CommandLevels.Enforced(Appliance.Config) ? ExecScope.Privileged : ExecScope.User;

    /// <summary>What <c>?</c> prints after <paramref name="text"/> at the current prompt.</summary>
    public IReadOnlyList<string> HelpLines(string text)
    {
        try { return _help.Help(Scope, Config?.Mode, text, Prompt.Length, HelpOffers); }
        catch (Exception e) { return [$"ERROR: % Internal error: {e.Message}"]; }
    }

    /// <summary>Tab after <paramref name="text"/> at the current prompt.</summary>
    public TabResult Complete(string text)
    {
        try { return _help.Complete(Scope, Config?.Mode, text, HelpOffers); }
        catch (Exception) { return TabResult.None; }
    }

    /// <summary>
    /// Under command authorization <c>?</c> and Tab offer only what this session's level may run;
    /// a sub-mode's own words go with the command that opened the sub-mode, as when they run.
    /// </summary>
    private Offers? HelpOffers => CommandLevels.Enforced(Appliance.Config)
        ? (words, negated) => Config?.Mode is { Kind: not (ModeKind.Global or ModeKind.Verbatim) } mode && words.Count > 0
            && Appliance.Grammar.Tree(mode.Kind).Root.Children.Any(c => c is KeywordNode<ConfigHandler> k && k.Keyword == words[0])
                ? CommandAuthorization.Permits(Appliance.Config, Privilege, inConfig: true, [OpeningCommand(mode)], negated: false)
                : CommandAuthorization.Offers(Appliance.Config, Privilege, Config is not null, words, negated)
        : null;

    private sealed class Assist(CliSession session) : ILineAssist
    {
        public IReadOnlyList<string> Help(string text) => session.HelpLines(text);
        public TabResult Complete(string text) => session.Complete(text);
        public string? SuspendLine => session.Config is not null ? "end" : null;
    }

    /// <summary>Runs one typed line as if it followed the prompt currently shown.</summary>
    public async Task ExecuteAsync(string line, CancellationToken cancel = default)
    {
        if (_prompt.Length == 0) _prompt = Prompt;
        line = line.TrimEnd('\r', '\n');
        var tokens = LineTokenizer.Tokenize(line);
        if (tokens.Count == 0) return;
        // What came before (an echoed prompt) is not the command's output to filter or page.
        await FlushAsync(CancellationToken.None);
        SessionEvents.Entered(this, line);
        try
        {
            // An EXEC command's output may be piped through a filter; a config line keeps its '|'.
            var split = Config is null || PipesToExec(line, tokens) ? OutputFilter.Parse(line, tokens) : null;
            if (split is { Error: { } pipeError })
            {
                WriteLines(InputError.Lines(pipeError, _prompt.Length));
                return;
            }
            if (split is not null)
            {
                line = split.Command;
                tokens = LineTokenizer.Tokenize(line);
            }
            _pager.Begin(split?.Filter, PageLength, cancel);
            try
            {
                if (Config is null) await RunExecAsync(line, tokens, Scope, cancel);
                else await RunConfigAsync(Config, line, tokens, cancel);
            }
            finally
            {
                await _pager.EndAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Errors are answers: a failing command never ends the session.
            WriteLine($"ERROR: % Internal error: {e.Message}");
        }
        await _terminal.FlushAsync(CancellationToken.None);
    }

    private async Task RunExecAsync(string line, IReadOnlyList<Token> tokens, ExecScope scope, CancellationToken cancel)
    {
        var match = MatchExec(scope, line, tokens);
        if (match.Status == MatchStatus.Complete)
        {
            if (!ExecAuthorized(_exec.Tree(scope), line, tokens)) return;
            await match.Handler!(new ExecContext(this, match.Args, cancel));
            SessionEvents.Executed(this, line);
            return;
        }
        // The error of a refused line is not output to filter: "show runn | include x" in user EXEC gets its caret.
        _pager.DropFilter();
        WriteLines(InputError.Lines(InputError.From(match, line), _prompt.Length));
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
            if (!ExecAuthorized(_exec.Tree(ExecScope.Config), line, tokens)) return;
            await exec.Handler!(new ExecContext(this, exec.Args, cancel));
            SessionEvents.Executed(this, line);
            return;
        }

        var mode = config.Mode;
        if (CommandLevels.Enforced(Appliance.Config) && ConfigForm(mode, line, tokens) is { } form && !Authorized(form.Words, form.Negated)) return;
        // A word EXEC owns that config mode keeps only verbatim, for config files that carry it
        // ("terminal width 511"): typed wrong ("terminal length 0"), it gets EXEC's error and nothing is kept.
        var execOwnsWord = exec.Status != MatchStatus.Complete && !IsNegated(tokens) && KnowsFirstWord(exec, tokens[0].Column);
        var result = Appliance.Update(User, snapshot =>
        {
            var r = config.Apply(snapshot, line);
            return r.Kept && execOwnsWord ? (snapshot, r with { Config = snapshot, Error = InputError.From(exec, line) }) : (r.Config, r);
        });
        if (result.Error is { } error)
        {
            if (exec.Status == MatchStatus.Complete)
            {
                if (!ExecAuthorized(_exec.Tree(ExecScope.Config), line, tokens)) return;
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

    // ---- command authorization -------------------------------------------------------------------

    /// <summary>Whether this session's level may run an EXEC line <paramref name="tree"/> matched; says so when not.</summary>
    private bool ExecAuthorized(CommandTree<ExecHandler> tree, string line, IReadOnlyList<Token> tokens)
    {
        if (!CommandLevels.Enforced(Appliance.Config)) return true;
        var negated = IsNegated(tokens);
        var start = negated ? 1 : 0;
        return Authorized(CommandAuthorization.Words([CommandAuthorization.KeywordIn(tree, line, start, negated)], tokens, start, 3), negated);
    }

    private bool Authorized(IReadOnlyList<string> words, bool negated)
    {
        if (CommandAuthorization.Permits(Appliance.Config, Privilege, Config is not null, words, negated)) return true;
        _pager.DropFilter();
        WriteLine(CommandAuthorization.Failed);
        return false;
    }

    /// <summary>
    /// The words <c>privilege</c> names a config line by, or null for a line that is no command
    /// (its error says so). A sub-mode's own line counts as the command that opened the sub-mode,
    /// whose level the session already had [M]; a global command typed in a sub-mode (the implicit
    /// exit) counts as itself.
    /// </summary>
    private (IReadOnlyList<string> Words, bool Negated)? ConfigForm(ConfigMode mode, string line, IReadOnlyList<Token> tokens)
    {
        var negated = IsNegated(tokens);
        var start = negated ? 1 : 0;
        var grammar = Appliance.Grammar;
        var global = CommandAuthorization.KeywordIn(grammar.Tree(ModeKind.Global), line, start, negated);
        var knownAtGlobal = global(tokens, start) is not null || CommandCatalogue.Find([.. tokens.Skip(start).Select(t => t.Text)]) is not null;
        if (mode.Kind != ModeKind.Global)
        {
            var own = mode.Kind == ModeKind.Verbatim ? null : CommandAuthorization.KeywordIn(grammar.Tree(mode.Kind), line, start, negated)(tokens, start);
            if (own is not null || grammar.IsExtra(mode.Kind, tokens[start].Text) || !knownAtGlobal)
                return ([OpeningCommand(mode)], false);
        }
        return knownAtGlobal ? (CommandAuthorization.Words([global], tokens, start, 3), negated) : null;
    }

    /// <summary>The command whose line opens a sub-mode.</summary>
    private static string OpeningCommand(ConfigMode mode) => mode.Kind switch
    {
        ModeKind.Interface => "interface",
        ModeKind.Ikev1Policy => "crypto",
        ModeKind.TunnelGeneral or ModeKind.TunnelIpsec or ModeKind.TunnelAttributes => "tunnel-group",
        ModeKind.GroupPolicy => "group-policy",
        ModeKind.Username => "username",
        ModeKind.NetworkObject => "object",
        _ => mode.Key.Split(' ', 2)[0].ToLowerInvariant(),
    };

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
        if (!KnowsFirstWord(exec, tokens[0].Column) || negated) return error;
        // Both know the first word ("clear"): the one that read further says what is wrong.
        var execError = InputError.From(exec, line);
        return Reach(error) > Reach(execError) ? error : execError;
    }

    /// <summary>How far along the line an error lies: an incomplete line was read to its end.</summary>
    private static int Reach(LineError error) => error.Kind == LineErrorKind.Incomplete ? int.MaxValue : error.Column;

    private static bool KnowsFirstWord<T>(MatchResult<T> match, int firstColumn) where T : class =>
        match.Status is MatchStatus.Incomplete
        || match.Status is MatchStatus.Invalid or MatchStatus.Ambiguous && match.ErrorColumn > firstColumn;

    /// <summary>In config mode: the words before the first <c>|</c> are an EXEC command config mode does not know.</summary>
    private bool PipesToExec(string line, IReadOnlyList<Token> tokens)
    {
        var pipe = CliHelp.PipeAt(tokens);
        if (pipe < 0) return false;
        var head = line[..tokens[pipe].Column].TrimEnd();
        var headTokens = LineTokenizer.Tokenize(head);
        return MatchExec(ExecScope.Config, head, headTokens).Status == MatchStatus.Complete && !ConfigKnowsFirstWord(head, headTokens);
    }

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

    /// <summary>The terminal handed to commands: reads and flushes go through the session, so held output comes first.</summary>
    private sealed class SessionTerminal(CliSession session, ITerminal inner) : ITerminal
    {
        public void Write(string text) => inner.Write(text);

        public ValueTask FlushAsync(CancellationToken cancel = default) => session.FlushAsync(cancel);

        public bool Interactive => inner.Interactive;

        public async ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel)
        {
            await session._pager.DrainAsync();
            return await inner.ReadLineAsync(secret, cancel);
        }

        public async ValueTask<TerminalKey?> ReadKeyAsync(CancellationToken cancel)
        {
            await session._pager.DrainAsync();
            return await inner.ReadKeyAsync(cancel);
        }
    }
}
