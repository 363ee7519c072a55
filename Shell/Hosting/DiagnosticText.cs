using AsaEmu.ConfigModel.Loading;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// A config-file diagnostic as compilers print theirs: <c>FILE:LINE: ERROR: ...</c>, the line
/// itself, and for "Invalid input" a caret under the offending word.
/// </summary>
public static class DiagnosticText
{
    private const string Indent = "    ";

    public static IEnumerable<string> Lines(string file, LoadDiagnostic d)
    {
        yield return $"{file}:{d.LineNumber}: {d.Message}";
        yield return Indent + d.Line;
        if (d.Column is { } column && d.Message.Contains("'^' marker", StringComparison.Ordinal))
            yield return new string(' ', Indent.Length + column) + "^";
    }

    public static string Plural(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
}
