using System.Net;
using System.Net.Sockets;

namespace AsaEmu.Shell.Listeners;

/// <summary>
/// The accept loop the SSH and telnet listeners share. An accept that fails for want of a
/// resource (EMFILE/ENFILE: out of descriptors, ENOBUFS, ...) would fail again at once, so
/// retrying at once spins a core for as long as it lasts: the loop pauses instead, 50 ms doubling
/// to 1 s while failures go on, back to 50 ms after the next connection. A connection reset
/// before it was accepted is that connection's problem only: the loop goes straight on.
/// </summary>
internal static class AcceptLoop
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Accepts until <paramref name="stop"/> or the listener closes; each connection goes to
    /// <paramref name="accepted"/>, which must not block (if it throws, that connection is closed).
    /// </summary>
    /// <param name="accept">The listener's accept (a seam: tests inject failures).</param>
    /// <param name="pause">Waits between failed accepts (a seam: tests see the pauses asked for); <see cref="Task.Delay(TimeSpan, CancellationToken)"/> by default.</param>
    public static async Task RunAsync(Func<CancellationToken, ValueTask<Socket>> accept, Action<Socket> accepted, Action<string>? log,
        CancellationToken stop, Func<TimeSpan, CancellationToken, Task>? pause = null)
    {
        pause ??= Task.Delay;
        var next = FirstPause;
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await accept(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue;
            }
            catch (SocketException ex)
            {
                log?.Invoke($"accept failed ({ex.SocketErrorCode}): pausing {next.TotalMilliseconds:0} ms");
                try
                {
                    await pause(next, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, LongestPause.Ticks));
                continue;
            }
            next = FirstPause;
            try
            {
                accepted(socket);
            }
            catch (Exception ex)
            {
                // One connection's trouble (reset while we looked at it) must not end the listener.
                log?.Invoke($"connection dropped at accept: {ex.Message}");
                socket.Dispose();
            }
        }
    }

    /// <summary>The client's and our endpoint of an accepted connection; null when it was reset before we could ask.</summary>
    public static (IPEndPoint Remote, IPEndPoint Local)? EndPointsOf(Socket socket)
    {
        try
        {
            return socket is { RemoteEndPoint: IPEndPoint remote, LocalEndPoint: IPEndPoint local } ? (remote, local) : null;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
