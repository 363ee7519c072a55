using System.Globalization;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Events;

/// <summary>
/// The <c>logging ...</c> lines of a config snapshot, read once per snapshot: whether logging is
/// on, whether lines carry a timestamp, and the level (0-7, null when off) of each destination.
/// </summary>
public sealed record LoggingSettings(bool Enabled, bool Timestamp, int BufferSize,
    int? Buffered, int? Console, int? Monitor, int? Trap, int? Asdm, int? History, int? Mail)
{
    /// <summary><c>logging debug-trace</c>: debug output is also logged, as message 711001 at debugging level.</summary>
    public bool DebugTrace { get; init; }

    public const int DefaultBufferSize = 4096;

    public static LoggingSettings From(AsaConfig config)
    {
        int? Level(string setting) => config.Get<LoggingSetting>(setting)?.Value is { } name ? LevelOf(name) : null;
        return new LoggingSettings(
            config.Get<LoggingSetting>("enable") is not null,
            config.Get<LoggingSetting>("timestamp") is not null,
            BufferSizeOf(config),
            Level("buffered"), Level("console"), Level("monitor"), Level("trap"), Level("asdm"), Level("history"), Level("mail"))
        {
            DebugTrace = config.Get<VerbatimBlock>("logging debug-trace") is not null,
        };
    }

    /// <summary>A level name or number to its number (debugging = 7).</summary>
    public static int? LevelOf(string name)
    {
        var index = LoggingSetting.LevelNames.ToList().IndexOf(name);
        if (index >= 0) return index;
        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 7 ? n : null;
    }

    public static string LevelName(int level) => LoggingSetting.LevelNames[level];

    /// <summary><c>logging buffer-size N</c> (kept as a verbatim line), else 4096 bytes.</summary>
    private static int BufferSizeOf(AsaConfig config)
    {
        foreach (var block in config.All<VerbatimBlock>())
        {
            var words = block.Head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 3 && words[0] == "logging" && words[1] == "buffer-size"
                && int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                return size;
        }
        return DefaultBufferSize;
    }

    /// <summary>Whether a message of <paramref name="severity"/> goes to a destination at <paramref name="level"/>.</summary>
    public bool Sends(int? level, int severity) => Enabled && level is { } l && severity <= l;
}
