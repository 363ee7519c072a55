using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Rendering;

/// <summary>Renders a sub-mode: its modelled attributes in the ASA's order, with kept lines where they were loaded.</summary>
public static class SubModeLines
{
    public static IEnumerable<string> Merge(string? head, IEnumerable<(int Rank, string Line)> attributes, ImmutableList<ExtraLine> extras)
    {
        if (head is not null) yield return head;
        var ordered = attributes.Select(a => (a.Rank, Kind: 0, Seq: 0L, Lines: (IEnumerable<string>)[a.Line]))
            .Concat(extras.Select(e => (e.Rank, Kind: 1, e.Seq, Lines: e.Children.Prepend(e.Text))))
            .OrderBy(x => x.Rank).ThenBy(x => x.Kind).ThenBy(x => x.Seq);
        foreach (var item in ordered)
            foreach (var line in item.Lines)
                yield return line;
    }
}
