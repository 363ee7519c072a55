namespace AsaEmu.ConfigModel.Syntax;

/// <summary>One line of <c>?</c> help: a keyword or an argument placeholder, and what it is for.</summary>
public sealed record HelpEntry(string Label, string Help);

/// <summary>What <c>?</c> shows after a line of complete words, or where the line went wrong.</summary>
public sealed record HelpResult(IReadOnlyList<HelpEntry> Options, bool CanEnd, int? ErrorColumn);

/// <summary>
/// <c>?</c> help and Tab completion from a command tree (reference §1.5): the same tree that
/// parses a line lists what may follow it.
/// </summary>
public static class CommandHelp
{
    /// <summary><c>show crypto ?</c>: the options after the complete words of <paramref name="line"/>.</summary>
    public static HelpResult Options<THandler>(CommandTree<THandler> tree, string line, bool negated = false, int start = 0)
        where THandler : class
    {
        var tokens = LineTokenizer.Tokenize(line);
        var match = tree.Match(line, tokens, start, negated);
        if (match.Status is MatchStatus.Invalid or MatchStatus.Ambiguous)
            return new HelpResult([], false, match.ErrorColumn);
        var options = CommandTree<THandler>.Candidates(match.Node)
            .Where(n => !negated || HasNoForm(n))
            .Select(n => new HelpEntry(n.Label, n.Help))
            .DistinctBy(e => e.Label)
            .OrderBy(e => e.Label.StartsWith('<') || e.Label == "WORD" || e.Label == "LINE" || e.Label.Contains('.') ? 1 : 0)
            .ThenBy(e => e.Label, StringComparer.Ordinal)
            .ToList();
        var canEnd = (negated ? match.Node.NoHandler : match.Node.Handler) is not null;
        return new HelpResult(options, canEnd, null);
    }

    /// <summary><c>show ip?</c>: the keywords that the last, partial word of <paramref name="line"/> may stand for.</summary>
    public static IReadOnlyList<string> Completions<THandler>(CommandTree<THandler> tree, string line, bool negated = false, int start = 0)
        where THandler : class
    {
        var (head, partial) = SplitLastWord(line);
        var help = Options(tree, head, negated, start);
        if (help.ErrorColumn is not null) return [];
        return help.Options.Where(o => !IsPlaceholder(o.Label) && o.Label.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
            .Select(o => o.Label).ToList();
    }

    /// <summary>Tab: the line with its last word completed when exactly one keyword fits, else null.</summary>
    public static string? Complete<THandler>(CommandTree<THandler> tree, string line, bool negated = false, int start = 0)
        where THandler : class
    {
        var (head, partial) = SplitLastWord(line);
        if (partial.Length == 0) return null;
        var candidates = Completions(tree, line, negated, start);
        return candidates.Count == 1 ? head + candidates[0] + " " : null;
    }

    /// <summary>After <c>no</c>, only the words that lead to a <c>no</c> form are offered.</summary>
    private static bool HasNoForm<THandler>(SyntaxNode<THandler> node) where THandler : class =>
        node.NoHandler is not null || node.Children.Any(HasNoForm);

    private static bool IsPlaceholder(string label) =>
        label.StartsWith('<') || label is "WORD" or "LINE" || label.Contains('.') && label.Any(char.IsUpper);

    private static (string Head, string Partial) SplitLastWord(string line)
    {
        var at = line.Length;
        while (at > 0 && !LineTokenizer.IsBlank(line[at - 1])) at--;
        return (line[..at], line[at..]);
    }
}
