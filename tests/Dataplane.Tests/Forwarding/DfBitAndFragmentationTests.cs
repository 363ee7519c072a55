using System.Buffers.Binary;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>
/// Packets too large for the tunnel: fragmented before encryption, answered with ICMP
/// fragmentation-needed, or encrypted whole, per the outside MTU and <c>crypto ipsec df-bit</c> /
/// <c>fragmentation</c>; the outer DF bit per the DF policy; the counters of each.
/// </summary>
public sealed class DfBitAndFragmentationTests : IAsyncDisposable
{
    private readonly FakeTun _tun = new();
    private readonly MemoryOutside _outside = new();
    private readonly AsaEmu.TestKit.Time.FakeClock _clock = new();
    private MemoryEndpoint _udp => _outside.NatT;
    private MemoryEndpoint _raw => _outside.Raw;
    private readonly EspDataplane _dataplane;
    private readonly byte[] _output = new byte[4096];
    private AsaConfig _config;

    public DfBitAndFragmentationTests()
    {
        _config = Configure("");
        _dataplane = new EspDataplane(_tun, _outside.Endpoints, null, SystemRandom.Instance, clock: _clock) { Config = () => _config };
    }

    public async ValueTask DisposeAsync()
    {
        await _dataplane.DisposeAsync();
        _tun.Dispose();
        _outside.Dispose();
    }

    /// <summary>The outside interface owns the SAs' local address 198.18.0.1 (see <see cref="TestSas"/>).</summary>
    private static AsaConfig Configure(string lines)
    {
        var result = ConfigLoader.Load("interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 198.18.0.1 255.255.255.0\n" + lines);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    private (IpsecSa Ours, IpsecSa Peer) Install(bool udp = true, EspTransform? transform = null)
    {
        var child = TestSas.Child(udp: udp, transform: transform);
        _dataplane.Install(child);
        return (Assert.Single(_dataplane.Sas.All), new IpsecSa(TestSas.PeerView(child)));
    }

    private static byte[] Decrypt(IpsecSa peer, byte[] esp)
    {
        Assert.Equal(EspResult.Ok, peer.Decapsulate(esp, 0, esp.Length, out var payload));
        return esp.AsSpan(payload.Offset, payload.Length).ToArray();
    }

    private static byte[] WithDf(byte[] packet)
    {
        packet[6] |= 0x40;
        Ipv4Header.WriteChecksum(packet.AsSpan(0, 20));
        return packet;
    }

    /// <summary>The outer packet's size on the wire: ESP plus outer IPv4 and, under NAT-T, UDP.</summary>
    private static int OuterLength(byte[] esp, bool udp) => esp.Length + 20 + (udp ? 8 : 0);

    [Theory]
    [InlineData(true, 1422)]  // 1500 - 20 IP - 8 UDP - 8 ESP - 16 IV - 12 ICV = 1436 -> 1424 (16-byte blocks) - 2
    [InlineData(false, 1438)] // 1500 - 20 IP - 8 ESP - 16 IV - 12 ICV = 1444 -> 1440 - 2
    public void The_largest_unfragmented_packet_depends_on_nat_t(bool udp, int expected)
    {
        var (sa, peer) = Install(udp);
        using var _ = peer;
        Assert.Equal(expected, _dataplane.MaxInnerLength(sa));
    }

    [Theory]
    [MemberData(nameof(TestSas.Transforms), MemberType = typeof(TestSas))]
    public void A_packet_of_the_largest_size_goes_whole_and_one_byte_more_is_fragmented(byte id, int? bits, ushort? auth)
    {
        foreach (var udp in new[] { true, false })
        {
            _config = Configure("mtu outside 1400\n");
            var (sa, peer) = Install(udp, TestSas.Transform(id, bits, auth));
            using var _ = peer;
            var socket = udp ? _udp : _raw;
            var max = _dataplane.MaxInnerLength(sa);

            _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10", max - 20), _output);
            var (_, _, whole, _) = Assert.Single(socket.Sent);
            Assert.InRange(OuterLength(whole, udp), 1400 - sa.Outbound.Alignment + 1, 1400);

            socket.Sent.Clear();
            _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10", max - 19), _output);
            Assert.Equal(2, socket.Sent.Count);
            Assert.All(socket.Sent, s => Assert.True(OuterLength(s.Data, udp) <= 1400));
            socket.Sent.Clear();
            _dataplane.Remove(sa.Child);
        }
    }

    [Fact]
    public void An_oversize_packet_without_df_is_fragmented_before_encryption_and_reassembles_to_the_original()
    {
        var (sa, peer) = Install();
        using var _ = peer;
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 3000);

        _dataplane.SendToOutside(packet, _output);

        Assert.Equal(3, _udp.Sent.Count);
        Assert.All(_udp.Sent, s => Assert.True(OuterLength(s.Data, true) <= 1500));
        Assert.All(_udp.DontFragment, df => Assert.False(df)); // copy-df of fragments, whose DF is clear
        var fragments = _udp.Sent.Select(s => Decrypt(peer, s.Data)).ToList();
        Assert.Equal(FragmentationTests.AsReassembled(packet), FragmentationTests.Reassemble(fragments));
        var n = sa.Counters.Snapshot();
        Assert.Equal((1L, 0L, 3L, 0L), (n.PreFragSuccesses, n.PreFragFailures, n.FragmentsCreated, n.PmtusSent));
        Assert.Equal(3, n.Encaps);
        Assert.Empty(_tun.Written);
    }

