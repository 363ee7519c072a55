using System.CommandLine;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// <c>asaemu check-config FILE [--json] [--verbose]</c>: loads a config file as the appliance
/// would at boot and reports what it could not load. Exit status 0 when it loads with no errors
/// (warnings allowed), 1 when some lines have errors, 2 when the file cannot be read.
/// </summary>
public static class CheckConfigCommand
{
    public const int Clean = 0;
    public const int HasErrors = 1;
    public const int Unreadable = 2;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The config file to check (a startup-config or show running-config output)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (file, lines, errors, warnings, kept, diagnostics) instead of text" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print INFO notices and the numbers of the lines kept verbatim" };
        var command = new Command("check-config", "Check that a config file loads, and report the lines that do not") { file, json, verbose };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(verbose),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string path, bool json, bool verbose, TextWriter output, TextWriter error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"check-config: cannot read {path}: {e.Message}");
            return Unreadable;
        }

        var result = ConfigLoader.Load(text);
        if (json) output.WriteLine(CheckConfigReport.From(path, result).ToJson());
        else WriteText(path, result, verbose, output);
        return result.Errors > 0 ? HasErrors : Clean;
    }

    private static void WriteText(string path, LoadResult result, bool verbose, TextWriter output)
    {
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity == Severity.Info && !verbose) continue;
            foreach (var line in DiagnosticText.Lines(path, d)) output.WriteLine(line);
        }
        if (verbose && result.KeptLines.Length > 0)
            output.WriteLine($"kept verbatim (not emulated): lines {string.Join(", ", result.KeptLines)}");
        output.WriteLine(Summary(result));
    }

    public static string Summary(LoadResult result) =>
        $"check-config: {DiagnosticText.Plural(result.Errors, "error", "errors")}, " +
        $"{DiagnosticText.Plural(result.Warnings, "warning", "warnings")}, " +
        $"{DiagnosticText.Plural(result.KeptLines.Length, "line", "lines")} kept verbatim (not emulated), " +
        $"{DiagnosticText.Plural(result.LineCount, "line", "lines")}";
}
