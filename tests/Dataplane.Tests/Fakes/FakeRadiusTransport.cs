using System.Net;
using System.Threading.Channels;
using AsaEmu.Crypto.Radius;
using AsaEmu.Crypto.Tests.Radius;
using AsaEmu.Dataplane.Aaa;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>
/// The AAA service's sockets in memory: every datagram sent is kept in order for the test to await, and a
/// server attached to an address and port answers what is sent to it, as the network would: later, from
/// that address and port.
/// </summary>
public sealed class FakeRadiusTransport : IRadiusTransport
{
    private readonly Channel<RadiusDatagram> _sent = Channel.CreateUnbounded<RadiusDatagram>();
    private readonly Dictionary<IPEndPoint, TestRadiusServer> _servers = [];
    private Action<IPEndPoint, byte[]>? _received;

    /// <summary>Answers what is sent to <paramref name="at"/> (nothing answers the other endpoints).</summary>
    public TestRadiusServer Serve(IPEndPoint at, TestRadiusServer server)
    {
        lock (_servers) _servers[at] = server;
        return server;
    }

    public void Start(Action<IPEndPoint, byte[]> received) => _received = received;

    public void Send(IPAddress? source, IPEndPoint server, ReadOnlyMemory<byte> data)
    {
        _sent.Writer.TryWrite(new RadiusDatagram(source, server, data.ToArray()));
        TestRadiusServer? answering;
        lock (_servers) _servers.TryGetValue(server, out answering);
        if (answering is null) return;
        byte[]? answer;
        lock (answering) answer = answering.Answer(data.Span);
        if (answer is not null) Deliver(server, answer);
    }

    /// <summary>A datagram arrives from <paramref name="from"/>.</summary>
    public void Deliver(IPEndPoint from, byte[] data) => _received?.Invoke(from, data);

    /// <summary>The next datagram the service sent (waits up to 10 s for it).</summary>
    public async Task<RadiusDatagram> NextSentAsync() =>
        await _sent.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Whether a datagram was sent that has not been taken by <see cref="NextSentAsync"/>.</summary>
    public bool HasUnread => _sent.Reader.Count > 0;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
