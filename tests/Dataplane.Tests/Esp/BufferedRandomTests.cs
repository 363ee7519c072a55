using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

public class BufferedRandomTests
{
    private sealed class CountingRandom : IRandom
    {
        public int Calls;
        private byte _next;
        public void Fill(Span<byte> destination)
        {
            Calls++;
            for (var i = 0; i < destination.Length; i++) destination[i] = _next++;
        }
    }

    [Fact]
    public void Hands_out_the_source_bytes_in_order_once_each_with_one_call_per_block()
    {
        var source = new CountingRandom();
        var random = new BufferedRandom(source);
        var iv = new byte[16];
        var seen = new List<byte>();
        for (var i = 0; i < BufferedRandom.BlockSize / 16 + 1; i++)
        {
            random.Fill(iv);
            seen.AddRange(iv);
        }
        Assert.Equal(2, source.Calls);
        Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => (byte)i), seen);
    }

    [Fact]
    public void Large_requests_go_straight_to_the_source()
    {
        var source = new CountingRandom();
        new BufferedRandom(source).Fill(new byte[BufferedRandom.BlockSize]);
        Assert.Equal(1, source.Calls);
    }
}
