using System.Diagnostics;
using System.Globalization;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>
/// The real OpenSSH client, given the password by sshpass as people script it, against the real
/// asaemu process on its embedded default config (admin/admin): a command run as
/// <c>ssh host 'show version'</c>, an interactive session with enable, and each cipher, MAC, key
/// exchange and host key algorithm of the SSH server forced in turn.
/// </summary>
public sealed class SshpassCliTests(SshpassCliTests.Appliance appliance) : IClassFixture<SshpassCliTests.Appliance>
{
    private const string Sshpass = "/usr/bin/sshpass";

    /// <summary>One asaemu process for the class, on a free loopback port.</summary>
    public sealed class Appliance : IAsyncLifetime
    {
        private readonly string _data = Directory.CreateTempSubdirectory("asaemu-sshpass-").FullName;
        private Process? _asaemu;

        /// <summary>The port the process took (it was started on port 0).</summary>
        public int Port { get; private set; }

        public async Task InitializeAsync()
        {
            if (!Installed) return;
            _asaemu = AsaEmuProcess.Start("--no-console", "--ssh", "127.0.0.1:0", "--data-dir", _data);
            Port = (await new DaemonLog(_asaemu).ListeningAsync("ssh")).Port;
        }

        public Task DisposeAsync()
        {
            if (_asaemu is not null)
            {
                AsaEmuProcess.Stop(_asaemu);
                _asaemu.Dispose();
            }
            Directory.Delete(_data, recursive: true);
            return Task.CompletedTask;
        }
    }

    public static bool Installed => File.Exists(Sshpass) && OpenSsh.Installed;

    /// <summary>sshpass -p admin ssh OPTIONS admin@127.0.0.1 [COMMAND], with <paramref name="input"/> on stdin.</summary>
    private async Task<(int Code, string Output)> Ssh(IEnumerable<string> options, string? command = null, string? input = null)
    {
        var start = new ProcessStartInfo(Sshpass)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-p", "admin", OpenSsh.Path, "-F", "/dev/null", "-p", appliance.Port.ToString(CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
            "-o", "ConnectTimeout=10", .. options, "admin@127.0.0.1", .. command is null ? [] : new[] { command }])
            start.ArgumentList.Add(argument);
        start.Environment.Remove("SSH_AUTH_SOCK");
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        if (input is not null) await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token);
        process.StandardInput.Close();
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return (process.ExitCode, await output + await error);
    }

    [SshpassFact]
    public async Task A_command_given_to_ssh_runs_and_the_session_closes()
    {
        var (code, output) = await Ssh([], "show version");

        Assert.True(code == 0, output);
        Assert.Contains("Cisco Adaptive Security Appliance Software Version", output);
    }

    [SshpassFact]
    public async Task An_interactive_session_logs_in_enables_and_runs_commands()
    {
        var (code, output) = await Ssh(["-tt"], input: "enable\n\nterminal pager 0\nshow curpriv\nshow running-config | include ^hostname\nexit\n");

        Assert.True(code == 0, output);
        Assert.Contains("ciscoasa# show curpriv", output);
        Assert.Contains("Current privilege level : 15", output);
        Assert.Contains("hostname ciscoasa", output);
        Assert.Contains("Logoff", output);
    }

    /// <summary>
    /// Every command of the 9.x persona typed into one interactive session after terminal pager 0, and each show command
    /// again through <c>| include</c> and <c>| begin</c>: none answers ERROR:.
    /// </summary>
    [SshpassFact]
    public async Task Every_persona_command_answers_without_an_error()
    {
        var input = "enable\n\nterminal pager 0\n" + string.Concat(PersonaCommands.All.Concat(PersonaCommands.Filtered("[a-z]")).Select(c => c + "\n")) + "exit\n";
        var (code, output) = await Ssh(["-tt"], input: input);

        Assert.True(code == 0, output);
        Assert.DoesNotContain("ERROR:", output);
        // The line editor scrolls a line longer than the 80-column terminal: only the shorter ones echo whole.
        foreach (var command in PersonaCommands.All.Where(c => c.Length < 60)) Assert.Contains("ciscoasa# " + command, output);
        Assert.Contains("Crypto conditional debug is turned ON", output);
        Assert.Contains("INFO: Number of sessions of type \"l2l\" logged off : 0", output);
        Assert.Contains("Logoff", output);
    }

    [SshpassTheory]
    [InlineData("Ciphers=aes128-ctr")]
    [InlineData("Ciphers=aes256-ctr")]
    [InlineData("Ciphers=aes128-gcm@openssh.com")]
    [InlineData("MACs=hmac-sha2-256")]
    [InlineData("MACs=hmac-sha2-256-etm@openssh.com")]
    [InlineData("MACs=hmac-sha1")]
    [InlineData("KexAlgorithms=curve25519-sha256")]
    [InlineData("KexAlgorithms=curve25519-sha256@libssh.org")]
    [InlineData("KexAlgorithms=ecdh-sha2-nistp256")]
    [InlineData("KexAlgorithms=diffie-hellman-group14-sha256")]
    [InlineData("HostKeyAlgorithms=ssh-ed25519")]
    [InlineData("HostKeyAlgorithms=rsa-sha2-256")]
    public async Task Each_algorithm_forced_in_turn_works(string option)
    {
        // A MAC only counts with a cipher that is not AEAD.
        string[] options = option.StartsWith("MACs=", StringComparison.Ordinal) ? ["-o", "Ciphers=aes128-ctr", "-o", option] : ["-o", option];
        var (code, output) = await Ssh(options, "show hostname");

        Assert.True(code == 0, output);
        Assert.Contains("ciscoasa", output);
    }
}

/// <summary>A test that needs sshpass and the OpenSSH client: skipped, with the reason, when either is missing.</summary>
public sealed class SshpassFactAttribute : FactAttribute
{
    public SshpassFactAttribute()
    {
        if (!SshpassCliTests.Installed) Skip = "needs sshpass and the OpenSSH client (apt-get install sshpass openssh-client)";
    }
}

/// <summary>A theory that needs sshpass and the OpenSSH client.</summary>
public sealed class SshpassTheoryAttribute : TheoryAttribute
{
    public SshpassTheoryAttribute()
    {
        if (!SshpassCliTests.Installed) Skip = "needs sshpass and the OpenSSH client (apt-get install sshpass openssh-client)";
    }
}
