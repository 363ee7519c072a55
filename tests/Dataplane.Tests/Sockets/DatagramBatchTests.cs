using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Tests.Sockets;

/// <summary>sendmmsg, UDP GSO and recvmmsg on real loopback UDP sockets (no privileges needed).</summary>
public sealed class DatagramBatchTests : IDisposable
{
    private readonly Socket _from = Bound(), _to = Bound();

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 2000;
        return socket;
    }

    public void Dispose()
    {
        _from.Dispose();
        _to.Dispose();
    }

    private OutsideDatagram To(Socket socket, int length, byte seed) =>
        new(IPAddress.Loopback, socket.LocalEndPoint!.Serialize(), Enumerable.Range(0, length).Select(i => (byte)(i + seed)).ToArray(), length);

    private List<byte[]> ReceiveAll(int count)
    {
        var received = new List<byte[]>();
        var buffer = new byte[65536];
        for (var i = 0; i < count; i++) received.Add(buffer.AsSpan(0, _to.Receive(buffer)).ToArray());
        return received;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_batch_arrives_as_the_datagrams_it_was_made_of(bool segmentation)
    {
        var gso = segmentation && DatagramBatchSender.KernelSegments(_from.SafeHandle);
        var sender = new DatagramBatchSender(EspDataplane.BatchSize, gso);
        OutsideDatagram[] batch = [To(_to, 1400, 1), To(_to, 1400, 2), To(_to, 1400, 3), To(_to, 700, 4), To(_to, 900, 5), To(_to, 60, 6)];
        var sent = new bool[batch.Length];

        Assert.Equal(batch.Length, sender.Send(_from.SafeHandle, batch, sent));

        Assert.All(sent, Assert.True);
        Assert.Equal(batch.Select(d => d.Buffer), ReceiveAll(batch.Length));
        Assert.Equal(gso, sender.Segmentation);
    }

    [Fact]
    public void A_datagram_the_kernel_refuses_in_the_middle_is_reported_and_the_rest_go()
    {
        var sender = new DatagramBatchSender(EspDataplane.BatchSize, segmentation: false);
        var portZero = new OutsideDatagram(IPAddress.Loopback, new IPEndPoint(IPAddress.Loopback, 0).Serialize(), new byte[100], 100);
        OutsideDatagram[] batch = [To(_to, 100, 1), portZero, To(_to, 100, 3)];
        var sent = new bool[batch.Length];

        Assert.Equal(2, sender.Send(_from.SafeHandle, batch, sent));

        Assert.Equal([true, false, true], sent);
        Assert.Equal([batch[0].Buffer, batch[2].Buffer], ReceiveAll(2));
    }

    [Fact]
    public void A_receive_takes_everything_queued_with_each_sender()
    {
        for (var i = 0; i < 5; i++) _from.SendTo(new byte[100 + i], _to.LocalEndPoint!);
        var receiver = new DatagramBatchReceiver(32, 2048);

        var count = 0;
        var lengths = new List<int>();
        while (count < 5)
        {
            var got = receiver.Receive(_to.SafeHandle);
            Assert.True(got > 0);
            for (var i = 0; i < got; i++)
            {
                lengths.Add(receiver.Length(i));
                Assert.False(receiver.Truncated(i));
                Assert.Equal(_from.LocalEndPoint, new AsaEmu.Dataplane.Outside.ReceivedDatagram(receiver.Buffer(i), receiver.Length(i), false, receiver.SourceAddress(i), receiver.SourcePort(i)).Source());
            }
            count += got;
        }
        Assert.Equal([100, 101, 102, 103, 104], lengths);
    }

    [Fact]
    public void A_datagram_longer_than_its_buffer_is_reported_as_truncated_and_an_idle_socket_times_out()
    {
        _to.ReceiveTimeout = 50;
        _from.SendTo(new byte[300], _to.LocalEndPoint!);
        var receiver = new DatagramBatchReceiver(4, 256);

        Assert.Equal(1, receiver.Receive(_to.SafeHandle));
        Assert.True(receiver.Truncated(0));
        Assert.Equal(0, receiver.Receive(_to.SafeHandle));
    }

    [Fact]
    public void A_closed_socket_ends_the_receive()
    {
        var receiver = new DatagramBatchReceiver(4, 256);
        _to.Dispose();
        Assert.Throws<ObjectDisposedException>(() => receiver.Receive(_to.SafeHandle));
    }
}
