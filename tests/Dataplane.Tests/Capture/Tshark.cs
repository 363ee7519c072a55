using System.Diagnostics;

namespace AsaEmu.Dataplane.Tests.Capture;

/// <summary>A fact that needs Wireshark's <c>tshark</c> (Debian package tshark, installed by .ci/run); skipped without it.</summary>
public sealed class TsharkFactAttribute : FactAttribute
{
    public TsharkFactAttribute()
    {
        if (Tshark.Path is null) Skip = "needs tshark (apt-get install tshark) to open the exported capture";
    }
}

/// <summary>Runs tshark on a capture with a private configuration directory holding the decryption tables.</summary>
public static class Tshark
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "tshark"))
        .FirstOrDefault(File.Exists);

    /// <summary>
    /// tshark's standard output: one-line summaries (or the fields asked for) of <paramref name="pcap"/>, with the
    /// tables in <paramref name="tables"/> (file name to content) as its profile and ESP decryption on.
    /// </summary>
    public static string Read(string pcap, IReadOnlyDictionary<string, string> tables, params string[] arguments)
    {
        var config = Directory.CreateTempSubdirectory("asaemu-tshark-");
        try
        {
            var profile = System.IO.Path.Combine(config.FullName, "wireshark");
            Directory.CreateDirectory(profile);
            foreach (var (name, content) in tables) File.WriteAllText(System.IO.Path.Combine(profile, name), content);
            var start = new ProcessStartInfo(Path!, ["-n", "-r", pcap, "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE", .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["XDG_CONFIG_HOME"] = config.FullName;
            start.Environment["WIRESHARK_CONFIG_DIR"] = profile;
            start.Environment["HOME"] = config.FullName;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000)) process.Kill(entireProcessTree: true);
            // stderr says "Running as user root ..." in a container: only a failure's stderr matters.
            if (process.ExitCode != 0) throw new InvalidOperationException($"tshark exited with {process.ExitCode}: {error.Result}");
            return output.Result;
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }
}
