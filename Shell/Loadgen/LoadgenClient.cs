using System.Net;
using System.Threading.Channels;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Shell.Loadgen;

internal enum ClientState { Negotiating, Up, Failed, Lost }

/// <summary>
/// One simulated client: its UDP socket (an outside endpoint on an ephemeral port), the thread that
/// blocks in its receive and posts what comes to the generator's loop, and where its negotiation stands.
/// </summary>
internal sealed class LoadgenClient(int number, DateTimeOffset started)
{
    /// <summary>A datagram that came to this client's socket.</summary>
    public sealed record Received(LoadgenClient Client, IPEndPoint From, byte[] Data);

    private readonly CancellationTokenSource _stop = new();

    public int Number { get; } = number;
    public DateTimeOffset Started { get; } = started;
    public ClientState State { get; set; } = ClientState.Negotiating;
    public IkeSa? Sa { get; set; }

    /// <summary>The last problem the engine's lines showed during the negotiation (a failure's reason).</summary>
    public string? Problem { get; set; }

    public IOutsideEndpoint? Endpoint { get; private set; }

    public void Open(IOutsideNetwork network, IPAddress local, ChannelWriter<object> inbox)
    {
        var endpoint = Endpoint = network.Open(OutsidePort.Ike, new IPEndPoint(local, 0));
        var thread = new Thread(() => ReceiveLoop(endpoint, inbox)) { IsBackground = true, Name = $"loadgen client {Number}" };
        thread.Start();
    }

    private void ReceiveLoop(IOutsideEndpoint endpoint, ChannelWriter<object> inbox)
    {
        var batch = new ReceivedDatagram[endpoint.BatchSize];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var count = endpoint.Receive(batch, _stop.Token);
                for (var i = 0; i < count; i++)
                    if (!batch[i].Truncated) inbox.TryWrite(new Received(this, batch[i].Source(), batch[i].Span.ToArray()));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException) { }
    }

    /// <summary>Sends one datagram (with the 4-byte non-ESP marker ahead of IKE to port 4500); a failed send is left to the engine's resends.</summary>
    public void Send(IPEndPoint to, ReadOnlySpan<byte> data, bool marker)
    {
        if (Endpoint is not { } endpoint) return;
        var buffer = new byte[data.Length + (marker ? 4 : 0)];
        data.CopyTo(buffer.AsSpan(marker ? 4 : 0));
        Span<bool> sent = stackalloc bool[1];
        try
        {
            endpoint.Send([new OutsideDatagram(endpoint.Local.Address, to.Serialize(), buffer, buffer.Length)], sent);
        }
        catch (ObjectDisposedException) { }
    }

    public void Close()
    {
        _stop.Cancel();
        Endpoint?.Dispose();
    }
}
