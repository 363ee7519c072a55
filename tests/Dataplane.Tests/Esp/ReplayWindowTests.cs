using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

public class ReplayWindowTests
{
    [Fact]
    public void Sequence_zero_is_never_valid() => Assert.False(new ReplayWindow().Check(0));

    [Fact]
    public void Duplicates_are_refused_and_out_of_order_inside_the_window_accepted()
    {
        var window = new ReplayWindow();
        Assert.True(window.Update(1));
        Assert.True(window.Update(3));
        Assert.False(window.Update(3));
        Assert.False(window.Check(1));
        Assert.True(window.Update(2));
        Assert.False(window.Update(2));
        Assert.Equal(3u, window.Highest);
        Assert.Equal(0b111UL, window.Bitmap);
        Assert.Equal("0x00000000 0x00000007", window.BitmapText);
    }

    [Fact]
    public void The_window_slides_and_forgets_what_falls_off_its_left_edge()
    {
        var window = new ReplayWindow();
        window.Update(10);
        window.Update(73); // 10 is now 63 behind: the last bit of the window
        Assert.Equal((1UL << 63) | 1UL, window.Bitmap);
        Assert.Equal("0x80000000 0x00000001", window.BitmapText);
        Assert.False(window.Check(10));
        Assert.False(window.Check(9)); // 64 behind: too old
        Assert.True(window.Check(11));
        window.Update(74);
        Assert.Equal(0b11UL, window.Bitmap); // 10 fell off
        window.Update(1000); // a jump larger than the window clears it
        Assert.Equal(1UL, window.Bitmap);
        Assert.False(window.Check(936));
        Assert.True(window.Check(937));
    }

    [Fact]
    public void Near_the_end_of_the_32_bit_space_the_window_works_and_never_wraps()
    {
        var window = new ReplayWindow();
        Assert.True(window.Update(uint.MaxValue - 70));
        Assert.True(window.Update(uint.MaxValue - 1));
        Assert.True(window.Update(uint.MaxValue));
        Assert.False(window.Update(uint.MaxValue));
        Assert.False(window.Check(uint.MaxValue - 70)); // 70 behind
        Assert.True(window.Update(uint.MaxValue - 63));
        Assert.False(window.Check(uint.MaxValue - 64));
        // Without extended sequence numbers the counter does not cycle: 0 and small numbers are old.
        Assert.False(window.Check(0));
        Assert.False(window.Check(1));
        Assert.Equal(uint.MaxValue, window.Highest);
        Assert.Equal((1UL << 63) | 0b11UL, window.Bitmap);
    }

    [Fact]
    public void Matches_a_model_on_random_traffic()
    {
        var random = new Random(42);
        var window = new ReplayWindow();
        var seen = new HashSet<uint>();
        uint highest = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var sequence = (uint)Math.Max(1, (long)highest + random.Next(-80, 10));
            var expected = !seen.Contains(sequence) && (sequence > highest || highest - sequence < 64);
            Assert.Equal(expected, window.Update(sequence));
            if (expected) { seen.Add(sequence); highest = Math.Max(highest, sequence); }
        }
    }
}
