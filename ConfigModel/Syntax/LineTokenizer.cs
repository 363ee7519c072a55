namespace AsaEmu.ConfigModel.Syntax;

/// <summary>
/// Splits a command line into words. The ASA has no quoting on its command line: a word is a run
/// of non-blank characters, and "rest of line" arguments (description, remark, banner) are cut
/// from the raw line by column, so their spacing survives.
/// </summary>
public static class LineTokenizer
{
    public static IReadOnlyList<Token> Tokenize(string line)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && IsBlank(line[i])) i++;
            if (i >= line.Length) break;
            var start = i;
            while (i < line.Length && !IsBlank(line[i])) i++;
            tokens.Add(new Token(line[start..i], start));
        }
        return tokens;
    }

    public static bool IsBlank(char c) => c == ' ' || c == '\t';

    /// <summary>Number of leading blanks: sub-mode lines in show-run output are indented.</summary>
    public static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && IsBlank(line[i])) i++;
        return i;
    }
}
