using System.Diagnostics;
using System.Text;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>
/// Runs the real OpenSSH client against a test server. The password comes from an SSH_ASKPASS
/// script (SSH_ASKPASS_REQUIRE=force), so no sshpass is needed; each prompt is logged to a file.
/// </summary>
internal sealed class OpenSsh : IDisposable
{
    public const string Path = "/usr/bin/ssh";

    private readonly string _directory = Directory.CreateTempSubdirectory("asaemu-ssh-").FullName;

    public OpenSsh()
    {
        AskPass = System.IO.Path.Combine(_directory, "askpass.sh");
        PromptLog = System.IO.Path.Combine(_directory, "prompts.log");
        File.WriteAllText(AskPass, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$ASKPASS_LOG\"\nprintf '%s\\n' \"$ASKPASS_PASSWORD\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(AskPass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static bool Installed => File.Exists(Path);

    public string AskPass { get; }
    public string PromptLog { get; }

    public string[] Prompts => File.Exists(PromptLog) ? File.ReadAllLines(PromptLog) : [];

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <c>ssh</c> with <paramref name="arguments"/>: options, then <see cref="Target"/> (user@127.0.0.1 and the command).</summary>
    public async Task<Result> RunAsync(int port, IEnumerable<string> arguments, string password = TestServer.Password,
        string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // ssh keeps the first value given for an option: the caller's options go before the defaults.
        var list = arguments.ToList();
        var target = list.FindIndex(a => a.EndsWith("@127.0.0.1", StringComparison.Ordinal));
        var callerOptions = target < 0 ? list : list[..target];
        var rest = target < 0 ? [] : list[target..];
        foreach (var argument in callerOptions.Concat(new[]
        {
            "-F", "/dev/null",
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "BatchMode=no",
            "-o", "PubkeyAuthentication=no",
            "-o", "GSSAPIAuthentication=no",
            "-o", "ConnectTimeout=10",
        }).Concat(rest))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["SSH_ASKPASS"] = AskPass;
        start.Environment["SSH_ASKPASS_REQUIRE"] = "force";
        start.Environment["DISPLAY"] = ":0";
        start.Environment["ASKPASS_PASSWORD"] = password;
        start.Environment["ASKPASS_LOG"] = PromptLog;
        start.Environment.Remove("SSH_AUTH_SOCK");

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            if (input is not null)
                await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token);
            return new Result(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"ssh {string.Join(' ', start.ArgumentList)} did not finish in time");
        }
        finally
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    public static string[] Target(params string[] command) => [$"{TestServer.User}@127.0.0.1", .. command];

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
