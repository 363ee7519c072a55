using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>Why a line was not understood, and where the caret goes.</summary>
public enum LineErrorKind { InvalidInput, Incomplete, Ambiguous }

public sealed record LineError(LineErrorKind Kind, int Column, string Line)
{
    /// <summary>The ASA's text for the error (the caret line is the caller's, as it depends on the prompt).</summary>
    public string Message => Kind switch
    {
        LineErrorKind.InvalidInput => "ERROR: % Invalid input detected at '^' marker.",
        LineErrorKind.Incomplete => "ERROR: % Incomplete command",
        _ => $"ERROR: % Ambiguous command:  \"{Line.Trim()}\"",
    };
}

/// <summary>The snapshot after a line, what the ASA answered, and whether config mode was left.</summary>
public sealed record ApplyResult(AsaConfig Config, ImmutableArray<Diagnostic> Messages, LineError? Error, bool LeftConfigMode = false, bool Kept = false)
{
    public bool Failed => Error is not null || Messages.Any(m => m.Severity == Severity.Error);
}

/// <summary>
/// Applies config-mode lines one after another, as a config file is loaded or as a user types
/// them: it tracks the current sub-mode, drops back to global config for commands a sub-mode
/// does not know (the ASA's implicit exit), and keeps valid but unmodelled lines verbatim.
/// </summary>
public sealed class ConfigSession(ConfigGrammar grammar)
{
    public ConfigMode Mode { get; private set; } = ConfigMode.Global;

    /// <summary>Salts the passwords typed in clear (<c>username U password P</c>): the appliance gives a random source.</summary>
    public Passwords.SaltSource Salt { get; init; } = Passwords.SaltSources.Fixed;

    /// <summary>A kept sub-mode line that deeper-indented lines belong to.</summary>
    private bool _extraOpen;

    /// <summary>The last modelled line applied in the current sub-mode: kept lines go after it.</summary>
    private string _previous = "";

    public void Reset() { Mode = ConfigMode.Global; _extraOpen = false; _previous = ""; }

    /// <summary>Returns to <paramref name="mode"/>: the CLI stays in its sub-mode after a line that failed.</summary>

    public ApplyResult Apply(AsaConfig config, string line, int lineNumber = 0)
    {
        line = line.TrimEnd('\r', '\n');
        var tokens = LineTokenizer.Tokenize(line);
        if (tokens.Count == 0) return new(config, [], null);
        var indent = LineTokenizer.Indent(line);
        var source = new SourceRef(lineNumber, line);

        if (tokens.Count == 1 && (IsWord(tokens[0], "exit") || IsWord(tokens[0], "end")))
        {
            var left = Mode.Kind == ModeKind.Global || IsWord(tokens[0], "end");
            Reset();
            return new(config, [], null, left);
        }

        if (Mode.Kind == ModeKind.Verbatim)
        {
            if (indent > 0 || !KnownAtGlobal(tokens, line))
                return new(AppendToBlock(config, Mode.Key, indent > 0 ? line : " " + line), [], null, Kept: true);
            Reset();
        }
        else if (Mode.Kind != ModeKind.Global)
        {
            if (_extraOpen && indent >= 2)
                return KeepExtra(config, line, child: true, source);
            var inMode = Match(Mode.Kind, line, tokens);
            if (inMode.Status == MatchStatus.Complete) return Run(config, inMode, tokens, source);
            var first = FirstWord(tokens);
            if (grammar.IsExtra(Mode.Kind, first) && !ReadsAsModelled(inMode, tokens) && (indent > 0 || !KnownAtGlobal(tokens, line)))
                return KeepExtra(config, line, child: false, source);
            // A command the sub-mode does not know but global config does drops back to global
            // (the ASA's implicit exit). Otherwise the line is an error and the mode stays: the
            // sub-mode's error when it knew the first word, as the ASA points at the bad argument.
            if (indent > 0 || !KnownAtGlobal(tokens, line))
            {
                var knewFirstWord = inMode.Status != MatchStatus.Invalid || inMode.ErrorColumn > tokens[IsWord(tokens[0], "no") && tokens.Count > 1 ? 1 : 0].Column;
                return Failure(config, knewFirstWord || indent > 0 ? inMode : Match(ModeKind.Global, line, tokens), line);
            }
            Reset();
        }

        var global = Match(ModeKind.Global, line, tokens);
        if (global.Status == MatchStatus.Complete) return Run(config, global, tokens, source);
        var entry = CommandCatalogue.Find(Words(tokens));
        if (entry is not null) return KeepVerbatim(config, entry, line, tokens, source);
        return Failure(config, global, line);
    }

