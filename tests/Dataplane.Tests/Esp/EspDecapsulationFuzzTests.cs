using System.Buffers.Binary;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;
using AsaEmu.Dataplane.Tests.Forwarding;
using AsaEmu.Dataplane.Tun;
using AsaEmu.Fuzzing;
using CsCheck;

namespace AsaEmu.Dataplane.Tests.Esp;

/// <summary>
/// Property-based fuzz of ESP decapsulation, the codec and the dataplane's inbound path, against an
/// installed SA of each transform: random bytes (with and without an installed SPI), real packets
/// from the clients with bytes flipped, inserted, removed or cut, and packets the clients
/// authenticated and encrypted around whatever inner bytes and next header. Nothing throws, nothing
/// is allocated, and every packet is either written to the TUN device or counted as a drop. The test
/// run tries 5,000 inputs per property; the full run is its own command (README, "Test it").
/// </summary>
public sealed class EspDecapsulationFuzzTests : IAsyncDisposable
{
    private static long Iterations => FuzzIterations.Count(inTests: 5_000);

    private readonly CountingTun _tun = new();
    private readonly CountingEvents _events = new();
    private readonly EspDataplane _dataplane;
    private readonly ChildSa[] _children;
    /// <summary>The clients' view of each SA pair: what they encapsulate our inbound SAs accept.</summary>
    private readonly IpsecSa[] _clients;
    private readonly uint[] _nextSequence;
    private readonly IRandom _ivs = new FixedRandom();

    public EspDecapsulationFuzzTests()
    {
        _dataplane = new EspDataplane(_tun, DiscardEndpoint.Table("203.0.113.1").Endpoints, new FakeRoutes(), SystemRandom.Instance, _events);
        _children = [.. TestSas.AllTransforms.Select((t, i) => TestSas.Child(i + 1, $"198.19.0.{i + 10}", TestSas.Transform(t.Id, t.Bits, t.Auth)))];
        foreach (var child in _children) _dataplane.Install(child);
        _clients = [.. _children.Select(c => new IpsecSa(TestSas.PeerView(c)))];
        _nextSequence = new uint[_children.Length];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _dataplane.DisposeAsync();
    }

    /// <summary>What one input is made of; <see cref="Build"/> turns it into a packet.</summary>
    /// <param name="Kind">0: random bytes; 1: a client's packet of an IPv4 packet from its address; 2: a client's packet of any bytes.</param>
    /// <param name="Sa">Which SA's SPI or client (-1: none, for random bytes).</param>
    /// <param name="Sequence">0: the client's next; else this one (replays, zero, the far future).</param>
    private sealed record Input(int Kind, int Sa, uint Sequence, byte[] Bytes, byte NextHeader, (int Kind, int Position, byte Value)[] Edits);

    private static readonly Gen<(int, int, byte)[]> Edits = FuzzMutations.Edit.Array[0, 4];

    private static readonly Gen<uint> Sequence = Gen.Frequency((8, Gen.Const(0u)), (1, Gen.UInt[1, 64]), (1, Gen.OneOf(Gen.UInt, Gen.Const(uint.MaxValue))));

    private static readonly Gen<Input> Inputs = Gen.Select(Gen.Int[0, 2], Gen.Int[-1, TestSas.AllTransforms.Length - 1], Sequence,
        Gen.Frequency((4, Gen.Byte.Array[0, 120]), (1, Gen.Byte.Array[0, 1600])), Gen.Frequency((6, Gen.Const(EspCodec.NextHeaderIpv4)), (1, Gen.Const(EspCodec.NextHeaderNone)), (1, Gen.Byte)), Edits,
        (kind, sa, sequence, bytes, nextHeader, edits) => new Input(kind, kind == 0 ? sa : Math.Max(sa, 0), sequence, bytes, nextHeader, edits));

    /// <summary>The packet of an input, in a buffer of its own with room around it.</summary>
    private PacketSlice Build(Input input)
    {
        byte[] packet;
        if (input.Kind == 0)
        {
            packet = [.. input.Bytes];
            if (input.Sa >= 0 && packet.Length >= 4) BinaryPrimitives.WriteUInt32BigEndian(packet, _children[input.Sa].InboundSpi);
        }
        else
        {
            var inner = input.Kind == 1 ? FromClient(input.Sa, input.Bytes) : input.Bytes;
            var sequence = input.Sequence == 0 ? ++_nextSequence[input.Sa] : input.Sequence;
            var buffer = new byte[inner.Length + 128];
            var length = EspCodec.Encapsulate(_clients[input.Sa].Outbound, sequence, inner, input.NextHeader, _ivs, buffer, 0);
            packet = buffer[..length];
        }
        packet = FuzzMutations.Apply(packet, input.Edits);
        var room = new byte[packet.Length + 64];
        packet.CopyTo(room, 32);
        return new PacketSlice(room, 32, packet.Length);
    }

