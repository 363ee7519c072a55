using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show logging</c> (reference §3.9): the settings block from the running config, with the
/// number of messages each destination got, then the logging buffer, oldest line first.
/// </summary>
public static class ShowLogging
{
    public const int DefaultFacility = 20;

    public static IEnumerable<string> Lines(AsaConfig config, EventBus bus)
    {
        var s = LoggingSettings.From(config);
        var facility = Facility(config);
        yield return $"Syslog logging: {(s.Enabled ? "enabled" : "disabled")}";
        yield return $"    Facility: {facility}";
        yield return $"    Timestamp logging: {(s.Timestamp ? "enabled" : "disabled")}";
        yield return "    Standby logging: disabled";
        yield return $"    Debug-trace logging: {(s.DebugTrace ? "enabled" : "disabled")}";
        yield return $"    Console logging: {Destination(s.Console, bus.ConsoleCount)}";
        yield return $"    Monitor logging: {Destination(s.Monitor, bus.MonitorCount)}";
        yield return $"    Buffer logging: {Destination(s.Buffered, bus.BufferedCount)}";
        yield return $"    Trap logging: {(s.Trap is { } t ? $"level {LoggingSettings.LevelName(t)}, facility {facility}, {bus.TrapCount} messages logged" : "disabled")}";
        yield return "    Permit-hostdown logging: disabled";
        yield return $"    History logging: {(s.History is { } h ? $"level {LoggingSettings.LevelName(h)}" : "disabled")}";
        yield return "    Device ID: disabled";
        yield return $"    Mail logging: {(s.Mail is { } m ? $"level {LoggingSettings.LevelName(m)}" : "disabled")}";
        yield return $"    ASDM logging: {Destination(s.Asdm, bus.AsdmCount)}";
        foreach (var line in bus.Buffer.Lines) yield return line;
    }

    private static string Destination(int? level, long count) =>
        level is { } l ? $"level {LoggingSettings.LevelName(l)}, {count} messages logged" : "disabled";

    /// <summary><c>logging facility N</c> (kept as a verbatim line), else 20.</summary>
    public static int Facility(AsaConfig config)
    {
        foreach (var block in config.All<VerbatimBlock>())
        {
            var words = block.Head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["logging", "facility", var n] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var f))
                return f;
        }
        return DefaultFacility;
    }
}
