using System.CommandLine;
using System.Text.Json;
using AsaEmu.Shell.Hosting;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

public class CheckConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Bad =
        "hostname asa1\n" +
        "interface GigabitEthernet0/0\n" +
        " nameif outside\n" +
        " security-level 200\n" +
        "hostnme asa2\n" +
        "timeout xlate 3:00:00\n" +
        "interface\n";

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = AsaEmuCommandLine.Create((_, _, _) => throw new InvalidOperationException("not the appliance"));
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_clean_file_exits_0_with_a_summary()
    {
        var path = Write("good.cfg", "hostname asa1\ninterface GigabitEthernet0/0\n nameif outside\ntimeout xlate 3:00:00\n");

        var (exit, output, _) = Run("check-config", path);

        Assert.Equal(0, exit);
        Assert.Equal("check-config: 0 errors, 0 warnings, 1 line kept verbatim (not emulated), 4 lines" + Environment.NewLine, output);
    }

    [Fact]
    public void Errors_exit_1_and_name_file_line_text_and_caret()
    {
        var path = Write("bad.cfg", Bad);

        var (exit, output, _) = Run("check-config", path);

        Assert.Equal(1, exit);
        var lines = output.Split(Environment.NewLine);
        var at = Array.IndexOf(lines, $"{path}:4: ERROR: % Invalid input detected at '^' marker.");
        Assert.True(at >= 0, output);
        Assert.Equal("     security-level 200", lines[at + 1]);
        Assert.Equal(new string(' ', 4 + 16) + "^", lines[at + 2]);
        var hostnme = Array.IndexOf(lines, $"{path}:5: ERROR: % Invalid input detected at '^' marker.");
        Assert.Equal("    hostnme asa2", lines[hostnme + 1]);
        Assert.Equal("    ^", lines[hostnme + 2]);
        Assert.Contains($"{path}:7: ERROR: % Incomplete command", lines);
        Assert.Contains("check-config: 3 errors, 0 warnings, 1 line kept verbatim (not emulated), 7 lines", lines);
    }

    [Fact]
    public void Verbose_lists_the_kept_line_numbers()
    {
        var path = Write("bad.cfg", Bad);

        var (_, output, _) = Run("check-config", path, "--verbose");

        Assert.Contains("kept verbatim (not emulated): lines 6", output);
        Assert.Contains("INFO: Security level for \"outside\" set to 0 by default.", output);
    }

    [Fact]
    public void Json_reports_counts_and_each_diagnostic()
    {
        var path = Write("bad.cfg", Bad);

        var (exit, output, _) = Run("check-config", path, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        Assert.Equal(7, root.GetProperty("lines").GetInt32());
        Assert.Equal(3, root.GetProperty("errors").GetInt32());
        Assert.Equal(0, root.GetProperty("warnings").GetInt32());
        Assert.Equal(1, root.GetProperty("kept").GetInt32());
        var security = root.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("line").GetInt32() == 4);
        Assert.Equal("error", security.GetProperty("severity").GetString());
        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", security.GetProperty("message").GetString());
        Assert.Equal(" security-level 200", security.GetProperty("text").GetString());
        Assert.Equal(16, security.GetProperty("column").GetInt32());
    }

    [Fact]
    public void An_unreadable_file_exits_2()
    {
        var (exit, output, error) = Run("check-config", _dir.File("missing.cfg"));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith($"check-config: cannot read {_dir.File("missing.cfg")}", error);
    }

    [Fact]
    public void Warnings_alone_exit_0()
    {
        // A config whose only notices are INFO lines is clean; the summary counts no warnings.
        var path = Write("info.cfg", "interface GigabitEthernet0/1\n nameif inside\n");

        var (exit, output, _) = Run("check-config", path);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("INFO", output);
    }
}