    private static bool IsWord(Token t, string word) => string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a sub-mode line the tree refused is a modelled command typed wrong rather than an
    /// unmodelled one to keep: the tree read past its first two words (<c>ip address 10.0.0.1
    /// 255.0.255.0</c>), or to the end of a line that stops short (<c>ip address</c>).
    /// </summary>
    private static bool ReadsAsModelled<T>(MatchResult<T> match, IReadOnlyList<Token> tokens) where T : class
    {
        var second = (IsWord(tokens[0], "no") && tokens.Count > 1 ? 1 : 0) + 1;
        return match.Status == MatchStatus.Incomplete
            || match.Status is MatchStatus.Invalid or MatchStatus.Ambiguous && second < tokens.Count && match.ErrorColumn > tokens[second].Column;
    }

    private static string FirstWord(IReadOnlyList<Token> tokens) =>
        IsWord(tokens[0], "no") && tokens.Count > 1 ? tokens[1].Text : tokens[0].Text;

    private static List<string> Words(IReadOnlyList<Token> tokens)
    {
        var start = IsWord(tokens[0], "no") ? 1 : 0;
        return tokens.Skip(start).Select(t => t.Text).ToList();
    }

    private bool KnownAtGlobal(IReadOnlyList<Token> tokens, string line) =>
        Match(ModeKind.Global, line, tokens).Status == MatchStatus.Complete || CommandCatalogue.Find(Words(tokens)) is not null;

    private MatchResult<ConfigHandler> Match(ModeKind kind, string line, IReadOnlyList<Token> tokens)
    {
        var negated = IsWord(tokens[0], "no") && tokens.Count > 1;
        return grammar.Tree(kind).Match(line, tokens, negated ? 1 : 0, negated);
    }

    private ApplyResult Run(AsaConfig config, MatchResult<ConfigHandler> match, IReadOnlyList<Token> tokens, SourceRef source)
    {
        var negated = IsWord(tokens[0], "no") && tokens.Count > 1;
        var outcome = match.Handler!(new ConfigCommand(config, Mode, match.Args, negated, source) { Salt = Salt });
        if (outcome.Refused) return new(config, outcome.Messages, null);
        _extraOpen = false;
        _previous = source.Text.Trim();
        if (outcome.EnterMode is not null) { Mode = outcome.EnterMode; _previous = ""; }
        return new(outcome.Config!, outcome.Messages, null);
    }

    private ApplyResult KeepExtra(AsaConfig config, string line, bool child, SourceRef source)
    {
        var keeper = grammar.Keeper(Mode.Kind);
        var text = child ? line.TrimEnd() : " " + line.Trim();
        var kept = keeper?.Invoke(config, Mode, text, child, source, _previous);
        if (kept is null) return new(config, [], new LineError(LineErrorKind.InvalidInput, LineTokenizer.Indent(line), line));
        _extraOpen = !child || _extraOpen;
        return new(kept, [], null, Kept: true);
    }

    private ApplyResult KeepVerbatim(AsaConfig config, CommandCatalogue.Entry entry, string line, IReadOnlyList<Token> tokens, SourceRef source)
    {
        var text = line.TrimStart();
        var rank = Math.Max(config.LastPlaced.Rank, entry.Section);
        if (IsWord(tokens[0], "no") && tokens.Count > 1)
        {
            // "no X" removes a kept "X"; otherwise it is itself a config line ("no failover").
            var positive = text[(tokens[1].Column - tokens[0].Column)..];
            var existing = config.Get<VerbatimBlock>(positive.TrimEnd());
            if (existing is not null) return new(config.Without<VerbatimBlock>(existing.Key), [], null, Kept: true);
        }
        else
        {
            var negative = config.Get<VerbatimBlock>("no " + text.TrimEnd());
            if (negative is not null) config = config.Without<VerbatimBlock>(negative.Key);
        }
        var block = config.Get<VerbatimBlock>(text.TrimEnd());
        if (block is null)
        {
            var (next, order) = config.Allocate(rank);
            block = new VerbatimBlock(text, []) { Order = order, Sources = [source] };
            config = next.With(block);
        }
        if (entry.EntersMode) Mode = new ConfigMode(ModeKind.Verbatim, block.Key, entry.Prompt);
        return new(config, [], null, Kept: true);
    }

    private static AsaConfig AppendToBlock(AsaConfig config, string key, string line)
    {
        var block = config.Get<VerbatimBlock>(key);
        return block is null ? config : config.With(block with { Lines = block.Lines.Add(line) });
    }

    private static ApplyResult Failure(AsaConfig config, MatchResult<ConfigHandler> match, string line) =>
        new(config, [], new LineError(match.Status switch
        {
            MatchStatus.Incomplete => LineErrorKind.Incomplete,
            MatchStatus.Ambiguous => LineErrorKind.Ambiguous,
            _ => LineErrorKind.InvalidInput,
        }, match.ErrorColumn, line));
}
