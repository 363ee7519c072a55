using System.Net;
using System.Threading.Channels;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// The clients' UDP ports and what receives on them: each client has a port of its own (the headend must
/// see a peer per client, as behind PAT), and every datagram that comes to one is posted to the generator's
/// inbox as a <see cref="LoadgenClient.Received"/> naming its client.
/// </summary>
internal interface IClientPorts : IDisposable
{
    /// <summary>Binds an ephemeral UDP port on <paramref name="local"/> for <paramref name="client"/>; throws <see cref="System.Net.Sockets.SocketException"/> or <see cref="IOException"/>.</summary>
    IClientPort Open(LoadgenClient client, IPAddress local);
}

/// <summary>One client's port: its address and port, a send (from the generator's loop only), a close.</summary>
internal interface IClientPort : IDisposable
{
    IPEndPoint Local { get; }

    /// <summary>Sends one datagram; a send that fails is left to the engine's resends.</summary>
    void Send(IPEndPoint to, byte[] datagram);
}

/// <summary>The ports for an outside: real sockets share one receive loop (<see cref="SocketClientPorts"/>), any other outside (the test kit's in memory) a thread per endpoint.</summary>
internal static class ClientPorts
{
    public static IClientPorts For(IOutsideNetwork network, ChannelWriter<object> inbox) =>
        network is SocketNetwork ? new SocketClientPorts(inbox) : new EndpointClientPorts(network, inbox);
}

/// <summary>
/// Ports as outside endpoints of any <see cref="IOutsideNetwork"/>: the seam's receive blocks, so each
/// endpoint has a thread blocking in it. For the in-memory outside of the tests, where clients are few;
/// real sockets go through <see cref="SocketClientPorts"/>.
/// </summary>
internal sealed class EndpointClientPorts(IOutsideNetwork network, ChannelWriter<object> inbox) : IClientPorts
{
    public IClientPort Open(LoadgenClient client, IPAddress local) => new Port(client, network.Open(OutsidePort.Ike, new IPEndPoint(local, 0)), inbox);

    public void Dispose() { }

    private sealed class Port : IClientPort
    {
        private readonly IOutsideEndpoint _endpoint;
        private readonly CancellationTokenSource _stop = new();

        public Port(LoadgenClient client, IOutsideEndpoint endpoint, ChannelWriter<object> inbox)
        {
            _endpoint = endpoint;
            new Thread(() => ReceiveLoop(client, inbox)) { IsBackground = true, Name = $"loadgen client {client.Number}" }.Start();
        }

        public IPEndPoint Local => _endpoint.Local;

        private void ReceiveLoop(LoadgenClient client, ChannelWriter<object> inbox)
        {
            var batch = new ReceivedDatagram[_endpoint.BatchSize];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var count = _endpoint.Receive(batch, _stop.Token);
                    for (var i = 0; i < count; i++)
                        if (!batch[i].Truncated) inbox.TryWrite(new LoadgenClient.Received(client, batch[i].Source(), batch[i].Span.ToArray()));
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException) { }
        }

        public void Send(IPEndPoint to, byte[] datagram)
        {
            Span<bool> sent = stackalloc bool[1];
            try
            {
                _endpoint.Send([new OutsideDatagram(_endpoint.Local.Address, to.Serialize(), datagram, datagram.Length)], sent);
            }
            catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _endpoint.Dispose();
        }
    }
}
