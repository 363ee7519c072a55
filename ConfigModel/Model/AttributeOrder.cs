using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// The order the ASA prints the lines of one attribute sub-mode in, for modelled attributes and
/// kept (unmodelled) lines alike, keyed by their leading words. A kept line takes the rank of
/// the longest entry its words start with, so it renders where the ASA would print it whatever
/// order it was entered in. A line whose longest entry is a modelled attribute is not kept: it
/// is a malformed modelled command.
/// </summary>
public sealed class AttributeOrder
{
    /// <param name="ShownAs">The words the ASA shows instead of <paramref name="Words"/> (a pre-8.4 spelling), or null.</param>
    public sealed record Entry(string[] Words, int Rank, bool Modelled, string? ShownAs = null);

    private readonly List<Entry> _entries = [];

    public AttributeOrder Modelled(string words, int rank) => Add(words, rank, true);
    public AttributeOrder Kept(string words, int rank) => Add(words, rank, false);

    /// <summary>
    /// A kept line with a pre-8.4 spelling the ASA shows by its 9.x words, as it migrates the
    /// config when it upgrades past 8.4 (<c>trust-point</c> is shown as <c>ikev1 trust-point</c>).
    /// </summary>
    public AttributeOrder Respelled(string words, string shownAs) => Add(words, RankOf(shownAs), false, shownAs);

    private AttributeOrder Add(string words, int rank, bool modelled, string? shownAs = null)
    {
        _entries.Add(new Entry(words.Split(' '), rank, modelled, shownAs));
        return this;
    }

    /// <summary>Rank of a modelled attribute, by its words (<c>"ikev1 pre-shared-key"</c>).</summary>
    public int RankOf(string words) =>
        _entries.FirstOrDefault(e => string.Join(' ', e.Words) == words)?.Rank ?? Last;

    /// <summary>Where a line with no entry goes: after every known line.</summary>
    public const int Last = 10_000;

    /// <summary>First words of the lines a sub-mode keeps (what <c>KeepExtras</c> is given).</summary>
    public IEnumerable<string> KeptFirstWords => _entries.Where(e => !e.Modelled).Select(e => e.Words[0]).Distinct();

    /// <summary>The longest entry the line's words start with (a leading <c>no</c> ignored).</summary>
    public Entry? Find(string line)
    {
        var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 1 && words[0].Equals("no", StringComparison.OrdinalIgnoreCase)) words = words[1..];
        Entry? best = null;
        foreach (var e in _entries)
        {
            if (e.Words.Length > words.Length) continue;
            var ok = true;
            for (var i = 0; i < e.Words.Length && ok; i++)
                ok = string.Equals(e.Words[i], words[i], StringComparison.OrdinalIgnoreCase);
            if (ok && (best is null || e.Words.Length > best.Words.Length)) best = e;
        }
        return best;
    }

    /// <summary>
    /// Keeps one line of a sub-mode, or returns null when it is not a line to keep. The text is
    /// the line as loaded: one-space indented, trailing blanks kept (the ASA prints some kept
    /// lines with a trailing blank). <c>no X</c> removes a kept <c>X</c> (and <c>X</c> a kept
    /// <c>no X</c>); a <c>no X</c> with nothing to remove is itself kept, as the ASA shows some
    /// (<c>no authentication chap</c>).
    /// </summary>
    public ImmutableList<ExtraLine>? Keep(ImmutableList<ExtraLine> extras, long seq, string text, bool child)
    {
        if (child)
            return extras.IsEmpty || extras[^1].Children.Contains(text) ? extras : ExtraLine.AddChild(extras, text);
        var entry = Find(text);
        if (entry is null || entry.Modelled) return null;
        if (entry.ShownAs is { } shownAs) text = Respell(text, entry.Words, shownAs);
        // The same line again (a config loaded twice, a sub-sub-mode re-entered): it becomes the
        // line deeper-indented lines attach to, and keeps its place.
        var same = extras.FindIndex(e => e.Text == text);
        if (same >= 0) return extras.RemoveAt(same).Add(extras[same]);
        return KeepLine(extras, text, l => new ExtraLine(entry.Rank, seq, l, []), e => e.Text);
    }

    /// <summary>The <c>no</c>-aware keeping of <see cref="Keep"/>, for any list of kept lines.</summary>
    public static ImmutableList<T> KeepLine<T>(ImmutableList<T> lines, string text, Func<string, T> make, Func<T, string> textOf)
    {
        var trimmed = text.Trim();
        if (lines.Any(l => textOf(l) == text)) return lines;
        if (trimmed.StartsWith("no ", StringComparison.OrdinalIgnoreCase))
        {
            var positive = trimmed[3..].TrimStart();
            var kept = lines.RemoveAll(l => Covers(positive, textOf(l).Trim()));
            return kept.Count != lines.Count ? kept : lines.Add(make(text));
        }
        var withoutNegative = lines.RemoveAll(l => textOf(l).Trim() is var t
            && t.StartsWith("no ", StringComparison.OrdinalIgnoreCase) && Covers(t[3..].TrimStart(), trimmed));
        return withoutNegative.Add(make(text));
    }

    /// <summary>
    /// The text to keep for a sub-mode line: as loaded, trailing blanks included, one-space indented
    /// (a deeper-indented child line keeps its own indent).
    /// </summary>
    public static string Verbatim(SourceRef source, bool child)
    {
        var raw = source.Text.TrimEnd('\r', '\n');
        return child ? raw : " " + raw.TrimStart(' ', '\t');
    }

    /// <summary>The line with its leading words (after the indent and a <c>no</c>) replaced by <paramref name="shownAs"/>.</summary>
    private static string Respell(string text, string[] words, string shownAs)
    {
        var pattern = $@"^(\s*(?:no\s+)?){string.Join(@"\s+", words.Select(Regex.Escape))}(?=\s|$)";
        return Regex.Replace(text, pattern, m => m.Groups[1].Value + shownAs, RegexOptions.IgnoreCase);
    }

    private static bool Covers(string prefix, string line) =>
        line.Equals(prefix, StringComparison.OrdinalIgnoreCase) || line.StartsWith(prefix + " ", StringComparison.OrdinalIgnoreCase);
}
