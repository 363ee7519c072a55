using System.Diagnostics;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

public class EventBusTests
{
    private static readonly FakeClock Clock = new(new DateTimeOffset(2026, 9, 5, 3, 14, 0, TimeSpan.Zero));

    private static EventBus Bus(string config = "logging enable\nlogging buffered debugging\n") =>
        new(Clock, () => ConfigLoader.Load(config).Config);

    private static AsaEvent Phase1 => AsaEvent.Ike(1, "PHASE 1 COMPLETED") with
    {
        Group = "EZ", User = "cisco", Peer = "198.51.100.7", Syslog = new SyslogId(713119, 5),
    };

    [Fact]
    public void An_ike_event_renders_as_a_9x_debug_line_and_a_syslog_line()
    {
        var e = Phase1 with { Timestamp = Clock.Now };

        Assert.Equal(["Sep 05 03:14:00 [IKEv1]Group = EZ, Username = cisco, IP = 198.51.100.7, PHASE 1 COMPLETED"], EventFormat.DebugLines(e));
        Assert.Equal("%ASA-5-713119: Group = EZ, Username = cisco, IP = 198.51.100.7, PHASE 1 COMPLETED", EventFormat.SyslogLine(e, timestamp: false));
        Assert.Equal("Sep 05 2026 03:14:00: %ASA-5-713119: Group = EZ, Username = cisco, IP = 198.51.100.7, PHASE 1 COMPLETED",
            EventFormat.SyslogLine(e, timestamp: true));
    }

    [Fact]
    public void Debug_tags_and_ipsec_blocks_follow_the_reference_shapes()
    {
        var debug = AsaEvent.Ike(7, "processing SA payload", DebugTag.Debug) with { Peer = "198.51.100.7", Timestamp = Clock.Now };
        var ipsec = AsaEvent.Ipsec(1, "IPSEC: Completed host OBSA update, SPI 0x1A2B3C4D\n    VPN handle: 0x00004000") with { Timestamp = Clock.Now };

        Assert.Equal(["Sep 05 03:14:00 [IKEv1 DEBUG]IP = 198.51.100.7, processing SA payload"], EventFormat.DebugLines(debug));
        Assert.Equal(["IPSEC: Completed host OBSA update, SPI 0x1A2B3C4D", "    VPN handle: 0x00004000"], EventFormat.DebugLines(ipsec));
    }

    [Fact]
    public void Levels_decide_what_is_enabled()
    {
        var bus = Bus();
        Assert.False(bus.IsEnabled(EventCategory.Isakmp, 1));

        bus.SetDebug(DebugFeature.Ikev1, 127);
        bus.SetDebug(DebugFeature.Ipsec, 1);

        Assert.True(bus.IsEnabled(EventCategory.Isakmp, 127));
        Assert.False(bus.IsEnabled(EventCategory.Isakmp, 254));
        Assert.True(bus.IsEnabled(EventCategory.Ipsec, 1));
        Assert.False(bus.IsEnabled(EventCategory.Ipsec, 2));
        Assert.False(bus.IsEnabled(EventCategory.Cli, 1));
        bus.DebugOff();
        Assert.False(bus.IsEnabled(EventCategory.Isakmp, 1));
    }

    [Fact]
    public void The_buffer_keeps_syslog_messages_at_or_below_its_level_and_stamps_them_with_the_clock()
    {
        var bus = Bus("logging enable\nlogging buffered notifications\n");

        bus.Publish(Phase1);
        bus.Publish(AsaEvent.Log(EventCategory.Cli, new SyslogId(111009, 7), "User 'enable_15' executed cmd: show run"));
        bus.Publish(AsaEvent.Ike(1, "debug only") with { Peer = "198.51.100.7" });

        Assert.Equal(["%ASA-5-713119: Group = EZ, Username = cisco, IP = 198.51.100.7, PHASE 1 COMPLETED"], bus.Buffer.Lines);
        Assert.Equal(1, bus.BufferedCount);
    }

    [Fact]
    public void Nothing_is_buffered_without_logging_enable()
    {
        var bus = Bus("logging buffered debugging\n");
        bus.Publish(Phase1);
        Assert.Empty(bus.Buffer.Lines);
    }

