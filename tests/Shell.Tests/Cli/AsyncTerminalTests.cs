using System.Text;
using AsaEmu.Crypto.Events;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>
/// The terminal's writes only buffer and its flush waits for the connection asynchronously: a client
/// slow to take output (an SSH window that stays shut) holds up neither the session's writers nor the
/// event lines, and everything arrives in order once it moves.
/// </summary>
public sealed class AsyncTerminalTests : CliTestBase
{
    /// <summary>An output whose writes wait until released, as a channel does while the client's window is shut.</summary>
    private sealed class ShutWindow : Stream
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly MemoryStream _sent = new();

        public Task Writing => _writing.Task;
        public void Open() => _open.TrySetResult();
        public string Text { get { lock (_sent) return Encoding.UTF8.GetString(_sent.ToArray()); } }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _writing.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            lock (_sent) _sent.Write(buffer.Span);
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("written asynchronously only");
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => false;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_flush_waiting_for_the_client_holds_up_no_writer_and_everything_arrives_in_order()
    {
        var appliance = Boot();
        var output = new ShutWindow();
        using var monitor = SessionMonitor.Open(appliance, new StreamTerminal(Stream.Null, output), console: false, "198.51.100.7");
        var session = monitor.Session;
        appliance.Events.SetDebug(DebugFeature.Ikev1, 1);
        SessionState.Of(session).Monitor = true;

        session.WriteLine("first");
        var flush = session.FlushAsync().AsTask();
        await output.Writing;

        // The session writes and an event line is delivered while the window is shut.
        session.WriteLine("second");
        appliance.Events.Publish(AsaEvent.Ike(1, "event line") with { Peer = "198.51.100.7" });
        var delivered = monitor.WaitIdleAsync();
        Assert.False(flush.IsCompleted);

        output.Open();
        await flush;
        await delivered;
        await session.FlushAsync();
        var text = output.Text;
        Assert.StartsWith("first\r\n", text);
        Assert.Contains("second\r\n", text);
        Assert.Contains("event line", text);
    }
}
