using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

/// <summary>
/// An SA without integrity (<c>esp-none</c>): nothing authenticates the sequence number, so the receiver
/// does no anti-replay (RFC 4303 §3.4.3) and <c>#pkts verify</c> counts nothing.
/// </summary>
public sealed class NullIntegrityTests
{
    private static byte[] Encapsulate(IpsecSa sender, uint count = 1)
    {
        var buffer = new byte[200];
        var length = 0;
        for (var i = 0; i < count; i++) length = sender.Encapsulate(new byte[40], SystemRandom.Instance, buffer, 0, out _);
        return buffer[..length];
    }

    [Fact]
    public void Replayed_and_old_packets_are_delivered_verify_stays_zero_and_the_window_stays_unused()
    {
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAes, 256, null));
        using var ours = new IpsecSa(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var first = Encapsulate(peer);
        var later = Encapsulate(peer, 100);

        Assert.False(ours.ReplayDetection);
        foreach (var packet in new[] { later, first, (byte[])first.Clone(), (byte[])later.Clone() })
            Assert.Equal(EspResult.Ok, ours.Decapsulate(packet, 0, packet.Length, out _));

        var counters = ours.Counters.Snapshot();
        Assert.Equal((4L, 4L, 0L), (counters.Decaps, counters.Decrypt, counters.Verify));
        Assert.Equal((0L, 0L), (counters.ReplayFailed, counters.RecvErrors));
        Assert.Equal((0u, 0UL), (ours.Replay.Highest, ours.Replay.Bitmap));
    }

    [Fact]
    public void With_integrity_the_same_replay_is_refused_and_verified_packets_are_counted()
    {
        var child = TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAes, 256, EspKeySizes.HmacSha1));
        using var ours = new IpsecSa(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var first = Encapsulate(peer);

        Assert.True(ours.ReplayDetection);
        Assert.Equal(EspResult.Ok, ours.Decapsulate((byte[])first.Clone(), 0, first.Length, out _));
        Assert.Equal(EspResult.Replay, ours.Decapsulate(first, 0, first.Length, out _));

        var counters = ours.Counters.Snapshot();
        Assert.Equal((1L, 1L, 1L), (counters.Decaps, counters.Verify, counters.ReplayFailed));
    }
}
