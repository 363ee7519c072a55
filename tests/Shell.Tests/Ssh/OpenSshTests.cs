namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>The real OpenSSH client against the server: login, exec, shell, every algorithm.</summary>
public sealed class OpenSshTests : IAsyncLifetime
{
    private readonly TestServer _server = new();
    private readonly OpenSsh _ssh = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _ssh.Dispose();
        await _server.DisposeAsync();
    }

    private string Explain(OpenSsh.Result result) => $"ssh exit {result.ExitCode}\n{result.Error}\n--- server log ---\n{_server.LogText}";

    [OpenSshFact]
    public async Task Password_login_runs_an_exec_command()
    {
        var result = await _ssh.RunAsync(_server.Port, ["-v", "-o", "PreferredAuthentications=password", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.Equal($"{LineHandler.Version}\r\nuser admin\r\n", result.Output);
        Assert.Contains("remote software version Cisco-1.25", result.Error);
        Assert.Contains("Authenticated to 127.0.0.1", result.Error);
        Assert.Single(_ssh.Prompts);
    }

    [OpenSshFact]
    public async Task Keyboard_interactive_login_asks_for_the_password_once()
    {
        var result = await _ssh.RunAsync(_server.Port, ["-o", "PreferredAuthentications=keyboard-interactive", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.StartsWith(LineHandler.Version, result.Output);
        Assert.EndsWith("Password: ", Assert.Single(_ssh.Prompts));
    }

    [OpenSshFact]
    public async Task Exec_exit_status_and_stderr_reach_the_client()
    {
        var exit = await _ssh.RunAsync(_server.Port, OpenSsh.Target("exit 7"));
        var stderr = await _ssh.RunAsync(_server.Port, OpenSsh.Target("stderr"));

        Assert.True(exit.ExitCode == 7, Explain(exit));
        Assert.True(stderr.ExitCode == 0, Explain(stderr));
        Assert.Contains("to stderr", stderr.Error);
        Assert.Equal("", stderr.Output);
    }

    [OpenSshFact]
    public async Task Interactive_shell_with_a_pty_answers_piped_lines()
    {
        var result = await _ssh.RunAsync(_server.Port, ["-tt", "-o", "SetEnv=LANG=C", .. OpenSsh.Target()],
            input: "show version\nterminal\nhello\nexit\n");

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.Contains("Type help or '?' for a list of available commands.", result.Output);
        Assert.Contains(LineHandler.Version, result.Output);
        Assert.Contains("term ", result.Output);
        Assert.Contains("echo: hello", result.Output);
        Assert.Contains("Logoff", result.Output);
    }

    [OpenSshTheory]
    [InlineData("aes128-ctr")]
    [InlineData("aes256-ctr")]
    [InlineData("aes128-gcm@openssh.com")]
    [InlineData("aes256-gcm@openssh.com")]
    public async Task Each_cipher_works(string cipher)
    {
        var result = await _ssh.RunAsync(_server.Port, ["-v", "-o", $"Ciphers={cipher}", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.StartsWith(LineHandler.Version, result.Output);
        Assert.Contains($"kex: server->client cipher: {cipher}", result.Error);
        Assert.Contains($"kex: client->server cipher: {cipher}", result.Error);
    }

    [OpenSshTheory]
    [InlineData("hmac-sha2-256")]
    [InlineData("hmac-sha2-256-etm@openssh.com")]
    [InlineData("hmac-sha1")]
    public async Task Each_mac_works(string mac)
    {
        var result = await _ssh.RunAsync(_server.Port, ["-v", "-o", "Ciphers=aes128-ctr", "-o", $"MACs={mac}", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.StartsWith(LineHandler.Version, result.Output);
        Assert.Contains($"cipher: aes128-ctr MAC: {mac} compression: none", result.Error);
    }

    [OpenSshTheory]
    [InlineData("curve25519-sha256")]
    [InlineData("curve25519-sha256@libssh.org")]
    [InlineData("ecdh-sha2-nistp256")]
    [InlineData("diffie-hellman-group14-sha256")]
    public async Task Each_key_exchange_works(string kex)
    {
        var result = await _ssh.RunAsync(_server.Port, ["-v", "-o", $"KexAlgorithms={kex}", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.StartsWith(LineHandler.Version, result.Output);
        Assert.Contains($"kex: algorithm: {kex}", result.Error);
    }

    [OpenSshTheory]
    [InlineData("ssh-ed25519")]
    [InlineData("rsa-sha2-256")]
    [InlineData("rsa-sha2-512")]
    public async Task Each_host_key_algorithm_works(string hostKey)
    {
        var result = await _ssh.RunAsync(_server.Port, ["-v", "-o", $"HostKeyAlgorithms={hostKey}", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.StartsWith(LineHandler.Version, result.Output);
        Assert.Contains($"kex: host key algorithm: {hostKey}", result.Error);
    }

    [OpenSshFact]
    public async Task Strict_key_exchange_is_negotiated()
    {
        var result = await _ssh.RunAsync(_server.Port, ["-vvv", .. OpenSsh.Target("show version")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.Contains("strict", _server.LogText);
        Assert.Contains("will use strict KEX ordering", result.Error);
    }

    [OpenSshFact]
    public async Task Wrong_password_is_rejected()
    {
        var result = await _ssh.RunAsync(_server.Port, ["-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1", .. OpenSsh.Target("show version")],
            password: "wrong");

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Permission denied", result.Error);
        Assert.Equal("", result.Output);
    }

    [OpenSshTheory]
    [InlineData("password")]
    [InlineData("keyboard-interactive")]
    public async Task The_server_disconnects_after_three_failures_each_answered_later(string method)
    {
        var delays = new System.Collections.Concurrent.ConcurrentQueue<int>();
        // The server's clock: its waits pass at once and are noted.
        var clock = new FakeClock();
        await using var server = new TestServer(o => new()
        {
            HostKeyStore = o.HostKeyStore,
            Handler = o.Handler,
            Authenticator = o.Authenticator,
            Log = o.Log,
            Clock = clock,
            AuthFailureDelay = n =>
            {
                delays.Enqueue(n);
                return TimeSpan.FromMilliseconds(100 * n);
            },
        });

        var result = await _ssh.RunAsync(server.Port, ["-o", $"PreferredAuthentications={method}", "-o", "NumberOfPasswordPrompts=6", .. OpenSsh.Target("show version")],
            password: "wrong");

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Too many authentication failures", result.Error);
        Assert.Equal(3, _ssh.Prompts.Length);
        Assert.Equal([1, 2, 3], delays);
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)], clock.Delays);
    }

    [OpenSshFact]
    public async Task Rekeying_when_the_client_asks_keeps_the_stream_intact()
    {
        // A 16 KB rekey limit makes the client re-exchange keys many times during 1 MB of output.
        const int size = 1_000_000;
        var result = await _ssh.RunAsync(_server.Port, ["-v", "-o", "RekeyLimit=16K", .. OpenSsh.Target($"bulk {size}")]);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.Equal(System.Text.Encoding.ASCII.GetString(LineHandler.Pattern(size)), result.Output);
        Assert.Contains("client started a key re-exchange", _server.LogText);
    }

    [OpenSshFact]
    public async Task Input_larger_than_the_window_arrives_whole()
    {
        var input = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"line {i}\n"));
        long sum = 0;
        foreach (var b in System.Text.Encoding.ASCII.GetBytes(input))
            sum = (sum * 31 + b) % 1_000_000_007;

        var result = await _ssh.RunAsync(_server.Port, OpenSsh.Target("count"), input: input);

        Assert.True(result.ExitCode == 0, Explain(result));
        Assert.Equal($"{input.Length} {sum}\n", result.Output);
    }

    [OpenSshFact]
    public async Task Port_forwarding_is_refused()
    {
        var stdio = await _ssh.RunAsync(_server.Port, ["-W", "127.0.0.1:9", .. OpenSsh.Target()]);
        var remote = await _ssh.RunAsync(_server.Port, ["-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9", .. OpenSsh.Target("show version")]);

        Assert.NotEqual(0, stdio.ExitCode);
        Assert.Contains("administratively prohibited", stdio.Error);
        Assert.NotEqual(0, remote.ExitCode);
        Assert.Contains("forwarding failed", remote.Error);
    }
}
