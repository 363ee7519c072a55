using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Radius;
using AsaEmu.Crypto.Tests.Radius;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The AAA service as the exchange tests need it, synchronous and in process: the headend's AAA work
/// goes through our real <see cref="RadiusClient"/> (codec, Message-Authenticator, retries and
/// timeouts on a clock of its own) to <see cref="TestRadiusServer"/>s attached to server addresses, and
/// the client's result comes back. A server address with nothing attached never answers.
/// </summary>
public sealed class RadiusBackend(Func<AsaConfig> config)
{
    private readonly RadiusClient _client = new(new SeededRandom(11));
    private readonly Dictionary<IPEndPoint, TestRadiusServer> _servers = [];
    private DateTimeOffset _now = EnginePair.Start;

    /// <summary>Every datagram the client sent, in order.</summary>
    public List<RadiusDatagram> Sent { get; } = [];

    public TestRadiusServer Serve(IPEndPoint at, TestRadiusServer server)
    {
        _servers[at] = server;
        return server;
    }

    /// <summary>Runs one authentication to its result, moving this backend's clock through retries and timeouts.</summary>
    public AaaResult Answer(AaaWork work)
    {
        var outputs = _client.Authenticate(work.Ticket, work.Request, config(), _now);
        for (var round = 0; round < 100; round++)
        {
            if (Deliver(outputs, work.Ticket) is { } result) return result;
            _now = _client.NextDeadline(config()) ?? _now + TimeSpan.FromSeconds(1);
            outputs = _client.Tick(config(), _now);
        }
        throw new InvalidOperationException("the RADIUS client gave no result");
    }

    /// <summary>Sends what the client sent to the attached servers and feeds their answers back; the result once there is one.</summary>
    private AaaResult? Deliver(RadiusOutputs outputs, long ticket)
    {
        var queue = new Queue<RadiusOutputs>([outputs]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var (t, result) in next.Results)
                if (t == ticket) return result;
            foreach (var datagram in next.Datagrams)
            {
                Sent.Add(datagram);
                if (_servers.TryGetValue(datagram.Server, out var server) && server.Answer(datagram.Data.Span) is { } answer)
                    queue.Enqueue(_client.Receive(datagram.Server, answer, config(), _now));
            }
        }
        return null;
    }
}
