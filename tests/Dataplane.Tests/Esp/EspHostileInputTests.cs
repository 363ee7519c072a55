using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;
using AsaEmu.Dataplane.Tests.Forwarding;

namespace AsaEmu.Dataplane.Tests.Esp;

/// <summary>What <see cref="EspDecapsulationFuzzTests"/> found, each kept as a case of its own.</summary>
public sealed class EspHostileInputTests : IAsyncDisposable
{
    private readonly CountingTun _tun = new();
    private readonly EspDataplane _dataplane;

    public EspHostileInputTests() => _dataplane = new EspDataplane(_tun, DiscardEndpoint.Table("203.0.113.1").Endpoints, new FakeRoutes(), SystemRandom.Instance);

    public async ValueTask DisposeAsync() => await _dataplane.DisposeAsync();

    /// <summary>
    /// offset + length overflowed past the bounds check, and the span that followed threw (with AES-128
    /// and HMAC-SHA1, a length of 36 + 16n has a whole number of cipher blocks).
    /// </summary>
    [Theory]
    [InlineData(100, 2_147_483_636)]
    [InlineData(int.MaxValue, 52)]
    [InlineData(int.MaxValue - 20, 68)]
    [InlineData(-1, 64)]
    [InlineData(0, -1)]
    [InlineData(int.MinValue, int.MinValue)]
    public void An_offset_and_length_past_the_buffer_are_malformed_whatever_their_sum(int offset, int length)
    {
        using var sa = new IpsecSa(TestSas.Child());
        Assert.Equal(EspResult.Malformed, EspCodec.Decapsulate(sa.Inbound, null, new byte[128], offset, length, out _));
    }

    /// <summary>
    /// The 402116 text (inner source outside the SA's proxy) was built for every such packet, also
    /// when the syslog was not due; a client (or anyone, on an SA without integrity) could make every
    /// packet allocate it.
    /// </summary>
    [Fact]
    public void A_packet_from_outside_the_sas_policy_is_counted_without_allocating_its_report()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        using var client = new IpsecSa(TestSas.PeerView(child));
        byte[] FromOutsideThePolicy()
        {
            var buffer = new byte[256];
            var length = client.Encapsulate(Packets.Ipv4("203.0.113.9", "198.18.1.2", 40), SystemRandom.Instance, buffer, 0, out _);
            return buffer[..length];
        }
        var (first, second) = (FromOutsideThePolicy(), FromOutsideThePolicy());
        _dataplane.ReceiveFromOutside(first, 0, first.Length); // the first of its kind loads and compiles what it runs

        var before = GC.GetAllocatedBytesForCurrentThread();
        _dataplane.ReceiveFromOutside(second, 0, second.Length);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2, _dataplane.Sas.All.Single().Counters.Snapshot().InvalidIdentity);
        Assert.Equal(0, _tun.Written);
    }
}
