using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using AsaEmu.Shell.Listeners;

namespace AsaEmu.Shell.Tests.Listeners;

/// <summary>
/// The shared accept loop with its accept and its pause replaced: each accept and each pause is a
/// step the test takes, so the test sees exactly what the loop asks for, with no clock.
/// </summary>
public sealed class AcceptLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Hands the loop one scripted outcome per accept, and records the pauses it asks for.</summary>
    private sealed class Script
    {
        public readonly Channel<TaskCompletionSource<Socket>> Accepts = Channel.CreateUnbounded<TaskCompletionSource<Socket>>();
        public readonly Channel<(TimeSpan Length, TaskCompletionSource Done)> Pauses = Channel.CreateUnbounded<(TimeSpan, TaskCompletionSource)>();

        public async ValueTask<Socket> AcceptAsync(CancellationToken cancel)
        {
            var outcome = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
            await Accepts.Writer.WriteAsync(outcome, cancel);
            return await outcome.Task.WaitAsync(cancel);
        }

        public Task PauseAsync(TimeSpan length, CancellationToken cancel)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Pauses.Writer.TryWrite((length, done));
            return done.Task.WaitAsync(cancel);
        }

        public async Task<TaskCompletionSource<Socket>> NextAcceptAsync() => await Accepts.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        public async Task<(TimeSpan Length, TaskCompletionSource Done)> NextPauseAsync() => await Pauses.Reader.ReadAsync().AsTask().WaitAsync(Wait);
    }

    private static SocketException OutOfDescriptors() => new((int)SocketError.TooManyOpenSockets);

    [Fact]
    public async Task Out_of_descriptors_pauses_longer_each_time_and_never_retries_during_a_pause()
    {
        var script = new Script();
        var log = new List<string>();
        using var stop = new CancellationTokenSource();
        var loop = AcceptLoop.RunAsync(script.AcceptAsync, _ => { }, line => { lock (log) log.Add(line); }, stop.Token, script.PauseAsync);

        var asked = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            (await script.NextAcceptAsync()).SetException(OutOfDescriptors());
            var pause = await script.NextPauseAsync();
            asked.Add(pause.Length);
            // While the pause lasts the loop does not accept again.
            Assert.False(script.Accepts.Reader.TryPeek(out _));
            pause.Done.SetResult();
        }

        Assert.Equal([50, 100, 200, 400, 800, 1000], asked.Select(p => p.TotalMilliseconds));
        lock (log) Assert.Equal("accept failed (TooManyOpenSockets): pausing 50 ms", log[0]);
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_connection_accepted_resets_the_pause_and_a_reset_before_accept_does_not_pause()
    {
        var script = new Script();
        var accepted = Channel.CreateUnbounded<Socket>();
        using var stop = new CancellationTokenSource();
        var loop = AcceptLoop.RunAsync(script.AcceptAsync, s => accepted.Writer.TryWrite(s), null, stop.Token, script.PauseAsync);

        (await script.NextAcceptAsync()).SetException(OutOfDescriptors());
        (await script.NextPauseAsync()).Done.SetResult();
        (await script.NextAcceptAsync()).SetException(OutOfDescriptors());
        var second = await script.NextPauseAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(100), second.Length);
        second.Done.SetResult();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        (await script.NextAcceptAsync()).SetResult(socket);
        Assert.Same(socket, await accepted.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        (await script.NextAcceptAsync()).SetException(new SocketException((int)SocketError.ConnectionReset));
        (await script.NextAcceptAsync()).SetException(OutOfDescriptors());

        Assert.Equal(TimeSpan.FromMilliseconds(50), (await script.NextPauseAsync()).Length);
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_connection_whose_handling_throws_is_closed_and_the_loop_goes_on()
    {
        var script = new Script();
        var log = new List<string>();
        using var stop = new CancellationTokenSource();
        var loop = AcceptLoop.RunAsync(script.AcceptAsync, _ => throw new SocketException((int)SocketError.ConnectionReset),
            line => { lock (log) log.Add(line); }, stop.Token, script.PauseAsync);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        (await script.NextAcceptAsync()).SetResult(socket);
        await script.NextAcceptAsync();

        Assert.Throws<ObjectDisposedException>(() => socket.Bind(new IPEndPoint(IPAddress.Loopback, 0)));
        lock (log) Assert.StartsWith("connection dropped at accept: ", Assert.Single(log));
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public async Task Stopping_ends_the_loop_during_a_pause()
    {
        var script = new Script();
        using var stop = new CancellationTokenSource();
        var loop = AcceptLoop.RunAsync(script.AcceptAsync, _ => { }, null, stop.Token, script.PauseAsync);
        (await script.NextAcceptAsync()).SetException(OutOfDescriptors());
        await script.NextPauseAsync();

        await stop.CancelAsync();

        await loop.WaitAsync(Wait);
    }

    [Fact]
    public async Task On_a_real_listener_each_connection_is_handed_over_with_its_endpoints()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var accepted = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var loop = AcceptLoop.RunAsync(listener.AcceptAsync, s => accepted.TrySetResult(s), null, stop.Token);

        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
        using var server = await accepted.Task.WaitAsync(Wait);

        Assert.Equal(((IPEndPoint)client.Client.LocalEndPoint!).Port, AcceptLoop.EndPointsOf(server)!.Value.Remote.Port);
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }
}
