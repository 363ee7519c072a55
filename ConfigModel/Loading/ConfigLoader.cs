using System.Collections.Immutable;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Loading;

/// <summary>A problem found on one line of a config file.</summary>
public sealed record LoadDiagnostic(int LineNumber, Severity Severity, string Message, string Line, int? Column = null)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}

public sealed record LoadResult(
    AsaConfig Config,
    ImmutableArray<LoadDiagnostic> Diagnostics,
    /// <summary>Line numbers of valid ASA lines kept verbatim, not emulated.</summary>
    ImmutableArray<int> KeptLines,
    int LineCount)
{
    public int Errors => Diagnostics.Count(d => d.Severity == Severity.Error);
    public int Warnings => Diagnostics.Count(d => d.Severity == Severity.Warning);
}

/// <summary>
/// Loads a config file by replaying its lines through the config command trees, as the ASA
/// loads its startup-config. Bad lines get their error and the rest of the file still loads.
/// </summary>
public static class ConfigLoader
{
    /// <param name="keepSpacing">
    /// Render loaded lines back with their own trailing blanks (a file); false applies the lines as
    /// a user types them, rendered in the canonical form.
    /// </param>
    /// <param name="salt">Salts passwords given in clear; a fixed salt when null (the same text always loads alike).</param>
    public static LoadResult Load(string text, ConfigGrammar? grammar = null, AsaConfig? start = null, bool keepSpacing = true,
        Passwords.SaltSource? salt = null)
    {
        grammar ??= ConfigGrammar.Default;
        // An unmodelled line goes after the line before it in this file, not after the built-ins.
        var config = (start ?? grammar.Factory).Placed(default);
        var session = new ConfigSession(grammar) { Salt = salt ?? Passwords.SaltSources.Fixed };
        var diagnostics = ImmutableArray.CreateBuilder<LoadDiagnostic>();
        var kept = ImmutableArray.CreateBuilder<int>();
        var number = 0;
        string? head = null;
        foreach (var raw in SplitLines(text))
        {
            number++;
            if (IsFraming(raw)) continue;
            var modeBefore = session.Mode;
            var result = session.Apply(config, raw, number);
            config = result.Config;
            if (result.Kept) kept.Add(number);
            else if (keepSpacing && !result.Failed)
            {
                // A sub-mode line is remembered under its head line, so "group 5" in two policies are two lines.
                var inSubMode = session.Mode.Kind != ModeKind.Global && session.Mode == modeBefore;
                config = config.RememberSpacing(inSubMode ? head : null, raw);
                if (!inSubMode) head = raw.TrimEnd();
            }
            // A diagnostic echoes its line, which goes to stderr and check-config reports: secrets masked, caret kept on its word.
            var shown = result.Error is not null || !result.Messages.IsEmpty ? SecretMasking.Apply(raw) : null;
            if (result.Error is { } error)
                diagnostics.Add(new LoadDiagnostic(number, Severity.Error, (error with { Line = shown!.Text }).Message, shown!.Text, shown.MapColumn(error.Column)));
            foreach (var m in result.Messages)
                diagnostics.Add(new LoadDiagnostic(number, m.Severity, m.ToString(), shown!.Text));
            if (result.LeftConfigMode) session.Reset();
        }
        return new LoadResult(config, diagnostics.ToImmutable(), kept.ToImmutable(), number);
    }

    /// <summary>Lines as the file has them, without their line ends; a missing final newline is fine.</summary>
    public static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) { yield return text[start..].TrimEnd('\r'); yield break; }
            yield return text[start..end].TrimEnd('\r');
            start = end + 1;
        }
    }

    /// <summary>
    /// Lines of show-run framing that are not commands: comments and separators (<c>!</c>),
    /// <c>: Saved</c>-style headers, <c>ASA Version</c>, <c>Cryptochecksum:</c>, and blank lines.
    /// </summary>
    public static bool IsFraming(string line)
    {
        var t = line.TrimStart();
        return t.Length == 0 || t[0] == '!' || t[0] == ':'
            || t.StartsWith("ASA Version", StringComparison.Ordinal)
            || t.StartsWith("Cryptochecksum:", StringComparison.Ordinal)
            || t.StartsWith("PIX Version", StringComparison.Ordinal);
    }
}
