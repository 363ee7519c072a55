using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// <c>?</c> help and Tab completion for a session (reference §1.5), from the same command trees
/// that run the commands (<see cref="CommandHelp"/>): in EXEC the tree of the privilege level;
/// in config mode the sub-mode's tree, the global tree (implicit exit) and the EXEC commands
/// allowed in config mode, merged. Texts and layout are tables here, easy to correct.
/// </summary>
/// <summary>Whether a word may be offered after the words before it (written out, after a <c>no</c>).</summary>
public delegate bool Offers(IReadOnlyList<string> words, bool negated);

public sealed class CliHelp(ExecGrammar exec, ConfigGrammar config)
{
    public const string ConfigHeader = "configure mode commands/options:";
    public const string ExecHeader = "exec mode commands/options:";
    public const string Unrecognized = "ERROR: % Unrecognized command";
    public const string OutputModifiers = "Output modifiers";
    public const string EndOfCommand = "<cr>";

    /// <summary>The first words of EXEC commands whose output a pipe may filter.</summary>
    public static readonly IReadOnlyList<string> PipeableCommands = ["show", "more", "write", "dir"];

    /// <summary>Words every config mode takes that are not in the trees (the config session handles them).</summary>
    private static readonly HelpEntry[] ConfigExtras =
    [
        new("end", KeywordHelp.For("end")),
        new("exit", KeywordHelp.For("exit")),
        new("no", KeywordHelp.For("no")),
    ];

    /// <summary>
    /// The lines that <c>?</c> prints after <paramref name="text"/> (the caret counts <paramref name="promptLength"/>).
    /// <paramref name="offers"/>, when given, says whether a word may be offered after the words
    /// before it (written out, after a <c>no</c>): under command authorization a command above the
    /// session's level is not offered, as the ASA does not show it [M].
    /// </summary>
    public IReadOnlyList<string> Help(ExecScope scope, ConfigMode? mode, string text, int promptLength, Offers? offers = null)
    {
        var tokens = LineTokenizer.Tokenize(text);
        var pipe = PipeAt(tokens);
        if (pipe >= 0) return PipeHelp(text, tokens, pipe);
        var (head, partial) = SplitLastWord(text);
        var (negated, start) = Negation(tokens, partial.Length == 0);
        var sources = Sources(scope, mode).ToList();
        var offered = Filter(offers, sources, text, tokens, partial.Length > 0, negated, start);

        if (partial.Length > 0)
        {
            var heads = sources.Select(s => s.Options(head, negated, start)).ToList();
            if (heads.All(h => h.ErrorColumn is not null)) return Refusal(sources, head, negated, start, promptLength);
            var words = sources.SelectMany(s => s.Completions(text, negated, start)).Where(offered).ToList();
            if (mode is not null && LineTokenizer.Tokenize(head).Count == 0)
                words.AddRange(ConfigExtras.Select(e => e.Label).Where(l => l.StartsWith(partial, StringComparison.OrdinalIgnoreCase)));
            words = words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return words.Count == 0 ? [Unrecognized] : [string.Join(" ", words)];
        }

        if (tokens.Count == 0) return RootHelp(scope, mode, offered);

        var results = sources.Select(s => (Source: s, Result: s.Options(text, negated, start))).ToList();
        var ok = results.Where(r => r.Result.ErrorColumn is null).ToList();
        if (ok.Count == 0) return Refusal(sources, text, negated, start, promptLength);
        var options = Sorted(ok.SelectMany(r => r.Result.Options).Where(o => offered(o.Label)));
        var lines = new List<string> { "" };
        var pipeable = ok.Any(r => r.Source.Pipeable(text, negated, start));
        lines.AddRange(Format(options, pipeable ? [new HelpEntry("|", OutputModifiers)] : []));
        if (ok.Any(r => r.Result.CanEnd)) lines.Add("  " + EndOfCommand);
        return lines;
    }

