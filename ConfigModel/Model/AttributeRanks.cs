namespace AsaEmu.ConfigModel.Model;

/// <summary>Finds which modelled attribute of a sub-mode a line sets, by its leading words.</summary>
public static class AttributeRanks
{
    public static int Of(string line, params (string Words, int Rank)[] attributes)
    {
        var text = line.Trim();
        if (text.StartsWith("no ", StringComparison.OrdinalIgnoreCase)) text = text[3..].TrimStart();
        var best = (Length: -1, Rank: 0);
        foreach (var (words, rank) in attributes)
            if ((text == words || text.StartsWith(words + " ", StringComparison.OrdinalIgnoreCase)) && words.Length > best.Length)
                best = (words.Length, rank);
        return best.Rank;
    }
}
