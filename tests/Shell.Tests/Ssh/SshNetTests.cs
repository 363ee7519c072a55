using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>SSH.NET as a second, independent client: commands, several channels, a shell with resizes.</summary>
public sealed class SshNetTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly TestServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SshClient Connect(string password = TestServer.Password)
    {
        var client = new SshClient("127.0.0.1", _server.Port, TestServer.User, password);
        client.ConnectionInfo.Timeout = Wait;
        client.Connect();
        return client;
    }

    /// <summary>RunCommand with a deadline: a server that never closes the channel fails the test instead of hanging it.</summary>
    private static SshCommand Run(SshClient client, string text)
    {
        var command = client.CreateCommand(text);
        command.CommandTimeout = Wait;
        command.Execute();
        return command;
    }

    [Fact]
    public void Runs_a_command()
    {
        using var client = Connect();
        using var command = Run(client, "show version");

        Assert.Equal($"{LineHandler.Version}\r\nuser admin\r\n", command.Result);
        Assert.Equal(0, command.ExitStatus);
        Assert.Equal("SSH-2.0-Cisco-1.25", client.ConnectionInfo.ServerVersion);
    }

    [Fact]
    public async Task Several_channels_run_at_once_on_one_connection()
    {
        using var client = Connect();
        var commands = Enumerable.Range(0, 5).Select(i => client.CreateCommand($"sleep {100 + i * 10}")).ToList();
        using var deadline = new CancellationTokenSource(Wait);
        try
        {
            await Task.WhenAll(commands.Select(c => c.ExecuteAsync(deadline.Token)));

            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"slept {100 + i * 10}\n"), commands.Select(c => c.Result));
        }
        finally
        {
            foreach (var command in commands)
                command.Dispose();
        }
    }

    [Fact]
    public async Task Shell_sees_the_pty_and_window_changes()
    {
        using var client = Connect();
        using var shell = client.CreateShellStream("vt100", 80, 24, 640, 480, 4096);

        Assert.NotNull(shell.Expect(LineHandler.Prompt, Wait));
        shell.WriteLine("terminal");
        Assert.NotNull(shell.Expect("term vt100 80x24", Wait));

        shell.ChangeWindowSize(132, 50, 0, 0);
        shell.WriteLine("terminal");
        Assert.NotNull(shell.Expect("term vt100 132x50", Wait));

        shell.WriteLine("exit");
        Assert.NotNull(shell.Expect("Logoff", Wait));
        await ReadToServerCloseAsync(shell);
    }

    /// <summary>
    /// Reads until the server's CHANNEL_CLOSE has been handled. SSH.NET's ShellStream deadlocks when it is
    /// disposed while its listener thread is still handling that close, so a test disposes it only after.
    /// </summary>
    private static async Task ReadToServerCloseAsync(ShellStream shell)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(Wait);
        while (await shell.ReadAsync(buffer, deadline.Token) > 0)
        {
        }
    }

    [Fact]
    public void A_failing_handler_ends_only_its_channel()
    {
        using var client = Connect();
        using var failed = Run(client, "throw");
        using var next = Run(client, "show version");

        Assert.Equal(255, failed.ExitStatus);
        Assert.Equal(0, next.ExitStatus);
        Assert.Contains("a bug in the handler", _server.LogText);
    }

    [Fact]
    public void Wrong_password_is_refused()
    {
        Assert.Throws<SshAuthenticationException>(() => Connect("nope"));
    }

    [Fact]
    public void A_megabyte_of_output_arrives_intact()
    {
        using var client = Connect();
        using var command = Run(client, "bulk 1000000");

        Assert.Equal(Encoding.ASCII.GetString(LineHandler.Pattern(1_000_000)), command.Result);
    }
}