    [Fact]
    public void An_oversize_packet_with_df_gets_fragmentation_needed_with_the_size_that_fits()
    {
        var (sa, peer) = Install();
        using var _ = peer;
        var packet = WithDf(Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600));

        _dataplane.SendToOutside(packet, _output);

        Assert.Empty(_udp.Sent);
        var icmp = Assert.Single(_tun.Written);
        Assert.Equal(20 + 8 + 28, icmp.Length);
        Assert.Equal(0x45, icmp[0]);
        Assert.Equal(icmp.Length, Ipv4Header.TotalLength(icmp));
        Assert.Equal(Ipv4Header.ProtocolIcmp, icmp[9]);
        Assert.Equal(0, Ipv4Header.Checksum(icmp.AsSpan(0, 20)));
        Assert.Equal("198.19.0.10", new Ipv4(Ipv4Header.Source(icmp)).ToString());
        Assert.Equal("198.18.1.2", new Ipv4(Ipv4Header.Destination(icmp)).ToString());
        Assert.Equal((3, 4), (icmp[20], icmp[21]));
        Assert.Equal(0, Ipv4Header.Checksum(icmp.AsSpan(20)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(icmp.AsSpan(24)));
        Assert.Equal(1422, BinaryPrimitives.ReadUInt16BigEndian(icmp.AsSpan(26)));
        Assert.Equal(packet[..28], icmp[28..]);
        var n = sa.Counters.Snapshot();
        Assert.Equal((0L, 0L, 0L, 1L, 0L), (n.PreFragSuccesses, n.PreFragFailures, n.FragmentsCreated, n.PmtusSent, n.Encaps));
    }

    [Fact]
    public void The_next_hop_mtu_follows_the_outside_mtu()
    {
        _config = Configure("mtu outside 1400\n");
        var (_, peer) = Install(udp: false);
        using var _ = peer;
        _dataplane.SendToOutside(WithDf(Packets.Ipv4("198.18.1.2", "198.19.0.10", 1400)), _output);
        // 1400 - 20 - 8 - 16 - 12 = 1344, a multiple of 16, less 2.
        Assert.Equal(1342, BinaryPrimitives.ReadUInt16BigEndian(Assert.Single(_tun.Written).AsSpan(26)));
    }

    [Theory]
    [InlineData(3)]  // destination unreachable
    [InlineData(11)] // time exceeded
    public void An_icmp_error_too_large_for_the_tunnel_gets_no_icmp_error(byte type)
    {
        var (sa, peer) = Install();
        using var _ = peer;
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600);
        packet[20] = type;
        _dataplane.SendToOutside(WithDf(packet), _output);

