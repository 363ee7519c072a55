namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Expands abbreviated keywords of <c>show running-config WORDS</c> (<c>sh run tun</c>) against
/// the commands the config has: a word that starts exactly one of the words found at its
/// position becomes that word; anything else is kept as typed.
/// </summary>
public static class SliceWords
{
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> body, IReadOnlyList<string> typed)
    {
        var heads = body.Where(l => l.Length > 0 && l[0] != ' ' && l != "!")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var result = new List<string>(typed.Count);
        foreach (var word in typed)
        {
            var position = result.Count;
            var known = heads.Where(h => h.Length > position && Starts(h, result))
                .Select(h => h[position]).Distinct(StringComparer.Ordinal).ToList();
            var matches = known.Where(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
            result.Add(known.Contains(word, StringComparer.Ordinal) || matches.Count != 1 ? word : matches[0]);
        }
        return result;
    }

    private static bool Starts(string[] head, List<string> prefix)
    {
        for (var i = 0; i < prefix.Count; i++)
            if (!string.Equals(head[i], prefix[i], StringComparison.Ordinal)) return false;
        return true;
    }
}
