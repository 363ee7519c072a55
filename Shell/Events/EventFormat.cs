using System.Globalization;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Shell.Events;

/// <summary>
/// How events look on a terminal and in the logging buffer (reference §2.2, §3.9), in one place.
/// The persona is 9.x, which writes the debug tag with no colon or space after it:
/// <c>Sep 15 03:14:00 [IKEv1]Group = EZ, IP = 198.51.100.7, PHASE 1 COMPLETED</c>.
/// </summary>
public static class EventFormat
{
    /// <summary>What follows the tag: 9.x prints nothing (8.x printed <c>": "</c>).</summary>
    public const string AfterTag = "";

    public static string TagText(DebugTag tag) => tag switch
    {
        DebugTag.Debug => "[IKEv1 DEBUG]",
        DebugTag.Decode => "[IKEv1 DECODE]",
        _ => "[IKEv1]",
    };

    /// <summary><c>Sep 15 03:14:00</c>: the debug timestamp, no year, two-digit day.</summary>
    public static string DebugStamp(DateTimeOffset t) => t.UtcDateTime.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary><c>Aug 24 2017 16:58:42: </c>: the syslog prefix with <c>logging timestamp</c>.</summary>
    public static string SyslogStamp(DateTimeOffset t) => t.UtcDateTime.ToString("MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture) + ": ";

    /// <summary>
    /// The lines a debug command prints for <paramref name="e"/>: an IKE line with timestamp, tag
    /// and context; an ipsec block as is (no timestamp, no tag); CLI and system events as their text.
    /// </summary>
    /// <param name="explain">
    /// AsaEmu's <c>debug crypto explain</c>: follow each line with the config lines that decided it
    /// (an extension; no ASA command changes meaning).
    /// </param>
    public static IEnumerable<string> DebugLines(AsaEvent e, bool explain = false)
    {
        var stamp = e.Timestamp ?? DateTimeOffset.UnixEpoch;
        switch (e.Category)
        {
            case EventCategory.Isakmp:
                var lines = e.Text.Split('\n');
                yield return $"{DebugStamp(stamp)} {TagText(e.Tag)}{AfterTag}{e.Context}{lines[0]}";
                for (var i = 1; i < lines.Length; i++) yield return lines[i];
                break;
            default:
                foreach (var line in e.Text.Split('\n')) yield return line;
                break;
        }
        if (!explain) yield break;
        // The config lines are shown as show running-config shows them: a pre-shared key or a
        // clear password never reaches a monitor session, the logging buffer or stderr.
        foreach (var source in e.ConfigRefs)
        {
            var text = SecretMasking.Line(source.Text.Trim());
            yield return source.LineNumber > 0
                ? $"    (explain) decided by config line {source.LineNumber}: {text}"
                : $"    (explain) decided by config: {text}";
        }
    }

    /// <summary>
    /// <c>%ASA-5-713119: Group = EZ, IP = 198.51.100.7, PHASE 1 COMPLETED</c>, with the timestamp prefix when
    /// asked; AsaEmu's own messages (<see cref="HostLog"/>) as <c>%ASAEMU-3: text</c>.
    /// </summary>
    public static string SyslogLine(AsaEvent e, bool timestamp)
    {
        var id = e.Syslog ?? throw new ArgumentException("not a syslog event", nameof(e));
        var prefix = id.Id == HostLog.NoAsaId ? $"%ASAEMU-{id.Severity}" : id.ToString();
        var text = $"{prefix}: {e.Context}{e.Text.Replace('\n', ' ')}";
        return timestamp ? SyslogStamp(e.Timestamp ?? DateTimeOffset.UnixEpoch) + text : text;
    }
}
