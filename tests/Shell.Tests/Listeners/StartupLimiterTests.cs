using System.Net;
using AsaEmu.Shell.Listeners;

namespace AsaEmu.Shell.Tests.Listeners;

/// <summary>MaxStartups start:rate:full and the per-source cap, with the random draw chosen by the test.</summary>
public sealed class StartupLimiterTests
{
    private static readonly IPAddress A = IPAddress.Parse("198.51.100.1");

    private static IPAddress Source(int i) => new([203, 0, 113, (byte)i]);

    [Fact]
    public void One_source_gets_no_more_than_its_share_and_others_are_not_affected()
    {
        var limiter = new StartupLimiter(new StartupLimits(10, 30, 100, 3), _ => throw new InvalidOperationException("no draw below start"));

        var admitted = Enumerable.Range(0, 3).Select(i => limiter.TryAdmit(A, out _)).ToList();
        var refused = limiter.TryAdmit(A, out var why);
        var other = limiter.TryAdmit(Source(1), out _);

        Assert.All(admitted, Assert.NotNull);
        Assert.Null(refused);
        Assert.Equal("3 connections from this source not logged in", why);
        Assert.NotNull(other);
        Assert.Equal(4, limiter.Count);
    }

    [Fact]
    public void An_ipv4_mapped_address_counts_as_the_ipv4_source()
    {
        var limiter = new StartupLimiter(new StartupLimits(10, 30, 100, 1));
        Assert.NotNull(limiter.TryAdmit(A, out _));

        Assert.Null(limiter.TryAdmit(A.MapToIPv6(), out _));
    }

    [Fact]
    public void Past_start_the_drop_chance_rises_from_rate_to_all_at_full()
    {
        // start 2, rate 30, full 6: at 2 open 30% are refused, at 3 47%, at 4 65%, at 5 82%, at 6 all.
        var draws = new Queue<int>();
        var limiter = new StartupLimiter(new StartupLimits(2, 30, 6, 100), below =>
        {
            Assert.Equal(100, below);
            return draws.Dequeue();
        });
        Assert.NotNull(limiter.TryAdmit(Source(1), out _));
        Assert.NotNull(limiter.TryAdmit(Source(2), out _));

        foreach (var (open, percent) in new[] { (2, 30), (3, 47), (4, 65), (5, 82) })
        {
            draws.Enqueue(percent - 1);
            Assert.Null(limiter.TryAdmit(Source(10 + open), out var why));
            Assert.Equal($"{open} connections not logged in, random early drop", why);
            draws.Enqueue(percent);
            Assert.NotNull(limiter.TryAdmit(Source(20 + open), out _));
        }
        Assert.Equal(6, limiter.Count);
        Assert.Null(limiter.TryAdmit(Source(99), out var full));
        Assert.Equal("6 connections not logged in", full);
        Assert.Empty(draws);
    }

    [Fact]
    public void A_place_given_back_twice_counts_once()
    {
        var limiter = new StartupLimiter(new StartupLimits(1, 100, 1, 1));
        var first = limiter.TryAdmit(A, out _)!;
        var second = limiter.TryAdmit(Source(1), out _);
        Assert.Null(second);

        first.Dispose();
        first.Dispose();

        Assert.Equal(0, limiter.Count);
        Assert.NotNull(limiter.TryAdmit(A, out _));
        Assert.Null(limiter.TryAdmit(Source(1), out _));
    }

    [Fact]
    public void Limits_that_make_no_sense_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StartupLimits(0, 30, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StartupLimits(10, 101, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StartupLimits(10, 30, 9, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StartupLimits(10, 30, 100, 0));
    }
}
