using System.Collections.Immutable;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// A valid ASA command that AsaEmu keeps but does not emulate (<c>timeout</c>, <c>policy-map</c>,
/// <c>dns server-group</c>, ...), with its sub-mode lines, rendered back exactly as loaded.
/// </summary>
public sealed record VerbatimBlock(string Head, ImmutableList<string> Lines) : ConfigItem, IRendered
{
    /// <summary>Mode-entering blocks are found again by their head line; one-line commands by their text.</summary>
    public override string Key => Head.TrimEnd();

    public IEnumerable<string> Render(RenderContext c) => Lines.Prepend(Head);
}
