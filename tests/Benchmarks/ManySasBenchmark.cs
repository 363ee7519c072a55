using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tun;
using AsaEmu.TestKit.Ike;
using AsaEmu.TestKit.Outside;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AsaEmu.Benchmarks;

/// <summary>
/// The dataplane with many SAs (issue 14: 1,000 SAs installed and traffic spread over 100 of them, no more
/// than 10 % slower than with 1 SA). <see cref="Sas"/> remote-access SA pairs are installed in a real
/// <see cref="EspDataplane"/>, each with its client's address (198.19.x.y), its peer, its SPIs and its keys
/// (<see cref="SaBuilder"/> N), and the packets go round robin over min(100, Sas) of them, every tenth one
/// installed. An operation is a batch of 32 packets as the dataplane's loops hand them over; the figures
/// are per packet (the Mean) and in MB/s of inner packets:
/// <list type="bullet">
/// <item><see cref="IntoTunnel"/>: a TUN read batch through <see cref="EspDataplane.SendToOutside(byte[][], int[], int)"/>:
/// SA by destination, encryption, one send batch to a UDP 4500 endpoint that discards (it copies each datagram).</item>
/// <item><see cref="FromOutside"/>: a UDP 4500 receive batch through <see cref="EspDataplane.ReceiveFromOutside(Span{PacketSlice})"/>:
/// SA by SPI, replay window, ICV, decryption in place, the proxy identity check, one write batch to a TUN device that
/// counts. Before each iteration the clients' side of the pairs (<see cref="SaBuilder.PeerView"/>) seals the iteration's
/// ESP with their next sequence numbers, so the replay window takes every packet as it takes a client's.</item>
/// </list>
/// It checks itself before each iteration and at the end: every packet handed over left through the endpoint or reached
/// the TUN device, counted on its SA, and no drop was counted anywhere; else it throws and the run fails.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Batches)]
[Config(typeof(ThroughputColumns))]
public class ManySasBenchmark
{
    /// <summary>Operations (batches) per iteration: the ESP of an iteration is sealed before it, 32,768 packets.</summary>
    public const int Batches = 1024;

    public const int Batch = EspDataplane.BatchSize;

    /// <summary>
    /// How many of the installed SAs carry the traffic, at most: 100 in the benchmark; <see cref="ManySasInterleaved"/>
    /// sets it to 1 as well, to tell the cost of the table's size from that of the traffic's spread.
    /// </summary>
    public int Spread { get; set; } = 100;

    /// <summary>Batches of clear packets sent into the tunnel in turn: 3,200 packets, each SA's share the same.</summary>
    private const int ClearBatches = 100;

    private static readonly Ipv4 Inside = Ipv4.Parse("198.18.1.2");

    /// <summary>Of the inner packet.</summary>
    [Params(64, 1400)]
    public int Size { get; set; }

    /// <summary>As <see cref="EspCodecBenchmark.Transforms"/> names them: SaBuilder's default, and IKEv2's AES-GCM-256.</summary>
    [Params("esp-aes/sha", "esp-aes-gcm-256/none")]
    public string Transform { get; set; } = "";

    /// <summary>Installed; varies last, so that each case with 1,000 SAs runs right after its case with 1 (the other work on the machine changes over minutes).</summary>
    [Params(1, 1000)]
    public int Sas { get; set; }

    private EspDataplane _dataplane = null!;
    private NullTun _tun = null!;
    private DiscardEndpoint _natT = null!;
    private readonly IRandom _random = new BufferedRandom(SystemRandom.Instance);

    /// <summary>The installed SAs that carry the traffic, and their clients' side (which seals the ESP from outside).</summary>
    private IpsecSa[] _carrying = [], _clients = [];

    private byte[][][] _clear = [];
    private readonly int[] _clearLengths = new int[Batch];
    private int _nextClear;

    /// <summary>Each carrying SA's client's packet to the inside, and the ESP of an iteration, sealed before it.</summary>
    private byte[][] _fromClients = [], _esp = [];
    private PacketSlice[] _received = [];
    private int _nextReceived;

    /// <summary>Packets handed to the dataplane so far, each way.</summary>
    private long _sent, _fed;

