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
        _packet = new byte[Size];
        _packet[0] = 0x45;
        _packet[2] = (byte)(Size >> 8);
        _packet[3] = (byte)Size;
        _packet[8] = 64;
        _packet[9] = 17;
        Ipv4.Parse("198.18.1.2").ToBytes().CopyTo(_packet, 12);
        Ipv4.Parse("198.19.0.10").ToBytes().CopyTo(_packet, 16);
    }

    [GlobalCleanup]
    public void Cleanup() => _dataplane.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public void SendToOutside() => _dataplane.SendToOutside(_packet, _output);
}
