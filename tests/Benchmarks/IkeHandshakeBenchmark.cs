using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Crypto.Tests.Ike;
using BenchmarkDotNet.Attributes;

namespace AsaEmu.Benchmarks;

/// <summary>
/// Aggressive-mode handshakes (AM1, AM2 with HASH_R checked by the client, AM3) per second with
/// an in-process client, for Diffie-Hellman groups 2 and 14: both ends' key pairs and shared
/// secrets are in the measured time, as on a headend under load.
/// </summary>
public class IkeHandshakeBenchmark
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.18.0.2"), 500);
    private AsaConfig _config = AsaConfig.Empty;
    private int _seed;

    [Params(2, 14)]
    public int Group { get; set; }

    [GlobalSetup]
    public void Setup() => _config = ConfigLoader.Load($"""
        interface GigabitEthernet0/0
         nameif outside
         ip address 198.18.0.1 255.255.255.0
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         encryption aes
         hash sha
         group {Group}
        tunnel-group EZ type remote-access
        tunnel-group EZ ipsec-attributes
         ikev1 pre-shared-key cisco
        """).Config;

    [Benchmark]
    public int AggressiveMode()
    {
        var engine = new IkeEngine(SystemRandom.Instance);
        var client = new TestInitiator(new SeededRandom(_seed++), "EZ", "cisco", Client, Server);
        var now = DateTimeOffset.UnixEpoch;
        client.TakeAm2(engine.Receive(client.Am1(dhGroup: (ushort)Group), _config, now).Datagrams[0]);
        return engine.Receive(client.Am3(), _config, now).Datagrams.Count;
    }
}
