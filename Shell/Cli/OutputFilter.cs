using System.Text.RegularExpressions;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// An output modifier (reference §1.6): <c>| include RE</c>, <c>| exclude RE</c>, <c>| begin RE</c>,
/// <c>| grep [-v] RE</c>. The regex is everything after the modifier (and <c>-v</c>), inner and
/// trailing blanks included, matched case-sensitively with a time limit; a match that runs out
/// of time counts as no match. A filter sees one line at a time and says whether it is shown.
/// </summary>
public sealed class OutputFilter
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public static readonly IReadOnlyList<HelpEntry> Modifiers =
    [
        new("begin", "Begin with the line that matches"),
        new("exclude", "Exclude lines that match"),
        new("grep", "Include/exclude lines that match"),
        new("include", "Include lines that match"),
    ];

    private enum Kind { Include, Exclude, Begin }

    private readonly Kind _kind;
    private readonly Regex _regex;
    private bool _begun;

    private OutputFilter(Kind kind, Regex regex)
    {
        _kind = kind;
        _regex = regex;
    }

    public string Pattern => _regex.ToString();

    /// <summary>True when <paramref name="line"/> (without its line end) is to be shown.</summary>
    public bool Passes(string line)
    {
        switch (_kind)
        {
            case Kind.Include: return Matches(line);
            case Kind.Exclude: return !Matches(line);
            default:
                if (!_begun && Matches(line)) _begun = true;
                return _begun;
        }
    }

    private bool Matches(string line)
    {
        try { return _regex.IsMatch(line); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>A line cut at its first <c>|</c> word: the command, and the filter or why it is refused.</summary>
    public sealed record Split(string Command, OutputFilter? Filter, LineError? Error);

    /// <summary>
    /// Cuts <paramref name="line"/> at its first <c>|</c> word, or returns null when it has none.
    /// The modifier may be abbreviated (<c>| inc</c>, <c>| i</c>).
    /// </summary>
    public static Split? Parse(string line, IReadOnlyList<Token> tokens)
    {
        var pipe = CliHelp.PipeAt(tokens);
        if (pipe < 0) return null;
        var command = line[..tokens[pipe].Column].TrimEnd();
        if (pipe + 1 >= tokens.Count) return new(command, null, new LineError(LineErrorKind.Incomplete, line.Length, line));
        var word = tokens[pipe + 1];
        var matches = Modifiers.Where(m => m.Label.StartsWith(word.Text, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count != 1) return new(command, null, new LineError(LineErrorKind.InvalidInput, word.Column, line));
        var kind = matches[0].Label switch
        {
            "begin" => Kind.Begin,
            "exclude" => Kind.Exclude,
            _ => Kind.Include,
        };
        var rest = word.Column + word.Text.Length;
        if (matches[0].Label == "grep" && pipe + 2 < tokens.Count && tokens[pipe + 2].Text == "-v")
        {
            kind = Kind.Exclude;
            rest = tokens[pipe + 2].Column + 2;
        }
        while (rest < line.Length && LineTokenizer.IsBlank(line[rest])) rest++;
        var pattern = line[rest..];
        if (pattern.Length == 0) return new(command, null, new LineError(LineErrorKind.Incomplete, line.Length, line));
        try
        {
            return new(command, new OutputFilter(kind, new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout)), null);
        }
        catch (ArgumentException)
        {
            return new(command, null, new LineError(LineErrorKind.InvalidInput, rest, line));
        }
    }
}
