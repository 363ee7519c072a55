using System.Collections.Immutable;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// Where an item stands in <c>show running-config</c>: the section (<see cref="Sections"/>),
/// then the order it was created in, so unmodelled lines stay where they were loaded.
/// </summary>
public readonly record struct OrderKey(int Rank, long Seq) : IComparable<OrderKey>
{
    public int CompareTo(OrderKey other) =>
        Rank != other.Rank ? Rank.CompareTo(other.Rank) : Seq.CompareTo(other.Seq);
}

/// <summary>A config line an object came from: line number in its file (0 when typed) and text.</summary>
public sealed record SourceRef(int LineNumber, string Text)
{
    public override string ToString() => LineNumber > 0 ? $"line {LineNumber}: {Text.Trim()}" : Text.Trim();
}

/// <summary>
/// A top-level object of the running config. <see cref="Key"/> identifies it within its kind;
/// <see cref="Sources"/> are the lines that made it, so an event can name the config that decided it.
/// </summary>
public abstract record ConfigItem
{
    public OrderKey Order { get; init; }
    public ImmutableList<SourceRef> Sources { get; init; } = [];
    public abstract string Key { get; }

    public ConfigItem WithSource(SourceRef? source) =>
        source is null ? this : this with { Sources = Sources.Count > 32 ? Sources.RemoveAt(0).Add(source) : Sources.Add(source) };
}

/// <summary>
/// Lines inside a modelled sub-mode that AsaEmu keeps but does not emulate, each placed after
/// the modelled attribute it followed when loaded (its rank), so the sub-mode renders back in order.
/// A line's own deeper-indented children travel with it.
/// </summary>
public sealed record ExtraLine(int Rank, long Seq, string Text, ImmutableList<string> Children)
{
    public static ImmutableList<ExtraLine> Add(ImmutableList<ExtraLine> lines, int rank, long seq, string text) =>
        lines.Any(l => l.Text == text) ? lines : lines.Add(new ExtraLine(rank, seq, text, []));

    public static ImmutableList<ExtraLine> AddChild(ImmutableList<ExtraLine> lines, string child) =>
        lines.IsEmpty ? lines : lines.SetItem(lines.Count - 1, lines[^1] with { Children = lines[^1].Children.Add(child) });
}
