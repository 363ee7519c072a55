using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Sockets;
using BenchmarkDotNet.Attributes;

namespace AsaEmu.Benchmarks;

/// <summary>
/// A TUN batch of 32 ESP-sized datagrams (1400 bytes) over loopback UDP, sent and received again, per
/// operation: one system call per datagram each way (Socket.SendTo / ReceiveFrom, as before batching),
/// sendmmsg + recvmmsg, and sendmmsg with UDP GSO + recvmmsg. The kernel's work for the datagrams is
/// in the figure too, so the difference is what the system calls cost. Allocated should read "-".
/// </summary>
[MemoryDiagnoser]
public class DatagramBatchBenchmark
{
    private const int Count = EspDataplane.BatchSize, Size = 1400;

    private Socket _from = null!, _to = null!;
    private SocketAddress _toAddress = null!, _source = null!;
    private OutsideDatagram[] _batch = [];
    private readonly bool[] _sent = new bool[Count];
    private readonly byte[] _receive = new byte[65536];
    private DatagramBatchSender _sender = null!, _segmenting = null!;
    private DatagramBatchReceiver _receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _from = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _to = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _from.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _to.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _to.ReceiveBufferSize = 4 * 1024 * 1024;
        _toAddress = _to.LocalEndPoint!.Serialize();
        _source = new SocketAddress(AddressFamily.InterNetwork);
        _batch = Enumerable.Range(0, Count).Select(_ => new OutsideDatagram(IPAddress.Loopback, _toAddress, GC.AllocateArray<byte>(Size, pinned: true), Size)).ToArray();
        _sender = new DatagramBatchSender(Count, segmentation: false);
        _segmenting = new DatagramBatchSender(Count, DatagramBatchSender.KernelSegments(_from.SafeHandle));
        _receiver = new DatagramBatchReceiver(Count, 2048);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _from.Dispose();
        _to.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int OneCallPerDatagram()
    {
        for (var i = 0; i < Count; i++) _from.SendTo(_batch[i].Buffer.AsSpan(0, Size), SocketFlags.None, _toAddress);
        var bytes = 0;
        for (var i = 0; i < Count; i++) bytes += _to.ReceiveFrom(_receive, SocketFlags.None, _source);
        return bytes;
    }

    [Benchmark]
    public int Sendmmsg() => _sender.Send(_from.SafeHandle, _batch, _sent) + ReceiveBatch();

    [Benchmark]
    public int SendmmsgWithUdpGso() => _segmenting.Send(_from.SafeHandle, _batch, _sent) + ReceiveBatch();

    private int ReceiveBatch()
    {
        var received = 0;
        while (received < Count) received += _receiver.Receive(_to.SafeHandle);
        return received;
    }
}