    /// <summary>Tab: the line with its last word completed when one keyword fits, else the candidates.</summary>
    public TabResult Complete(ExecScope scope, ConfigMode? mode, string text, Offers? offers = null)
    {
        var (head, partial) = SplitLastWord(text);
        if (partial.Length == 0) return TabResult.None;
        var tokens = LineTokenizer.Tokenize(text);
        List<string> words;
        var pipe = PipeAt(tokens);
        if (pipe >= 0)
        {
            if (pipe != tokens.Count - 2) return TabResult.None;
            words = OutputFilter.Modifiers.Select(m => m.Label).Where(l => l.StartsWith(partial, StringComparison.OrdinalIgnoreCase)).ToList();
        }
        else
        {
            var (negated, start) = Negation(tokens, endsWithBlank: false);
            var sources = Sources(scope, mode).ToList();
            var offered = Filter(offers, sources, text, tokens, partialWord: true, negated, start);
            words = sources.SelectMany(s => s.Completions(text, negated, start)).Where(offered).ToList();
            if (mode is not null && tokens.Count == 1)
                words.AddRange(ConfigExtras.Select(e => e.Label).Where(l => l.StartsWith(partial, StringComparison.OrdinalIgnoreCase)));
            words = words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        var exact = words.FirstOrDefault(w => string.Equals(w, partial, StringComparison.OrdinalIgnoreCase));
        if (exact is not null || words.Count == 1) return new TabResult(head + (exact ?? words[0]) + " ", []);
        return new TabResult(null, words);
    }

    private IReadOnlyList<string> RootHelp(ExecScope scope, ConfigMode? mode, Func<string, bool> offered)
    {
        var lines = new List<string>();
        if (mode is not null)
        {
            var tree = config.Tree(mode.Kind == ModeKind.Verbatim ? ModeKind.Global : mode.Kind);
            var own = CommandHelp.Options(tree, "").Options.Where(o => offered(o.Label)).Concat(ConfigExtras);
            lines.Add(ConfigHeader);
            lines.AddRange(Format(Sorted(own), []));
        }
        lines.Add(ExecHeader);
        lines.AddRange(Format(Sorted(CommandHelp.Options(exec.Tree(mode is null ? scope : ExecScope.Config), "").Options.Where(o => offered(o.Label))), []));
        return lines;
    }

    /// <summary>
    /// Whether a word after the line's words may be offered: the words before it are written out
    /// by the first source that reads them as keywords, then <paramref name="offers"/> decides.
    /// Words past the third (the command is decided by then) and placeholders are always offered.
    /// </summary>
    private static Func<string, bool> Filter(Offers? offers, IReadOnlyList<Source> sources, string text, IReadOnlyList<Token> tokens,
        bool partialWord, bool negated, int start)
    {
        if (offers is null) return _ => true;
        var before = partialWord ? tokens.Count - 1 : tokens.Count;
        if (before - start >= 3) return _ => true;
        var head = new List<string>();
        for (var i = start; i < before; i++)
            head.Add(sources.Select(s => s.KeywordAt(text, tokens, i, negated, start)).FirstOrDefault(w => w is not null) ?? tokens[i].Text.ToLowerInvariant());
        return label => IsPlaceholder(label) || offers([.. head, label], negated);
    }

    private static IReadOnlyList<string> PipeHelp(string text, IReadOnlyList<Token> tokens, int pipe)
    {
        var (_, partial) = SplitLastWord(text);
        var after = tokens.Count - pipe - 1;
        if (after == 0 || after == 1 && partial.Length > 0)
        {
            if (partial.Length == 0) return ["", .. Format(OutputFilter.Modifiers, [])];
            var words = OutputFilter.Modifiers.Select(m => m.Label).Where(l => l.StartsWith(partial, StringComparison.OrdinalIgnoreCase)).ToList();
            return words.Count == 0 ? [Unrecognized] : [string.Join(" ", words)];
        }
        return ["", .. Format([new HelpEntry("LINE", "Regular Expression")], [])];
    }

    /// <summary>Why no tree takes the words before the <c>?</c>: the one that got furthest says.</summary>
    private static List<string> Refusal(IEnumerable<Source> sources, string text, bool negated, int start, int promptLength)
    {
        var (status, column) = sources.Select(s => s.Refusal(text, negated, start)).MaxBy(r => r.Column);
        if (status == MatchStatus.Ambiguous) return [new LineError(LineErrorKind.Ambiguous, column, text).Message];
        return [new string(' ', promptLength + column) + "^", new LineError(LineErrorKind.InvalidInput, column, text).Message];
    }

    /// <summary>Two blanks, the word padded to a common column, its description.</summary>
    public static IEnumerable<string> Format(IReadOnlyList<HelpEntry> options, IReadOnlyList<HelpEntry> trailer)
    {
        var all = options.Concat(trailer).ToList();
        if (all.Count == 0) return [];
        var width = all.Max(o => o.Label.Length) + 3;
        return all.Select(o => o.Help.Length == 0 ? "  " + o.Label : "  " + o.Label.PadRight(width) + o.Help);
    }

    private static List<HelpEntry> Sorted(IEnumerable<HelpEntry> entries) => entries
        .DistinctBy(e => e.Label)
        .OrderBy(e => IsPlaceholder(e.Label) ? 1 : 0)
        .ThenBy(e => e.Label, StringComparer.Ordinal)
        .ToList();

    private static bool IsPlaceholder(string label) =>
        label.StartsWith('<') || label is "WORD" or "LINE" || label.Contains('.') && label.Any(char.IsUpper);

    internal static int PipeAt(IReadOnlyList<Token> tokens)
    {
        for (var i = 1; i < tokens.Count; i++)
            if (tokens[i].Text == "|") return i;
        return -1;
    }

    private static (bool Negated, int Start) Negation(IReadOnlyList<Token> tokens, bool endsWithBlank)
    {
        var negated = tokens.Count > 0 && string.Equals(tokens[0].Text, "no", StringComparison.OrdinalIgnoreCase)
            && (tokens.Count > 1 || endsWithBlank);
        return (negated, negated ? 1 : 0);
    }

    private static (string Head, string Partial) SplitLastWord(string text)
    {
        var at = text.Length;
        while (at > 0 && !LineTokenizer.IsBlank(text[at - 1])) at--;
        return (text[..at], text[at..]);
    }

    private IEnumerable<Source> Sources(ExecScope scope, ConfigMode? mode)
    {
        if (mode is null)
        {
            yield return new TreeSource<ExecHandler>(exec.Tree(scope), exec: true);
            yield break;
        }
        if (mode.Kind != ModeKind.Global) yield return new TreeSource<ConfigHandler>(config.Tree(mode.Kind), exec: false);
        yield return new TreeSource<ConfigHandler>(config.Tree(ModeKind.Global), exec: false);
        yield return new TreeSource<ExecHandler>(exec.Tree(ExecScope.Config), exec: true);
    }

    private abstract class Source
    {
        public abstract string? KeywordAt(string text, IReadOnlyList<Token> tokens, int index, bool negated, int start);
        public abstract HelpResult Options(string text, bool negated, int start);
        public abstract IReadOnlyList<string> Completions(string text, bool negated, int start);
        public abstract bool Pipeable(string text, bool negated, int start);
        public abstract (MatchStatus Status, int Column) Refusal(string text, bool negated, int start);
    }

    private sealed class TreeSource<T>(CommandTree<T> tree, bool exec) : Source where T : class
    {
        public override string? KeywordAt(string text, IReadOnlyList<Token> tokens, int index, bool negated, int start) =>
            Sessions.CommandAuthorization.KeywordIn(tree, text, start, negated)(tokens, index);

        public override HelpResult Options(string text, bool negated, int start) => CommandHelp.Options(tree, text, negated, start);

        public override IReadOnlyList<string> Completions(string text, bool negated, int start) =>
            CommandHelp.Completions(tree, text, negated, start);

        public override (MatchStatus Status, int Column) Refusal(string text, bool negated, int start)
        {
            var match = tree.Match(text, LineTokenizer.Tokenize(text), start, negated);
            return (match.Status, match.Status is MatchStatus.Invalid or MatchStatus.Ambiguous ? match.ErrorColumn : -1);
        }

        public override bool Pipeable(string text, bool negated, int start)
        {
            if (!exec || negated) return false;
            var match = tree.Match(text, LineTokenizer.Tokenize(text), start, negated);
            return match.Status == MatchStatus.Complete && PipeableCommands.Any(match.Args.Has);
        }
    }
}
