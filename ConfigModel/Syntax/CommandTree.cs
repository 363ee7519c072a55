namespace AsaEmu.ConfigModel.Syntax;

public enum MatchStatus { Complete, Incomplete, Invalid, Ambiguous }

/// <summary>What matching a line against a tree found.</summary>
public sealed record MatchResult<THandler>(
    MatchStatus Status,
    THandler? Handler,
    ParsedArgs Args,
    /// <summary>Column of the word the caret points at (Invalid, Ambiguous).</summary>
    int ErrorColumn,
    /// <summary>The deepest node reached: where <c>?</c> help continues.</summary>
    SyntaxNode<THandler> Node) where THandler : class;

/// <summary>
/// The commands of one CLI mode. Commands are added from <see cref="CommandSpec"/> notation;
/// a line is matched word by word, each word by any unique prefix of a keyword, else by the
/// first argument type that accepts it.
/// </summary>
public sealed class CommandTree<THandler> where THandler : class
{
    public RootNode<THandler> Root { get; } = new();

    /// <summary>
    /// Adds a command. <paramref name="noPrefix"/> is how many leading words of a path are enough
    /// for the <c>no</c> form (e.g. 2 for <c>no username NAME</c>); null means the whole command.
    /// </summary>
    public CommandTree<THandler> Add(string spec, THandler handler, int? noPrefix = null, THandler? noHandler = null,
        IReadOnlyDictionary<string, string>? help = null, IReadOnlyDictionary<string, ArgType>? types = null)
    {
        foreach (var path in CommandSpec.Expand(spec, types))
        {
            SyntaxNode<THandler> node = Root;
            var depth = 0;
            foreach (var element in path)
            {
                SyntaxNode<THandler> fresh = element switch
                {
                    CommandSpec.Keyword k => new KeywordNode<THandler>(k.Word, k.Capture),
                    CommandSpec.Arg a => new ArgNode<THandler>(a.Type, a.Name, a.Repeats),
                    _ => throw new InvalidOperationException(),
                };
                var next = node.FindEquivalent(fresh);
                if (next is null)
                {
                    next = fresh;
                    next.Help = HelpFor(element, help);
                    node.AddChild(next);
                }
                node = next;
                depth++;
                if (noHandler is not null && noPrefix is { } n && depth >= n) node.NoHandler ??= noHandler;
            }
            node.Handler = handler;
            if (noHandler is not null && noPrefix is null) node.NoHandler = noHandler;
        }
        return this;
    }

    private static string HelpFor(CommandSpec.Element e, IReadOnlyDictionary<string, string>? help) => e switch
    {
        CommandSpec.Keyword k when help is not null && help.TryGetValue(k.Word, out var h) => h,
        CommandSpec.Keyword k => KeywordHelp.For(k.Word),
        CommandSpec.Arg a when help is not null && help.TryGetValue(a.Name, out var h) => h,
        CommandSpec.Arg a => a.Type.Help,
        _ => "",
    };

    /// <summary>Matches the words of a line (already split, with their columns).</summary>
    public MatchResult<THandler> Match(string line, IReadOnlyList<Token> tokens, int start = 0, bool negated = false)
    {
        var args = new ParsedArgs();
        SyntaxNode<THandler> node = Root;
        for (var i = start; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var candidates = Candidates(node);
            var step = Step(candidates, token.Text, out var ambiguous);
            if (ambiguous) return new(MatchStatus.Ambiguous, null, args, token.Column, node);
            if (step is null) return new(MatchStatus.Invalid, null, args, token.Column, node);
            switch (step)
            {
                case KeywordNode<THandler> k:
                    args.AddKeyword(k.Keyword);
                    if (k.Capture is not null) args.Add(k.Capture, k.Keyword);
                    break;
                case ArgNode<THandler> a when a.Type.RestOfLine:
                    var rest = a.Type.ParseRest(line[token.Column..].TrimEnd());
                    if (!rest.Success)
                        return rest.ErrorOffset is { } offset
                            ? new(rest.Ambiguous ? MatchStatus.Ambiguous : MatchStatus.Invalid, null, args, token.Column + offset, node)
                            : new(MatchStatus.Incomplete, null, args, line.Length, a);
                    args.Add(a.Name, rest.Value!);
                    node = a;
                    i = tokens.Count;
                    continue;
                case ArgNode<THandler> a:
                    a.Type.TryParse(token.Text, out var value);
                    args.Add(a.Name, value);
                    break;
            }
            node = step;
        }
        var handler = negated ? node.NoHandler : node.Handler;
        return handler is null
            ? new(MatchStatus.Incomplete, null, args, line.Length, node)
            : new(MatchStatus.Complete, handler, args, -1, node);
    }

    /// <summary>The nodes that may follow <paramref name="node"/>, a repeating argument included.</summary>
    public static IEnumerable<SyntaxNode<THandler>> Candidates(SyntaxNode<THandler> node) =>
        node is ArgNode<THandler> { Repeats: true } ? node.Children.Prepend(node) : node.Children;

    private static SyntaxNode<THandler>? Step(IEnumerable<SyntaxNode<THandler>> candidates, string word, out bool ambiguous)
    {
        ambiguous = false;
        KeywordNode<THandler>? prefixMatch = null;
        var prefixCount = 0;
        ArgNode<THandler>? argMatch = null;
        foreach (var c in candidates)
        {
            if (c is KeywordNode<THandler> k)
            {
                if (string.Equals(k.Keyword, word, StringComparison.OrdinalIgnoreCase)) return k;
                if (k.Keyword.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                    && !(prefixMatch is not null && prefixMatch.Keyword == k.Keyword))
                {
                    prefixMatch = k;
                    prefixCount++;
                }
            }
            else if (c is ArgNode<THandler> a && argMatch is null && a.Type.TryParse(word, out _))
            {
                argMatch = a;
            }
        }
        if (prefixCount == 1) return prefixMatch;
        if (prefixCount > 1)
        {
            if (argMatch is not null) return argMatch;
            ambiguous = true;
            return null;
        }
        return argMatch;
    }
}
