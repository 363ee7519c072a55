using System.Text;
using Renci.SshNet;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// The same scripted session, typed into the console of one asaemu process and over SSH (SSH.NET
/// with a pty) into another, gives the same transcript: login, enable, configuring the seed's
/// objects by hand, show running-config, ? help, errors with the caret, output filters, the pager
/// setting and write memory.
/// </summary>
public class ConsoleSshTranscriptTests : IDisposable
{
    private readonly string _consoleData = Directory.CreateTempSubdirectory("asaemu-console-").FullName;
    private readonly string _sshData = Directory.CreateTempSubdirectory("asaemu-ssh-").FullName;

    public void Dispose()
    {
        Directory.Delete(_consoleData, recursive: true);
        Directory.Delete(_sshData, recursive: true);
    }

    private static readonly string[] Script =
    [
        "login",
        "admin",
        "admin",
        "terminal pager 0",
        "show curpriv",
        "configure terminal",
        "crypto ipsec transform-set TRB esp-aes-256 esp-sha-hmac",
        "crypto dynamic-map DYN2 10 set transform-set TRB",
        "crypto dynamic-map DYN2 10 set reverse-route",
        "crypto isakmp policy 20",
        "authentication pre-share",
        "encryption aes-256",
        "hash sha",
        "group 14",
        "lifetime 43200",
        "tunnel-group LAB type remote-access",
        "tunnel-group LAB general-attributes",
        " default-group-policy EZ",
        "tunnel-group LAB ipsec-attributes",
        " pre-shared-key s3cret",
        "crypto isakmp polcy 30",
        "group-policy EZ attributes",
        " split-tunnel-policy tunnelsomething",
        "end",
        "show running-config crypto",
        "show running-config tunnel-group LAB",
        "show running-config | include ^crypto ikev1",
        "show running-config | begin tunnel-group LAB",
        "show crypto ?",
        "sh cry isa sa",
        "show ip local pool POOL | grep -v 10.10.10.1",
        "write memory",
        "show running-config | include checksum:",
        "exit",
    ];

    [Fact]
    public async Task The_same_script_gives_the_same_transcript_on_the_console_and_over_ssh()
    {
        var console = await OverConsoleAsync();
        var ssh = await OverSshAsync();

        Assert.Contains("ciscoasa(config-ikev1-policy)# ", console);
        Assert.Contains("ERROR: % Invalid input detected at '^' marker.", console);
        Assert.Contains("crypto ipsec ikev1 transform-set TRB esp-aes-256 esp-sha-hmac ", console);
        Assert.Contains(" ikev1 pre-shared-key *****", console);
        Assert.Contains("[OK]", console);
        Assert.Equal(Normalise(console), Normalise(ssh));
    }

    /// <summary>Line ends as the transports send them; nothing else is changed (no times are printed).</summary>
    private static string Normalise(string transcript) => transcript.ReplaceLineEndings("\n").TrimEnd();

    private async Task<string> OverConsoleAsync()
    {
        using var process = AsaEmuProcess.Start("--ssh", "none", "--data-dir", _consoleData);
        var output = process.StandardOutput.ReadToEndAsync();
        foreach (var line in Script) await process.StandardInput.WriteAsync(line + "\n");
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(60_000), "the console session did not end");
        return await output;
    }

    private async Task<string> OverSshAsync()
    {
        using var process = AsaEmuProcess.Start("--no-console", "--ssh", "127.0.0.1:0", "--data-dir", _sshData);
        try
        {
            var at = await new DaemonLog(process).ListeningAsync("ssh");
            using var client = new SshClient("127.0.0.1", at.Port, "admin", "admin");
            client.Connect();
            using var shell = client.CreateShellStream("vt100", 80, 24, 800, 600, 65536);
            var transcript = new StringBuilder();
            var buffer = new byte[65536];
            // Logged in as admin by SSH; the script's 'login' makes the console session the same user.
            foreach (var line in Script) shell.Write(line + "\n");
            shell.Flush();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!limit.IsCancellationRequested)
            {
                var read = await shell.ReadAsync(buffer, limit.Token);
                if (read == 0) break;
                transcript.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            return transcript.ToString();
        }
        finally
        {
            AsaEmuProcess.Stop(process);
        }
    }
}
