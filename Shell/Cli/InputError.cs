using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.Shell.Cli;

/// <summary>
/// The ASA's answer to a line it did not understand (reference §1.4): for invalid input a caret
/// under the first character of the bad word, counted from the start of the prompt because the
/// echoed line includes it, then the <c>ERROR: %</c> line.
/// </summary>
public static class InputError
{
    public static LineError From<T>(MatchResult<T> match, string line) where T : class => new(match.Status switch
    {
        MatchStatus.Incomplete => LineErrorKind.Incomplete,
        MatchStatus.Ambiguous => LineErrorKind.Ambiguous,
        _ => LineErrorKind.InvalidInput,
    }, match.ErrorColumn, line);

    public static IEnumerable<string> Lines(LineError error, int promptLength)
    {
        if (error.Kind == LineErrorKind.InvalidInput)
            yield return new string(' ', promptLength + Math.Max(0, error.Column)) + "^";
        yield return error.Message;
    }
}
