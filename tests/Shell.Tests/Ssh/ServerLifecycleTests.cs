using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AsaEmu.Shell.Ssh;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>Host keys that survive a restart, and a server that stops cleanly with sessions open.</summary>
public sealed class ServerLifecycleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("asaemu-hostkeys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Host_keys_are_generated_once_and_reloaded()
    {
        var store = new FileHostKeyStore(_directory);
        var first = SshHostKeys.LoadOrCreate(store).Algorithms.Select(a => (a.Name, Convert.ToBase64String(a.PublicKeyBlob))).ToList();
        var second = SshHostKeys.LoadOrCreate(new FileHostKeyStore(_directory)).Algorithms.Select(a => (a.Name, Convert.ToBase64String(a.PublicKeyBlob))).ToList();

        Assert.Equal(first, second);
        Assert.Equal(["rsa-sha2-256", "rsa-sha2-512", "ssh-ed25519"], first.Select(a => a.Name).Order());
        foreach (var name in new[] { SshHostKeys.Ed25519Name, SshHostKeys.RsaName })
        {
            var path = Path.Combine(_directory, name);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [OpenSshFact]
    public async Task OpenSsh_trusts_the_same_host_key_after_a_restart()
    {
        using var ssh = new OpenSsh();
        var knownHosts = Path.Combine(_directory, "known_hosts");
        string[] options = ["-o", $"UserKnownHostsFile={knownHosts}", "-o", "HostKeyAlias=asaemu-test"];

        await using (var server = new TestServer(o => WithStore(o, new FileHostKeyStore(_directory))))
        {
            var first = await ssh.RunAsync(server.Port, [.. options, "-o", "StrictHostKeyChecking=accept-new", .. OpenSsh.Target("show version")]);
            Assert.True(first.ExitCode == 0, first.Error);
        }
        await using (var server = new TestServer(o => WithStore(o, new FileHostKeyStore(_directory))))
        {
            var second = await ssh.RunAsync(server.Port, [.. options, "-o", "StrictHostKeyChecking=yes", .. OpenSsh.Target("show version")]);
            Assert.True(second.ExitCode == 0, second.Error);
        }
        Assert.Single(File.ReadAllLines(knownHosts));
    }

    [OpenSshFact]
    public async Task Stopping_the_server_closes_sessions_and_the_listener()
    {
        using var ssh = new OpenSsh();
        var server = new TestServer();
        int port = server.Port;
        Task<OpenSsh.Result> session;
        try
        {
            session = ssh.RunAsync(port, OpenSsh.Target("sleep 60000"));
            await server.WaitForLogAsync("exec on channel");
            await using var stalled = await RawSshClient.ConnectAsync(port);
            await stalled.ExchangeVersionsAsync();
            // The second connection is counted once its version line was read.
            await server.WaitForLogAsync("client version", count: 2);
            Assert.Equal(2, server.Server.ConnectionCount);
        }
        finally
        {
            // Stopping does not wait for the sessions to end on their own (TestServer gives it 20 s).
            await server.DisposeAsync();
        }

        var result = await session.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, server.Server.ConnectionCount);
        Assert.True(server.Server.Completion.IsCompletedSuccessfully);
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }

    private static SshServerOptions WithStore(SshServerOptions o, IHostKeyStore store) => new()
    {
        HostKeyStore = store,
        Handler = o.Handler,
        Authenticator = o.Authenticator,
        AuthFailureDelay = o.AuthFailureDelay,
        LoginTimeout = o.LoginTimeout,
        Log = o.Log,
    };
}
