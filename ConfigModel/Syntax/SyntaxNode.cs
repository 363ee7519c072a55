namespace AsaEmu.ConfigModel.Syntax;

/// <summary>
/// A node of a command tree: a keyword or a typed argument. A path from the root spells a
/// command; the node where a command is complete carries its handler. One tree gives parsing,
/// abbreviation, <c>?</c> help, Tab completion, the caret of "Invalid input" and the <c>no</c>
/// forms (architecture principle 2).
/// </summary>
public abstract class SyntaxNode<THandler> where THandler : class
{
    private readonly List<SyntaxNode<THandler>> _children = [];

    public IReadOnlyList<SyntaxNode<THandler>> Children => _children;
    public string Help { get; internal set; } = "";
    /// <summary>Handler when the command ends here.</summary>
    public THandler? Handler { get; internal set; }
    /// <summary>Handler when the command, preceded by <c>no</c>, ends here.</summary>
    public THandler? NoHandler { get; internal set; }

    internal void AddChild(SyntaxNode<THandler> child) => _children.Add(child);

    internal SyntaxNode<THandler>? FindEquivalent(SyntaxNode<THandler> like) =>
        _children.FirstOrDefault(c => c.SameShapeAs(like));

    internal abstract bool SameShapeAs(SyntaxNode<THandler> other);

    /// <summary>The word as <c>?</c> help lists it.</summary>
    public abstract string Label { get; }
}

public sealed class KeywordNode<THandler>(string keyword, string? capture) : SyntaxNode<THandler>
    where THandler : class
{
    public string Keyword { get; } = keyword;
    /// <summary>When set, the keyword is recorded as the value of this argument name.</summary>
    public string? Capture { get; } = capture;
    public override string Label => Keyword;

    internal override bool SameShapeAs(SyntaxNode<THandler> other) =>
        other is KeywordNode<THandler> k && k.Keyword == Keyword && k.Capture == Capture;
}

public sealed class ArgNode<THandler>(ArgType type, string name, bool repeats) : SyntaxNode<THandler>
    where THandler : class
{
    public ArgType Type { get; } = type;
    public string Name { get; } = name;
    /// <summary>The argument may be given again (e.g. up to 11 transform-set names).</summary>
    public bool Repeats { get; } = repeats;
    public override string Label => Type.Placeholder;

    internal override bool SameShapeAs(SyntaxNode<THandler> other) =>
        other is ArgNode<THandler> a && a.Name == Name && a.Type == Type && a.Repeats == Repeats;
}

public sealed class RootNode<THandler> : SyntaxNode<THandler> where THandler : class
{
    public override string Label => "";
    internal override bool SameShapeAs(SyntaxNode<THandler> other) => false;
}
