using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// What the engine costs when nobody reads: debug text is built only for the levels the driver says
/// are shown (syslog messages always); and time: every output says when the engine next wants a
/// tick, and a tick before then does nothing.
/// </summary>
public class EngineScheduleAndDebugTests
{
    private static readonly DateTimeOffset Up = AggressiveModeExchangeTests.Now;

    [Fact]
    public void With_debug_off_a_session_raises_its_syslog_messages_and_no_debug_line()
    {
        var all = AggressiveModeExchangeTests.Session(IkeDebugLevels.All, out _);
        var off = AggressiveModeExchangeTests.Session(IkeDebugLevels.Off, out var engine);

        Assert.Equal(all.Where(e => e.Syslog is not null).Select(e => e.Text), off.Select(e => e.Text));
        Assert.Single(engine.Sas, sa => sa.Established);
    }

    [Fact]
    public void At_a_level_only_the_lines_of_that_level_and_below_are_built()
    {
        var notice = AggressiveModeExchangeTests.Session(new IkeDebugLevels(IkeLog.Notice, 0), out _);

        Assert.Contains(notice, e => e.Text.StartsWith("IKE_DECODE RECEIVED", StringComparison.Ordinal));
        Assert.DoesNotContain(notice, e => e.Category == EventCategory.Isakmp && e.Syslog is null && e.Level > IkeLog.Notice);
        Assert.DoesNotContain(notice, e => e.Category == EventCategory.Ipsec && e.Syslog is null);
    }

    /// <summary>A sink that shows each category up to a level, as the event bus does after <c>debug crypto ikev1 N</c>.</summary>
    private sealed class LevelSink(int isakmp, int ipsec) : IEventSink
    {
        public bool IsEnabled(EventCategory category, int level) =>
            level <= (category == EventCategory.Isakmp ? isakmp : category == EventCategory.Ipsec ? ipsec : 0);
        public void Publish(AsaEvent e) { }
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1, 0, IkeLog.Milestone, 0)]
    [InlineData(7, 1, IkeLog.Notice, IpsecDebug.Level)]
    [InlineData(127, 127, IkeLog.Chatter, IpsecDebug.Level)]
    public void The_driver_tells_the_engine_the_levels_its_sink_shows(int isakmp, int ipsec, int engineIsakmp, int engineIpsec)
    {
        var levels = IkeDebugLevels.From(new LevelSink(isakmp, ipsec));

        Assert.Equal(new IkeDebugLevels(engineIsakmp, engineIpsec), levels);
        Assert.Equal(IkeDebugLevels.Off, IkeDebugLevels.From(NullEventSink.Instance));
    }

    [Fact]
    public void An_established_session_is_next_due_at_its_dpd_threshold_and_a_tick_before_then_does_nothing()
    {
        var engine = AggressiveModeExchangeTests.SessionEngine();
        var config = AggressiveModeExchangeTests.Load();

        // NAT-T keepalive at 20 s comes first (crypto isakmp nat-traversal 20), then DPD at 300 s.
        var quiet = engine.Tick(config, Up.AddSeconds(1));
        Assert.Empty(quiet.Datagrams);
        Assert.Equal(Up.AddSeconds(20), quiet.NextDeadline);
        var keepalive = engine.Tick(config, Up.AddSeconds(20));
        Assert.Single(keepalive.NatKeepalives);
        Assert.Equal(Up.AddSeconds(40), keepalive.NextDeadline);
    }

    [Fact]
    public void A_negotiation_left_half_done_is_due_at_its_timeout()
    {
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco",
            new System.Net.IPEndPoint(System.Net.IPAddress.Parse("198.18.0.2"), 500), new System.Net.IPEndPoint(System.Net.IPAddress.Parse("198.18.0.1"), 500));
        var am2 = engine.Receive(client.Am1(), AggressiveModeExchangeTests.Load(), Up);

        Assert.Equal(Up + IkeEngine.NegotiationTimeout, am2.NextDeadline);
        Assert.Single(engine.Sas);
        var timeout = engine.Tick(AggressiveModeExchangeTests.Load(), Up + IkeEngine.NegotiationTimeout);
        Assert.Empty(engine.Sas);
        Assert.Null(timeout.NextDeadline);
    }
}
