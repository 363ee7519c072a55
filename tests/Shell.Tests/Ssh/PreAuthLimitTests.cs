using System.Net;
using AsaEmu.Shell.Listeners;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>What a client that has not logged in may make the server do: one key exchange, from a permitted source, within the limits.</summary>
public sealed class PreAuthLimitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_second_key_exchange_before_login_ends_the_connection()
    {
        await using var server = new TestServer();
        await using var client = await RawSshClient.ConnectAsync(server.Port);
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);

        await client.SendPacketAsync(RawSshClient.KexInit(strict: true));

        Assert.Equal(DisconnectReason.ProtocolError, await client.ReadDisconnectAsync());
        Assert.True(await client.WaitForCloseAsync(Wait));
        Assert.Contains("key re-exchange before authentication", server.LogText);
        Assert.Equal(1, server.LogText.Split('\n').Count(l => l.Contains(": kex ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_login_the_client_may_exchange_keys_again()
    {
        await using var server = new TestServer();
        await using var client = await RawSshClient.ConnectAsync(server.Port);
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);
        Assert.True(await client.LoginAsync(TestServer.User, TestServer.Password));

        await client.SendKexInitAsync(RawSshClient.KexInit(strict: true));

        Assert.Equal(MessageNumber.KexInit, client.ServerKexInit![0]);
        Assert.Contains("client started a key re-exchange", server.LogText);
    }

    [Fact]
    public async Task A_source_the_filter_refuses_is_closed_before_the_version_line()
    {
        var asked = new List<(IPEndPoint Remote, IPEndPoint Local)>();
        await using var server = new TestServer(o => o with
        {
            AcceptFilter = (remote, local) =>
            {
                lock (asked) asked.Add((remote, local));
                return !remote.Address.Equals(IPAddress.Parse("127.0.0.3"));
            },
        });

        await using var refused = await RawSshClient.ConnectAsync(server.Port, IPAddress.Parse("127.0.0.3"));
        Assert.Equal("", await refused.ReadAllTextAsync(Wait));
        await using var permitted = await RawSshClient.ConnectAsync(server.Port, IPAddress.Parse("127.0.0.4"));
        Assert.Equal("SSH-2.0-Cisco-1.25", await permitted.ReadLineAsync());

        lock (asked)
        {
            Assert.Equal(["127.0.0.3", "127.0.0.4"], asked.Select(a => a.Remote.Address.ToString()));
            Assert.All(asked, a => Assert.Equal(new IPEndPoint(IPAddress.Loopback, server.Port), a.Local));
        }
        Assert.Contains($": refused, not permitted to 127.0.0.1:{server.Port}", server.LogText);
        Assert.DoesNotContain("127.0.0.3", string.Join("\n", server.Logs.Where(l => !l.Contains("refused"))));
    }

    [Fact]
    public async Task A_filter_that_throws_lets_nobody_in()
    {
        await using var server = new TestServer(o => o with
        {
            AcceptFilter = (_, _) => throw new InvalidOperationException("no config"),
        });

        await using var client = await RawSshClient.ConnectAsync(server.Port);

        Assert.Equal("", await client.ReadAllTextAsync(Wait));
        Assert.Contains("accept filter failed: no config", server.LogText);
    }

    [Fact]
    public async Task A_login_gives_its_place_back_and_an_ended_connection_too()
    {
        // Room for one connection that has not logged in.
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer(o => o with
        {
            Log = line =>
            {
                o.Log!(line);
                if (line.EndsWith(": ended", StringComparison.Ordinal))
                    ended.TrySetResult(line);
            },
            Startups = new StartupLimits(1, 100, 1, 1),
        });
        await using var first = await RawSshClient.ConnectAsync(server.Port);
        var banner = await first.ExchangeVersionsAsync();
        Assert.Equal(1, server.Server.UnauthenticatedCount);
        await using (var second = await RawSshClient.ConnectAsync(server.Port))
            Assert.Equal("", await second.ReadAllTextAsync(Wait));

        await first.KeyExchangeAsync(banner);
        Assert.True(await first.LoginAsync(TestServer.User, TestServer.Password));

        Assert.Equal(0, server.Server.UnauthenticatedCount);
        Assert.Equal(1, server.Server.ConnectionCount);
        await using var third = await RawSshClient.ConnectAsync(server.Port);
        Assert.Equal("SSH-2.0-Cisco-1.25", await third.ReadLineAsync());
        await third.DisposeAsync();
        await ended.Task.WaitAsync(Wait);
        await using var fourth = await RawSshClient.ConnectAsync(server.Port);
        Assert.Equal("SSH-2.0-Cisco-1.25", await fourth.ReadLineAsync());
    }

    [Fact]
    public void The_defaults_are_openssh_maxstartups_and_a_thirty_second_grace()
    {
        var options = new SshServerOptions { HostKeyStore = new MemoryHostKeyStore(), Authenticator = _ => Task.FromResult(false), Handler = new LineHandler() };

        Assert.Equal(new StartupLimits(10, 30, 100, 8), options.Startups);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LoginTimeout);
        Assert.Null(options.AcceptFilter);
    }
}
