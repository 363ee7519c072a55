using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Dataplane.Capture;
using BenchmarkDotNet.Attributes;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Benchmarks;

/// <summary>
/// What a capture tap costs a 1400-byte packet on the inside path, as the dataplane calls it:
/// with no capture (the common case: one volatile read, nothing else), with a capture whose
/// match clause rejects the packet (the filter, no allocation), and with one that keeps it (a copy).
/// </summary>
[MemoryDiagnoser]
public class CaptureTapBenchmark
{
    private readonly CaptureHub _idle = new(() => DateTimeOffset.UnixEpoch);
    private readonly CaptureHub _rejecting = new(() => DateTimeOffset.UnixEpoch);
    private readonly CaptureHub _keeping = new(() => DateTimeOffset.UnixEpoch);
    private readonly byte[] _packet = new byte[1400];

    [GlobalSetup]
    public void Setup()
    {
        Ipv4Synthesis.WriteIp(_packet, Ipv4.Parse("10.1.1.1").Value, Ipv4.Parse("10.2.2.2").Value, Ipv4Header.ProtocolIcmp, _packet.Length - 20);
        var other = (ExtendedAce)AceParser.Parse("tcp host 192.0.2.1 any eq 443").Value!;
        _rejecting.Set("c", new CaptureSettings([("inside", new CapturePoint.Inside())], null, ["tcp host 192.0.2.1 any eq https"],
            new CaptureFilter([CaptureRule.From(other with { Permit = true })!], bothDirections: true)));
        _keeping.Set("c", new CaptureSettings([("inside", new CapturePoint.Inside())], null, [], CaptureFilter.Everything, Circular: true));
    }

    private static void Tap(CaptureHub? hub, byte[] packet)
    {
        if (hub is { Active: true } capture) capture.TapInside(packet);
    }

    [Benchmark(Baseline = true)]
    public void NoCapture() => Tap(_idle, _packet);

    [Benchmark]
    public void CaptureRejects() => Tap(_rejecting, _packet);

    [Benchmark]
    public void CaptureKeeps() => Tap(_keeping, _packet);
}
