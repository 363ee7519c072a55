using System.Net;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Tests.Ike;

public class RepeatedFirstMessagesTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.18.0.2"), 500);

    [Fact]
    public void A_datagram_seen_among_the_last_ones_is_a_repeat_and_the_oldest_are_forgotten()
    {
        var repeats = new RepeatedFirstMessages(capacity: 2);

        Assert.False(repeats.IsRepeat(Peer, [1]));
        Assert.True(repeats.IsRepeat(Peer, [1]));
        Assert.False(repeats.IsRepeat(Peer, [2]));
        Assert.False(repeats.IsRepeat(Peer, [3])); // [1] is forgotten to make room
        Assert.True(repeats.IsRepeat(Peer, [3]));
        Assert.False(repeats.IsRepeat(Peer, [1]));
    }

    [Fact]
    public void Only_the_same_bytes_from_the_same_address_and_port_repeat()
    {
        var repeats = new RepeatedFirstMessages();
        byte[] am1 = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4];
        Assert.False(repeats.IsRepeat(Peer, am1));

        // The same cookie with other bytes, or the same bytes from another port or address, is no repeat.
        var other = (byte[])am1.Clone();
        other[^1] ^= 1;
        Assert.False(repeats.IsRepeat(Peer, other));
        Assert.False(repeats.IsRepeat(new IPEndPoint(Peer.Address, 4500), am1));
        Assert.False(repeats.IsRepeat(new IPEndPoint(IPAddress.Parse("198.18.0.3"), 500), am1));

        Assert.True(repeats.IsRepeat(Peer, am1));
    }
}
