using System.Text.Json;
using System.Text.Json.Serialization;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;

namespace AsaEmu.Shell.Hosting;

/// <summary>The result of <c>asaemu check-config --json</c>: one object for scripts and CI.</summary>
public sealed record CheckConfigReport(
    string File, int Lines, int Errors, int Warnings, int Kept, IReadOnlyList<int> KeptLines,
    IReadOnlyList<CheckConfigReport.Item> Diagnostics)
{
    public sealed record Item(int Line, string Severity, string Message, string Text, int? Column);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Config text is shown to people and tools as it is: quotes and carets unescaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static CheckConfigReport From(string file, LoadResult result) => new(
        file, result.LineCount, result.Errors, result.Warnings, result.KeptLines.Length, result.KeptLines,
        result.Diagnostics.Select(d => new Item(d.LineNumber, SeverityName(d.Severity), d.Message, d.Line, d.Column)).ToList());

    private static string SeverityName(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
