using System.Diagnostics;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

/// <summary>Runs the built <c>asaemu</c> (its dll beside the tests, through <c>dotnet</c>) as a user would.</summary>
public class ProcessTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();


    private static Process Start(params string[] args) => AsaEmuProcess.Start(args);

    /// <param name="stderrRead">A <see cref="DaemonLog"/> reads stderr already (then the error returned is empty).</param>
    private static async Task<(int Exit, string Output, string Error)> Finish(Process process, bool stderrRead = false)
    {
        using var timeout = new CancellationTokenSource(Limit);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = stderrRead ? Task.FromResult("") : process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Piped_commands_run_on_the_console_and_end_with_the_input()
    {
        using var process = Start("--ssh", "none", "--data-dir", _dir.Path);
        await process.StandardInput.WriteAsync("enable\n\nshow run\nconf t\nhostname edge1\nend\nwrite memory\n");
        process.StandardInput.Close();

        var (exit, output, error) = await Finish(process);

        Assert.Equal(0, exit);
        Assert.StartsWith("Type help or '?' for a list of available commands.\r\nciscoasa> enable\r\nPassword: \r\nciscoasa# show run\r\n: Saved\r\n", output);
        Assert.Contains("\r\nhostname ciscoasa\r\n", output);
        Assert.Contains("\r\n ip address 192.168.1.1 255.255.255.0 \r\n", output);
        Assert.Contains("edge1# write memory\r\nBuilding configuration...\r\nCryptochecksum: ", output);
        Assert.EndsWith("[OK]\r\nedge1# ", output);
        // As root, IKE and SSH try the built-in config's outside address, which this host does not have, and say so.
        Assert.All(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            Assert.Matches(@"^asaemu: (IKE: cannot listen on 203\.0\.113\.1|cannot listen for SSH on 203\.0\.113\.1:22)", line));
        Assert.Contains("hostname edge1\n", File.ReadAllText(_dir.File("startup-config")));
    }

    [Fact]
    public async Task Ssh_and_telnet_listen_where_they_are_told()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        // Port 0: each server takes a free port and says where in its log line, the test's readiness signal.
        using var process = Start("--data-dir", _dir.Path, "--telnet", "127.0.0.1:0", "--ssh", "127.0.0.1:0", "--no-console");
        var log = new DaemonLog(process);
        var telnetAt = await log.ListeningAsync("telnet");
        var sshAt = await log.ListeningAsync("ssh");

        var banner = "";
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(telnetAt);
            var buffer = new byte[256];
            using var timeout = new CancellationTokenSource(Limit);
            while (!banner.Contains("Password: "))
            {
                var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                banner += System.Text.Encoding.Latin1.GetString(buffer, 0, read);
            }
        }
        string sshBanner;
        using (var ssh = new System.Net.Sockets.TcpClient())
        {
            await ssh.ConnectAsync(sshAt);
            using var reader = new StreamReader(ssh.GetStream());
            sshBanner = await reader.ReadLineAsync() ?? "";
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        var (exit, _, _) = await Finish(process, stderrRead: true);
        var error = log.Text;

        Assert.True(exit == 0, $"exit code {exit}; stderr:\n{error}");
        Assert.Contains("User Access Verification\r\n\r\nPassword: ", banner);
        Assert.Equal("SSH-2.0-Cisco-1.25", sshBanner);
        Assert.DoesNotContain("cannot listen for telnet", error);
        Assert.DoesNotContain("cannot listen for SSH on 127.0.0.1", error);
        // A daemon's stderr is its log: the servers' diagnostics are there.
        Assert.Contains($"%ASAEMU-7: ssh {sshAt.Address}:", error);
    }

    [Fact]
    public async Task Without_a_console_it_runs_until_sigterm_and_stops_cleanly()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var process = Start("--no-console", "--ssh", "127.0.0.1:0", "--data-dir", _dir.Path);
        // Up and serving: its SSH server said where it listens.
        await new DaemonLog(process).ListeningAsync("ssh");
        Assert.False(process.HasExited);

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        var (exit, output, _) = await Finish(process, stderrRead: true);

        Assert.Equal(0, exit);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_config_file_that_cannot_be_read_stops_with_status_2()
    {
        using var process = Start("--config", _dir.File("missing.cfg"), "--ssh", "none", "--data-dir", _dir.Path);
        process.StandardInput.Close();

        var (exit, _, error) = await Finish(process);

        Assert.Equal(2, exit);
        Assert.StartsWith("asaemu: cannot read the startup-config: ", error);
    }

    [Fact]
    public async Task Check_config_of_the_shipped_default_is_clean()
    {
        var path = _dir.File("default.cfg");
        await File.WriteAllTextAsync(path, DefaultConfig.DefaultStartupConfig.Text);
        using var process = Start("check-config", path);

        var (exit, output, _) = await Finish(process);

        Assert.Equal(0, exit);
        Assert.StartsWith("check-config: 0 errors, 0 warnings, ", output);
    }
}