        Assert.Empty(_tun.Written);
        Assert.Empty(_udp.Sent);
        var n = sa.Counters.Snapshot();
        Assert.Equal((0L, 1L), (n.PmtusSent, n.PreFragFailures));
    }

    [Fact]
    public void An_echo_request_too_large_is_answered()
    {
        var (_, peer) = Install();
        using var _ = peer;
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600);
        packet[20] = 8;
        _dataplane.SendToOutside(WithDf(packet), _output);
        Assert.Single(_tun.Written);
    }

    [Fact]
    public void A_flood_of_oversize_df_packets_gets_at_most_the_rate_limit_of_answers()
    {
        var (sa, peer) = Install();
        using var _ = peer;
        var packet = WithDf(Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600));
        for (var i = 0; i < EspDataplane.IcmpErrorsPerSecond * 3; i++) _dataplane.SendToOutside(packet, _output);

        // Within one second on the dataplane's clock: the limit, the rest counted as failures.
        Assert.Equal(EspDataplane.IcmpErrorsPerSecond, _tun.Written.Count);
        var n = sa.Counters.Snapshot();
        Assert.Equal((EspDataplane.IcmpErrorsPerSecond, 2L * EspDataplane.IcmpErrorsPerSecond), (n.PmtusSent, n.PreFragFailures));

        // The next second opens a new window.
        _clock.Advance(TimeSpan.FromSeconds(1));
        _dataplane.SendToOutside(packet, _output);
        Assert.Equal(EspDataplane.IcmpErrorsPerSecond + 1, _tun.Written.Count);
    }

    [Fact]
    public void Clear_df_fragments_even_a_df_packet()
    {
        _config = Configure("crypto ipsec df-bit clear-df outside\n");
        var (sa, peer) = Install();
        using var _ = peer;
        var packet = WithDf(Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600));

        _dataplane.SendToOutside(packet, _output);

        Assert.Empty(_tun.Written);
        Assert.Equal([false, false], _udp.DontFragment);
        var fragments = _udp.Sent.Select(s => Decrypt(peer, s.Data)).ToList();
        Assert.Equal(FragmentationTests.AsReassembled(packet), FragmentationTests.Reassemble(fragments));
        Assert.Equal(1, sa.Counters.Snapshot().PreFragSuccesses);
    }

    [Theory]
    [InlineData("", false, false)]
    [InlineData("", true, true)]
    [InlineData("crypto ipsec df-bit clear-df outside\n", true, false)]
    [InlineData("crypto ipsec df-bit set-df outside\n", false, true)]
    [InlineData("crypto ipsec df-bit set-df outside\n", true, true)]
    public void The_outer_df_bit_follows_the_df_policy(string policy, bool innerDf, bool outerDf)
    {
        _config = Configure(policy);
        var (_, peer) = Install(udp: false);
        using var _ = peer;
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 100);
        _dataplane.SendToOutside(innerDf ? WithDf(packet) : packet, _output);
        Assert.Equal(outerDf, Assert.Single(_raw.DontFragment));
    }

    [Fact]
    public void Set_df_fragments_a_packet_without_df_and_sends_the_fragments_with_df()
    {
        _config = Configure("crypto ipsec df-bit set-df outside\n");
        var (sa, peer) = Install();
        using var _ = peer;
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10", 2000), _output);
        Assert.Equal([true, true], _udp.DontFragment);
        Assert.Equal(2, sa.Counters.Snapshot().FragmentsCreated);
    }

    [Fact]
    public void After_encryption_sends_the_whole_packet_for_the_outside_to_fragment()
    {
        _config = Configure("crypto ipsec fragmentation after-encryption outside\n");
        var (sa, peer) = Install();
        using var _ = peer;
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 2000);

        _dataplane.SendToOutside(packet, _output);

        var (_, _, esp, _) = Assert.Single(_udp.Sent);
        Assert.False(Assert.Single(_udp.DontFragment));
        Assert.True(OuterLength(esp, true) > 1500);
        Assert.Equal(packet, Decrypt(peer, esp));
        var n = sa.Counters.Snapshot();
        Assert.Equal((0L, 0L, 0L), (n.PreFragSuccesses, n.FragmentsCreated, n.PreFragFailures));
    }

    [Fact]
    public void An_mtu_too_small_for_any_fragment_is_a_pre_frag_failure()
    {
        _config = Configure("mtu outside 64\n");
        var (sa, peer) = Install();
        using var _ = peer;
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10", 100), _output);
        Assert.Empty(_udp.Sent);
        Assert.Equal(1, sa.Counters.Snapshot().PreFragFailures);
    }

    [Fact]
    public void A_config_change_is_seen_by_the_next_packet()
    {
        var (_, peer) = Install();
        using var _ = peer;
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 1300);
        _dataplane.SendToOutside(packet, _output);
        Assert.Single(_udp.Sent);
        _config = Configure("mtu outside 1000\n");
        _dataplane.SendToOutside(packet, _output);
        Assert.Equal(3, _udp.Sent.Count);
    }

    [Fact]
    public void Clearing_the_counters_zeroes_every_one_of_them()
    {
        var counters = new SaCounters();
        var fields = typeof(SaCounters).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Where(f => f.FieldType == typeof(long)).ToList();
        Assert.Equal(24, fields.Count);
        foreach (var f in fields) f.SetValue(counters, 7L);
        counters.Reset();
        Assert.All(fields, f => Assert.Equal(0L, f.GetValue(counters)));
    }

    [Fact]
    public void The_rate_limit_opens_a_new_window_each_second()
    {
        var limit = new IcmpRateLimit(2);
        Assert.Equal([true, true, false], new[] { limit.TryTake(1000), limit.TryTake(1500), limit.TryTake(1999) });
        Assert.True(limit.TryTake(2000));
    }

    /// <summary>Keeps the last packet in a fixed buffer: no allocation of its own.</summary>
    private sealed class Sink : AsaEmu.Dataplane.Tun.ITunDevice
    {
        public int Count;
        public string Name => "asaemu0";
        public int Mtu => 1500;
        public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel) => 0;
        public bool Write(ReadOnlySpan<byte> packet) { Count++; return true; }
        public void Dispose() { }
    }

    [Fact]
    public void A_fragmentation_needed_from_the_outside_lowers_the_path_mtu_of_the_sa_it_quotes()
    {
        var (sa, peer) = Install();
        using var _ = peer;
        var other = TestSas.Child(n: 2, remote: "198.19.0.11");
        _dataplane.Install(other);
        var packet = Packets.Ipv4("198.18.1.2", "198.19.0.10", 1300);
        Assert.True(packet.Length <= _dataplane.MaxInnerLength(sa));

        // RFC 1191: a router on the way takes 1200 bytes at most. A report quoting another SPI, or
        // an MTU below 68, teaches this SA nothing.
        var peerAddress = sa.Child.Peer.Address;
        _dataplane.PathMtuReported(new PathMtuReport(peerAddress, 1200, sa.Child.OutboundSpi));
        _dataplane.PathMtuReported(new PathMtuReport(peerAddress, 900, 0xdeadbeef));
        _dataplane.PathMtuReported(new PathMtuReport(peerAddress, 40, sa.Child.OutboundSpi));
        Assert.Equal(2, sa.Counters.Snapshot().PmtusReceived);
        Assert.Equal(1200 - 20 - 8 - 8 - 16 - 12 - 2, _dataplane.MaxInnerLength(sa)); // 1136, whole 16-byte blocks, less 2
        Assert.Equal(1200, sa.PathMtu.Learned);

        _dataplane.SendToOutside(packet, _output);
        Assert.Equal(2, _udp.Sent.Count);
        Assert.All(_udp.Sent, sent => Assert.True(sent.Data.Length + 20 + 8 <= 1200));
        Assert.Equal(1, sa.Counters.Snapshot().PreFragSuccesses);

        // Without an SPI (the ICMP message quoted too little), every SA to that peer takes it.
        var second = _dataplane.Sas.All.Single(s => s.Child.InboundSpi == other.InboundSpi);
        _dataplane.PathMtuReported(new PathMtuReport(peerAddress, 1000, null));
        Assert.Equal((3, 1), (sa.Counters.Snapshot().PmtusReceived, second.Counters.Snapshot().PmtusReceived));
        Assert.Equal(1000, second.PathMtu.Learned);
    }

    [Fact]
    public async Task Fragmenting_and_answering_allocate_nothing_per_packet()
    {
        var tun = new Sink();
        var (endpoints, outside, _) = DiscardEndpoint.Table();
        var config = Configure("");
        await using var dataplane = new EspDataplane(tun, endpoints, null, SystemRandom.Instance) { Config = () => config };
        dataplane.Install(TestSas.Child());
        var large = Packets.Ipv4("198.18.1.2", "198.19.0.10", 3000);
        var tooLarge = WithDf(Packets.Ipv4("198.18.1.2", "198.19.0.10", 1600));
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                dataplane.SendToOutside(large, _output);
                dataplane.SendToOutside(tooLarge, _output);
            }
        }
        Run(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(2000);
        var perPacket = (GC.GetAllocatedBytesForCurrentThread() - before) / 4000.0;
        Assert.True(perPacket < 1, $"{perPacket} bytes allocated per packet");
        Assert.Equal(2200 * 3, outside.Count);
    }
}