    [GlobalSetup]
    public void Setup()
    {
        _tun = new NullTun();
        var table = DiscardEndpoint.Table();
        _natT = table.NatT;
        _dataplane = new EspDataplane(_tun, table.Endpoints, null, SystemRandom.Instance);
        var transform = EspCodecBenchmark.Parse(Transform);
        var children = Enumerable.Range(0, Sas).Select(i => new SaBuilder
        {
            N = i + 1, Transform = transform, Remote = $"198.19.{1 + i / 250}.{1 + i % 250}", Peer = $"198.18.{2 + i / 250}.{1 + i % 250}",
            LifetimeKilobytes = null, ReverseRoute = false,
        }.Build()).ToArray();
        foreach (var child in children) _dataplane.Install(child);
        if (_dataplane.Sas.All.Count != Sas) throw new InvalidOperationException($"{_dataplane.Sas.All.Count} SAs installed, not {Sas}");

        var carrying = Enumerable.Range(0, Math.Min(Spread, Sas)).Select(i => children[i * (Sas / Math.Min(Spread, Sas))]).ToArray();
        _carrying = [.. carrying.Select(c => _dataplane.Sas.TryGetByInboundSpi(c.InboundSpi, out var sa) ? sa : throw new InvalidOperationException("not installed"))];
        _clients = [.. carrying.Select(c => new IpsecSa(SaBuilder.PeerView(c)))];

        // Packet k of the stream goes by SA k % carrying, into the tunnel and out of it alike.
        _clear = [.. Enumerable.Range(0, ClearBatches).Select(b => Enumerable.Range(0, Batch)
            .Select(i => ClearPacket.Udp(Inside, _carrying[(b * Batch + i) % _carrying.Length].Child.RemoteAddress, Size)).ToArray())];
        Array.Fill(_clearLengths, Size);
        _fromClients = [.. _carrying.Select(sa => ClearPacket.Udp(sa.Child.RemoteAddress, Inside, Size))];
        _esp = [.. Enumerable.Range(0, Batches * Batch).Select(_ => new byte[Size + 128])];
        _received = new PacketSlice[_esp.Length];

        // A sanity pass each way before anything is measured.
        IntoTunnel();
        SealIteration();
        FromOutside();
        Check();
        var last = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(_natT.Last);
        if (last != _carrying[(Batch - 1) % _carrying.Length].Child.OutboundSpi) throw new InvalidOperationException($"the last ESP went by SPI 0x{last:X8}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check();
        foreach (var client in _clients) client.Dispose();
        _dataplane.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Seals the ESP of the next iteration, after checking that what came before all passed.</summary>
    [IterationSetup(Target = nameof(FromOutside))]
    public void SealIteration()
    {
        Check();
        for (var k = 0; k < _esp.Length; k++)
        {
            var length = _clients[k % _clients.Length].Encapsulate(_fromClients[k % _clients.Length], _random, _esp[k], 0, out var result);
            if (result != EspResult.Ok) throw new InvalidOperationException($"the client could not seal: {result}");
            _received[k] = new PacketSlice(_esp[k], 0, length);
        }
        _nextReceived = 0;
    }

    [IterationSetup(Target = nameof(IntoTunnel))]
    public void CheckIteration() => Check();

    [Benchmark(OperationsPerInvoke = Batch)]
    public void IntoTunnel()
    {
        _dataplane.SendToOutside(_clear[_nextClear], _clearLengths, Batch);
        _nextClear = (_nextClear + 1) % ClearBatches;
        _sent += Batch;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void FromOutside()
    {
        _dataplane.ReceiveFromOutside(_received.AsSpan(_nextReceived, Batch));
        _nextReceived += Batch;
        _fed += Batch;
    }

    /// <summary>Throws unless every packet handed over so far went through, counted on its SA, none dropped.</summary>
    private void Check()
    {
        var counters = _dataplane.Counters;
        long encaps = 0, decaps = 0, errors = 0;
        foreach (var sa in _dataplane.Sas.All)
        {
            var n = sa.Counters.Snapshot();
            encaps += n.Encaps;
            decaps += n.Decaps;
            errors += n.SendErrors + n.RecvErrors;
        }
        var drops = counters.NoSaSendCount + counters.InvalidSaReceiveCount + counters.NotIpv4FromTunCount + counters.MalformedFromOutsideCount
            + counters.TunWriteErrorCount + counters.InternalErrorCount;
        if (encaps != _sent || _natT.Count != _sent || decaps != _fed || _tun.Count != _fed || _tun.Bytes != _fed * Size || errors != 0 || drops != 0)
            throw new InvalidOperationException(
                $"{Sas} SAs, {Size} bytes, {Transform}: {_sent} sent, {encaps} encapsulated, {_natT.Count} left; {_fed} received, {decaps} decapsulated, " +
                $"{_tun.Count} reached the TUN device ({_tun.Bytes} bytes); {errors} SA errors, {drops} other drops");
    }

    /// <summary>MB/s of inner packets at the Mean, and the Mean over the same case's with 1 SA.</summary>
    private sealed class ThroughputColumns : ManualConfig
    {
        public ThroughputColumns() => AddColumn(new Derived("MB/s", "Inner packets' megabytes (10^6) a second at the Mean", (summary, c) =>
                Mean(summary, c) is { } mean ? $"{(int)c.Parameters["Size"] * 1000 / mean:N0}" : "?"),
            new Derived("vs 1 SA", "The Mean over the Mean of the same case with 1 SA", (summary, c) =>
                Mean(summary, c) is { } mean && Mean(summary, OneSa(summary, c)) is { } one ? $"{mean / one:N2}" : "?"));

        private static double? Mean(Summary summary, BenchmarkCase? c) => c is null ? null : summary[c]?.ResultStatistics?.Mean;

        private static BenchmarkCase? OneSa(Summary summary, BenchmarkCase c) => summary.BenchmarksCases.FirstOrDefault(o =>
            o.Descriptor == c.Descriptor && o.Job == c.Job && (int)o.Parameters["Sas"] == 1
            && o.Parameters.Items.All(p => p.Name == "Sas" || Equals(p.Value, c.Parameters[p.Name])));
    }

    private sealed class Derived(string name, string legend, Func<Summary, BenchmarkCase, string> value) : IColumn
    {
        public string Id => nameof(ManySasBenchmark) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(summary, benchmarkCase);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => value(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
