using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Tests.Ike;

public class RepeatedFirstMessagesTests
{
    [Fact]
    public void A_cookie_seen_among_the_last_ones_is_a_repeat_and_the_oldest_are_forgotten()
    {
        var repeats = new RepeatedFirstMessages(capacity: 2);

        Assert.False(repeats.IsRepeat(1));
        Assert.True(repeats.IsRepeat(1));
        Assert.False(repeats.IsRepeat(2));
        Assert.False(repeats.IsRepeat(3)); // 1 is forgotten to make room
        Assert.True(repeats.IsRepeat(3));
        Assert.False(repeats.IsRepeat(1));
    }
}
