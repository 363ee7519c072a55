using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.TestKit.Outside;
using BenchmarkDotNet.Attributes;

namespace AsaEmu.Benchmarks;

/// <summary>
/// One clear packet from the TUN device into the tunnel through <see cref="EspDataplane.SendToOutside"/>
/// (AES-128/SHA-1, NAT-T, outside MTU 1500): 1400 bytes go whole; 3000 bytes are fragmented before
/// encryption into 3 ESP packets. Sockets and TUN device discard. Allocated should read "-".
/// </summary>
[MemoryDiagnoser]
public class TunnelPathBenchmark
{
    private EspDataplane _dataplane = null!;
    private byte[] _packet = [];
    private readonly byte[] _output = new byte[4096];

    [Params(1400, 3000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dataplane = new EspDataplane(new NullTun(), DiscardEndpoint.Table().Endpoints, null, SystemRandom.Instance);
        _dataplane.Install(new AsaEmu.TestKit.Ike.SaBuilder { LifetimeKilobytes = null, ReverseRoute = false }.Build());
        _packet = ClearPacket.Udp(Ipv4.Parse("198.18.1.2"), Ipv4.Parse("198.19.0.10"), Size);
    }

    [GlobalCleanup]
    public void Cleanup() => _dataplane.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public void SendToOutside() => _dataplane.SendToOutside(_packet, _output);
}
