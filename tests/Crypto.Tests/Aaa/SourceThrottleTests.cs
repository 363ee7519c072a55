using System.Net;
using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Crypto.Tests.Aaa;

/// <summary>Per-source throttling of failed logins: a few free failures, then blocks that double, forgotten after a quiet spell.</summary>
public class SourceThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.66");

    [Fact]
    public void Five_failures_are_free_then_the_source_is_blocked_for_30_s_doubling_up_to_10_minutes()
    {
        var throttle = new SourceThrottle();
        for (var i = 0; i < 5; i++) Assert.False(throttle.Failed(Attacker, T0));
        Assert.False(throttle.IsBlocked(Attacker, T0));

        Assert.True(throttle.Failed(Attacker, T0));
        Assert.True(throttle.IsBlocked(Attacker, T0.AddSeconds(29)));
        Assert.False(throttle.IsBlocked(Attacker, T0.AddSeconds(30)));

        var now = T0.AddSeconds(30);
        foreach (var block in new[] { 60, 120, 240, 480, 600, 600 })
        {
            Assert.True(throttle.Failed(Attacker, now));
            Assert.True(throttle.IsBlocked(Attacker, now.AddSeconds(block - 1)));
            Assert.False(throttle.IsBlocked(Attacker, now.AddSeconds(block)));
            now = now.AddSeconds(block);
        }
        Assert.False(throttle.IsBlocked(IPAddress.Parse("203.0.113.67"), now));
    }

    [Fact]
    public void A_source_quiet_for_15_minutes_after_its_block_starts_afresh()
    {
        var throttle = new SourceThrottle();
        for (var i = 0; i < 6; i++) throttle.Failed(Attacker, T0);

        var later = T0.AddMinutes(15).AddSeconds(1);
        for (var i = 0; i < 5; i++) Assert.False(throttle.Failed(Attacker, later));
        Assert.True(throttle.Failed(Attacker, later));
    }

    [Fact]
    public void An_ipv6_source_is_counted_per_64_and_a_mapped_ipv4_as_itself()
    {
        var throttle = new SourceThrottle(new SourceThrottlePolicy { FreeFailures = 1 });
        throttle.Failed(IPAddress.Parse("2001:db8:1:2::1"), T0);
        throttle.Failed(IPAddress.Parse("2001:db8:1:2:ffff::9"), T0);
        Assert.True(throttle.IsBlocked(IPAddress.Parse("2001:db8:1:2::77"), T0));
        Assert.False(throttle.IsBlocked(IPAddress.Parse("2001:db8:1:3::1"), T0));

        throttle.Failed(IPAddress.Parse("::ffff:192.0.2.9"), T0);
        throttle.Failed(IPAddress.Parse("192.0.2.9"), T0);
        Assert.True(throttle.IsBlocked(IPAddress.Parse("192.0.2.9"), T0));
    }

    [Fact]
    public void The_sources_remembered_are_bounded_and_the_stalest_goes_first()
    {
        var throttle = new SourceThrottle(new SourceThrottlePolicy { FreeFailures = 0, MaxSources = 100 });
        for (var i = 0; i < 1000; i++) throttle.Failed(new IPAddress([10, 0, (byte)(i >> 8), (byte)i]), T0.AddSeconds(i));

        Assert.Equal(100, throttle.Count);
        Assert.True(throttle.IsBlocked(new IPAddress([10, 0, 3, 231]), T0.AddSeconds(999)));
        Assert.False(throttle.IsBlocked(new IPAddress([10, 0, 0, 0]), T0.AddSeconds(999)));
    }
}