    /// <summary>An IPv4 packet from the SA's client address, its length field and payload from the input (so it may lie).</summary>
    private byte[] FromClient(int sa, byte[] bytes)
    {
        var packet = Packets.Ipv4(_children[sa].RemoteAddress.ToString(), "198.18.1.2", bytes.Length);
        bytes.CopyTo(packet, 20);
        if (bytes.Length > 0 && bytes[0] % 4 == 0) { packet[2] = bytes[^1]; packet[3] = bytes[0]; }
        return packet;
    }

    /// <summary>Every way an inbound packet can end: delivered, or counted where it was dropped.</summary>
    private long Accounted()
    {
        var counters = _dataplane.Counters;
        var perSa = _dataplane.Sas.All.Select(sa => sa.Counters.Snapshot()).Sum(c => c.RecvErrors + c.TfcReceived);
        return counters.MalformedFromOutsideCount + counters.InvalidSaReceiveCount + counters.TunWriteErrorCount + perSa + _tun.Written;
    }

    /// <summary>
    /// ICV failures of combined-mode SAs: <see cref="System.Security.Cryptography.AesGcm"/> reports a wrong
    /// tag only by throwing, so such a drop allocates its exception (the one allocation a dropped packet may make).
    /// </summary>
    private long CombinedModeIcvFailures() => _dataplane.Sas.All
        .Where(sa => sa.Inbound.Cipher is EspCombinedCipher).Sum(sa => sa.Counters.Snapshot().VerifyFailed);

    /// <summary>Hands packets over as a socket loop does; they cost nothing but the syslog of a drop (at most once a second per SA).</summary>
    private void Receive(PacketSlice[] packets)
    {
        var before = Accounted();
        var reports = _events.Published;
        var icvFailures = CombinedModeIcvFailures();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        _dataplane.ReceiveFromOutside(packets.AsSpan());
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(0, _dataplane.Counters.InternalErrorCount);
        Assert.Equal(packets.Length, Accounted() - before);
        if (_events.Published == reports && CombinedModeIcvFailures() == icvFailures) Assert.Equal(0, allocated);
    }

    [Fact]
    public void Random_and_mutated_esp_packets_are_delivered_or_counted_and_dropped()
    {
        Receive([Build(new Input(1, 0, 0, new byte[40], EspCodec.NextHeaderIpv4, []))]);
        Inputs.Sample(input => Receive([Build(input)]), iter: Iterations, threads: 1);
        Assert.True(_tun.Written > 0, "some packets got through");
    }

    [Fact]
    public void Batches_of_them_from_one_socket_read_are_too()
    {
        Receive([Build(new Input(1, 0, 0, new byte[40], EspCodec.NextHeaderIpv4, []))]);
        Inputs.Array[1, EspDataplane.BatchSize].Sample(inputs => Receive([.. inputs.Select(Build)]), iter: Iterations / 8 + 1, threads: 1);
    }

    /// <summary>The codec alone, with offsets and lengths that need not fit the buffer.</summary>
    [Fact]
    public void The_codec_answers_any_buffer_offset_and_length_without_throwing()
    {
        Gen.Select(Gen.Int[0, _children.Length - 1], Gen.Byte.Array[0, 300], Gen.Int, Gen.Int, Gen.Bool).Sample((sa, bytes, offset, length, small) =>
        {
            if (small) (offset, length) = (offset & 0x1FF, length & 0x1FF);
            var inbound = _dataplane.Sas.All.Single(s => s.Child.InboundSpi == _children[sa].InboundSpi).Inbound;
            var result = EspCodec.Decapsulate(inbound, null, bytes, offset, length, out _);
            if (offset < 0 || length < 0 || (long)offset + length > bytes.Length) Assert.Equal(EspResult.Malformed, result);
        }, iter: Iterations, threads: 1);
    }
}
