using AsaEmu.Crypto.Events;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Tests;

public class DebugAndLoggingTests
{
    private static AsaEvent Phase1 => AsaEvent.Ike(1, "PHASE 1 COMPLETED") with
    {
        Group = "EZ", Peer = "198.51.100.7", Syslog = new SyslogId(713119, 5),
    };

    [Fact]
    public async Task Debug_commands_print_nothing_and_show_debug_lists_what_is_on()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;

        Assert.Equal("", await ShowHarness.Run(m, t, "show debug"));
        Assert.Equal("", await ShowHarness.Run(m, t, "debug crypto isakmp"));
        Assert.Equal("debug crypto ikev1 enabled at level 1\r\n", await ShowHarness.Run(m, t, "show debug"));
        Assert.Equal("", await ShowHarness.Run(m, t, "debug crypto ikev1 127"));
        Assert.Equal("", await ShowHarness.Run(m, t, "deb cry ipsec 127"));
        Assert.Equal("debug crypto ikev1 enabled at level 127\r\ndebug crypto ipsec enabled at level 127\r\n", await ShowHarness.Run(m, t, "show debug"));
        Assert.Equal("", await ShowHarness.Run(m, t, "no debug crypto isakmp"));
        Assert.Equal("debug crypto ipsec enabled at level 127\r\n", await ShowHarness.Run(m, t, "show debug"));
        Assert.Equal("", await ShowHarness.Run(m, t, "undebug all"));
        Assert.Equal("", await ShowHarness.Run(m, t, "show debug"));
        await ShowHarness.Run(m, t, "debug crypto ipsec 5");
        Assert.Equal("", await ShowHarness.Run(m, t, "no debug all"));
        Assert.Equal(0, h.Appliance.Events.DebugLevel(DebugFeature.Ipsec));
        Assert.Equal("", await ShowHarness.Run(m, t, "undebug crypto ikev1"));
    }

    [Fact]
    public async Task A_debug_level_out_of_range_is_refused_with_the_caret()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;

        Assert.Equal(new string(' ', "asa1# debug crypto ikev1 ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n",
            await ShowHarness.Run(m, t, "debug crypto ikev1 256"));
    }

    [Fact]
    public async Task Debug_works_in_config_mode_too()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        await ShowHarness.Run(m, t, "configure terminal");

        Assert.Equal("", await ShowHarness.Run(m, t, "debug crypto ikev1 10"));
        Assert.Equal("debug crypto ikev1 enabled at level 10\r\n", await ShowHarness.Run(m, t, "show debug"));
    }

    [Fact]
    public async Task The_console_shows_debug_output_a_vty_only_after_terminal_monitor()
    {
        using var h = new ShowHarness();
        var (console, consoleOut) = await h.Open();
        var (vty, vtyOut) = await h.Open(console: false, origin: "198.51.100.20");
        using var _ = console;
        using var __ = vty;
        await ShowHarness.Run(console, consoleOut, "debug crypto ikev1 127");
        var consoleBefore = consoleOut.Output.Length;
        var vtyBefore = vtyOut.Output.Length;

        h.Appliance.Events.Publish(Phase1);
        await console.WaitIdleAsync();
        await vty.WaitIdleAsync();

        const string line = "Nov 02 09:30:00 [IKEv1]Group = EZ, IP = 198.51.100.7, PHASE 1 COMPLETED\r\n";
        Assert.Equal(line, consoleOut.Output[consoleBefore..]);
        Assert.Equal("", vtyOut.Output[vtyBefore..]);

        await ShowHarness.Run(vty, vtyOut, "terminal monitor");
        h.Appliance.Events.Publish(Phase1);
        await vty.WaitIdleAsync();
        Assert.EndsWith(line, vtyOut.Output);

        await ShowHarness.Run(vty, vtyOut, "terminal no monitor");
        vtyBefore = vtyOut.Output.Length;
        h.Appliance.Events.Publish(Phase1);
        await vty.WaitIdleAsync();
        Assert.Equal("", vtyOut.Output[vtyBefore..]);
    }

    [Fact]
    public async Task Events_below_the_debug_level_are_not_shown()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        await ShowHarness.Run(m, t, "debug crypto ikev1 5");
        var before = t.Output.Length;

        h.Appliance.Events.Publish(AsaEvent.Ike(7, "processing SA payload", DebugTag.Debug) with { Peer = "198.51.100.7" });
        h.Appliance.Events.Publish(AsaEvent.Ike(3, "IKE_DECODE RECEIVED Message (msgid=0)") with { Peer = "198.51.100.7" });
        await m.WaitIdleAsync();

        Assert.Equal("Nov 02 09:30:00 [IKEv1]IP = 198.51.100.7, IKE_DECODE RECEIVED Message (msgid=0)\r\n", t.Output[before..]);
    }

    [Fact]
    public async Task Logging_monitor_sends_syslog_lines_to_a_monitoring_vty()
    {
        using var h = new ShowHarness(ShowHarness.Config + "logging monitor notifications\n");
        var (vty, vtyOut) = await h.Open(console: false, origin: "198.51.100.20");
        using var _ = vty;
        await ShowHarness.Run(vty, vtyOut, "terminal monitor");
        Assert.EndsWith("%ASA-5-111008: User 'enable_15' executed the 'terminal monitor' command.\r\n", vtyOut.Output);
        var before = vtyOut.Output.Length;

        h.Appliance.Events.Publish(Phase1);
        await vty.WaitIdleAsync();

        Assert.Equal("Nov 02 2026 09:30:00: %ASA-5-713119: Group = EZ, IP = 198.51.100.7, PHASE 1 COMPLETED\r\n", vtyOut.Output[before..]);
    }

    [Fact]
    public async Task Show_logging_prints_the_settings_then_the_buffer()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        await ShowHarness.Run(m, t, "clear logging buffer");
        h.Appliance.Events.Publish(Phase1);
        var count = h.Appliance.Events.BufferedCount;

        var output = await ShowHarness.Run(m, t, "show logging");

        Assert.Equal(
            "Syslog logging: enabled\r\n" +
            "    Facility: 20\r\n" +
            "    Timestamp logging: enabled\r\n" +
            "    Standby logging: disabled\r\n" +
            "    Debug-trace logging: disabled\r\n" +
            "    Console logging: disabled\r\n" +
            "    Monitor logging: disabled\r\n" +
            $"    Buffer logging: level debugging, {count} messages logged\r\n" +
            "    Trap logging: disabled\r\n" +
            "    Permit-hostdown logging: disabled\r\n" +
            "    History logging: disabled\r\n" +
            "    Device ID: disabled\r\n" +
            "    Mail logging: disabled\r\n" +
            "    ASDM logging: disabled\r\n" +
            "Nov 02 2026 09:30:00: %ASA-5-111008: User 'enable_15' executed the 'clear logging buffer' command.\r\n" +
            "Nov 02 2026 09:30:00: %ASA-5-713119: Group = EZ, IP = 198.51.100.7, PHASE 1 COMPLETED\r\n",
            output);
    }

    [Fact]
    public async Task Show_logging_reads_levels_facility_and_timestamp_from_the_config()
    {
        using var h = new ShowHarness("logging enable\nlogging buffered 4\nlogging trap informational\nlogging asdm errors\nlogging facility 16\n");
        var output = await h.Show("show logging");

        Assert.StartsWith("Syslog logging: enabled\r\n    Facility: 16\r\n    Timestamp logging: disabled\r\n", output);
        Assert.Contains("    Buffer logging: level warnings, 0 messages logged\r\n", output);
        Assert.Contains("    Trap logging: level informational, facility 16, ", output);
        Assert.Contains("    ASDM logging: level errors, 0 messages logged\r\n", output);
    }

    [Fact]
    public async Task Commands_config_mode_and_saves_are_logged_with_the_catalogue_wording()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        await ShowHarness.Run(m, t, "clear logging buffer");
        foreach (var command in new[] { "configure terminal", "hostname edge", "end", "show clock", "write memory" })
            await ShowHarness.Run(m, t, command);

        var lines = h.Appliance.Events.Buffer.Lines.Select(l => l["Nov 02 2026 09:30:00: ".Length..]).ToList();

        Assert.Equal(
        [
            "%ASA-5-111008: User 'enable_15' executed the 'clear logging buffer' command.",
            "%ASA-5-111008: User 'enable_15' executed the 'configure terminal' command.",
            "%ASA-5-111007: Begin configuration: console reading from terminal",
            "%ASA-5-111008: User 'enable_15' executed the 'hostname edge' command.",
            "%ASA-5-111008: User 'enable_15' executed the 'end' command.",
            "%ASA-5-111005: console end configuration: OK",
            "%ASA-7-111009: User 'enable_15' executed cmd: show clock",
            "%ASA-5-111001: Begin configuration: console writing to memory",
            "%ASA-5-111004: console end configuration: OK",
            "%ASA-5-111008: User 'enable_15' executed the 'write memory' command.",
        ], lines);
    }

    [Fact]
    public async Task A_vty_session_names_its_client_in_the_save_messages()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open(console: false, origin: "198.51.100.20");
        using var _ = m;
        await ShowHarness.Run(m, t, "write memory");

        Assert.Contains(h.Appliance.Events.Buffer.Lines, l => l.EndsWith("%ASA-5-111001: Begin configuration: 198.51.100.20 writing to memory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enable_logs_the_privilege_change()
    {
        using var h = new ShowHarness();
        var (m, _) = await h.Open();
        using var __ = m;

        Assert.Contains(h.Appliance.Events.Buffer.Lines, l => l.EndsWith("%ASA-5-502103: User priv level changed: Uname: enable_15 From: 1 To: 15", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clear_logging_buffer_empties_it()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        h.Appliance.Events.Publish(Phase1);
        await ShowHarness.Run(m, t, "clear logging buffer");

        Assert.Single(h.Appliance.Events.Buffer.Lines);
    }

    [Fact]
    public async Task Clear_logging_buffer_in_config_mode_does_not_become_config()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        await ShowHarness.Run(m, t, "configure terminal");
        var checksum = AsaEmu.ConfigModel.Rendering.RunningConfigRenderer.Checksum(h.Appliance.Config);

        Assert.Equal("", await ShowHarness.Run(m, t, "clear logging buffer"));
        Assert.Equal(checksum, AsaEmu.ConfigModel.Rendering.RunningConfigRenderer.Checksum(h.Appliance.Config));
    }

    [Fact]
    public async Task Show_history_lists_the_lines_typed_in_this_session()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open();
        using var _ = m;
        await ShowHarness.Run(m, t, "show clock");
        await ShowHarness.Run(m, t, "sh ver");

        Assert.Equal("  enable\r\n  show clock\r\n  sh ver\r\n  show history\r\n", await ShowHarness.Run(m, t, "show history"));
    }

    [Fact]
    public async Task Show_terminal_reports_the_monitor_setting()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open(console: false, origin: "198.51.100.20");
        using var _ = m;

        Assert.Equal("\r\nWidth = 80, no monitor\r\nterminal interactive\r\n", await ShowHarness.Run(m, t, "show terminal"));
        await ShowHarness.Run(m, t, "terminal monitor");
        await ShowHarness.Run(m, t, "terminal width 511");
        Assert.Equal("\r\nWidth = 511, monitor\r\nterminal interactive\r\n", await ShowHarness.Run(m, t, "show terminal"));
    }

    [Fact]
    public async Task Terminal_commands_typed_in_config_mode_set_the_session_and_stay_out_of_the_config()
    {
        using var h = new ShowHarness();
        var (m, t) = await h.Open(console: false, origin: "198.51.100.20");
        using var _ = m;
        await ShowHarness.Run(m, t, "configure terminal");
        foreach (var command in new[] { "terminal width 511", "terminal monitor", "terminal pager 0" })
            Assert.Equal("", await ShowHarness.Run(m, t, command));

        Assert.Equal("\r\nWidth = 511, monitor\r\nterminal interactive\r\n", await ShowHarness.Run(m, t, "show terminal"));
        Assert.Equal("no pager\r\n", await ShowHarness.Run(m, t, "show pager"));
        Assert.Equal("", await ShowHarness.Run(m, t, "show running-config terminal"));

        // Typed wrong, they get EXEC's error (RANCID's "terminal length 0" among them) and nothing is kept.
        foreach (var command in new[] { "terminal length 0", "terminal pager abc", "terminal width 10" })
            Assert.EndsWith("^\r\nERROR: % Invalid input detected at '^' marker.\r\n", await ShowHarness.Run(m, t, command));
        Assert.Equal("", await ShowHarness.Run(m, t, "show running-config terminal"));
        Assert.Equal("\r\nWidth = 511, monitor\r\nterminal interactive\r\n", await ShowHarness.Run(m, t, "show terminal"));
    }

    [Fact]
    public async Task A_session_made_elsewhere_can_be_attached_to_the_bus()
    {
        using var h = new ShowHarness();
        var terminal = new AsaEmu.Shell.Tests.Fakes.FakeTerminal { Echo = false };
        var session = new AsaEmu.Shell.Sessions.CliSession(h.Appliance, terminal);
        using var monitor = SessionMonitor.Attach(session, console: true);
        h.Appliance.Events.SetDebug(DebugFeature.Ikev1, 1);

        h.Appliance.Events.Publish(Phase1);
        await monitor.WaitIdleAsync();

        Assert.Equal("Nov 02 09:30:00 [IKEv1]Group = EZ, IP = 198.51.100.7, PHASE 1 COMPLETED\r\n", terminal.Output);
        Assert.Same(session, monitor.Session);
    }
}