    [Fact]
    public void The_buffer_is_a_ring_of_buffer_size_bytes()
    {
        var bus = Bus("logging enable\nlogging buffered debugging\nlogging buffer-size 4096\n");
        for (var i = 0; i < 500; i++)
            bus.Publish(AsaEvent.Log(EventCategory.Cli, new SyslogId(111008, 5), $"User 'enable_15' executed the 'command {i}' command."));

        var lines = bus.Buffer.Lines;
        Assert.InRange(lines.Sum(l => l.Length + 1), 3500, 4096);
        Assert.EndsWith("'command 499' command.", lines[^1]);
        Assert.Equal(500, bus.BufferedCount);

        bus.ClearBuffer();
        Assert.Empty(bus.Buffer.Lines);
    }

    [Fact]
    public async Task A_slow_subscriber_drops_its_own_events_and_holds_up_neither_publishers_nor_others()
    {
        var bus = Bus();
        bus.SetDebug(DebugFeature.Ikev1, 1);
        using var gate = new SemaphoreSlim(0);
        var slowGot = 0;
        var fastGot = 0;
        using var slow = bus.Subscribe("slow", _ => true, _ => { gate.Wait(); Interlocked.Increment(ref slowGot); }, capacity: 8);
        using var fast = bus.Subscribe("fast", _ => true, _ => Interlocked.Increment(ref fastGot));

        // The slow subscriber is stuck at its gate the whole time: publishing ends all the same (were it
        // to wait for that subscriber, it would never end; the limit only turns such a hang into a failure).
        await Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++) bus.Publish(AsaEvent.Ike(1, $"event {i}") with { Peer = "198.51.100.7" });
        }).WaitAsync(TimeSpan.FromSeconds(60));
        await fast.WaitIdleAsync();

        Assert.Equal(1000, fastGot);
        Assert.Equal(0, fast.Dropped);
        Assert.InRange(slow.Dropped, 1000 - 8 - 1, 1000 - 8);

        gate.Release(1000);
        await slow.WaitIdleAsync();
        Assert.Equal(1000 - slow.Dropped, slowGot);
    }

    [Fact]
    public async Task Publishers_on_many_threads_reach_every_subscriber_in_full()
    {
        var bus = Bus();
        bus.SetDebug(DebugFeature.Ipsec, 1);
        var got = 0;
        using var s = bus.Subscribe("count", _ => true, _ => Interlocked.Increment(ref got), capacity: 10000);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++) bus.Publish(AsaEvent.Ipsec(1, $"IPSEC: {t} {i}"));
        })));
        await s.WaitIdleAsync();

        Assert.Equal(4000, got);
    }

    [Fact]
    public async Task An_unsubscribed_subscriber_gets_nothing_more()
    {
        var bus = Bus();
        bus.SetDebug(DebugFeature.Ikev1, 1);
        var got = 0;
        var s = bus.Subscribe("x", _ => true, _ => Interlocked.Increment(ref got));
        bus.Publish(AsaEvent.Ike(1, "one"));
        await s.WaitIdleAsync();
        s.Dispose();
        bus.Publish(AsaEvent.Ike(1, "two"));
        await s.Pump;

        Assert.Equal(1, got);
        Assert.Empty(bus.Subscribers);
    }

    [Fact]
    public void The_collecting_sink_keeps_events_for_engines_that_return_them()
    {
        var sink = new CollectingEventSink();
        sink.Publish(Phase1);
        Assert.True(sink.IsEnabled(EventCategory.Isakmp, 255));
        Assert.Single(sink.Drain());
        Assert.Empty(sink.Events);
        Assert.False(NullEventSink.Instance.IsEnabled(EventCategory.Isakmp, 1));
    }

    [Fact]
    public void A_config_line_reference_travels_with_the_event()
    {
        var e = Phase1 with { ConfigRefs = [new SourceRef(12, "tunnel-group EZ type remote-access")] };
        Assert.Equal("line 12: tunnel-group EZ type remote-access", e.ConfigRefs[0].ToString());
    }

    [Fact]
    public void Logging_debug_trace_copies_debug_lines_into_the_buffer_as_711001()
    {
        var bus = Bus("logging enable\nlogging buffered debugging\nlogging debug-trace\n");
        bus.SetDebug(DebugFeature.Ikev1, 127);

        bus.Publish(AsaEvent.Ike(9, "processing SA payload", DebugTag.Debug) with { Peer = "198.51.100.7" });

        Assert.Equal(["%ASA-7-711001: Sep 05 03:14:00 [IKEv1 DEBUG]IP = 198.51.100.7, processing SA payload"], bus.Buffer.Lines);
        Assert.True(bus.Logging.DebugTrace);
    }
}
