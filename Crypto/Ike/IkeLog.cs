using System.Runtime.CompilerServices;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The <c>debug crypto ikev1|isakmp</c>, <c>debug crypto ipsec</c> and <c>debug crypto ikev2 protocol</c>
/// levels in force: the engine builds no debug text above them (reference §2.1). Syslog messages are
/// built whatever they say.
/// </summary>
public readonly record struct IkeDebugLevels(int Isakmp, int Ipsec, int Ikev2 = 0)
{
    public static readonly IkeDebugLevels All = new(255, 255, 255);
    public static readonly IkeDebugLevels Off = new(0, 0, 0);

    /// <summary>
    /// The levels <paramref name="events"/> shows now (the event bus answers from the sessions'
    /// <c>debug crypto</c> settings): the highest level the engine tells apart at which each category
    /// is shown, 0 when none is.
    /// </summary>
    public static IkeDebugLevels From(IEventSink events)
    {
        var isakmp = 0;
        foreach (var level in (ReadOnlySpan<int>)[IkeLog.Chatter, IkeLog.Notice, IkeLog.Milestone])
            if (events.IsEnabled(EventCategory.Isakmp, level)) { isakmp = level; break; }
        var ipsec = events.IsEnabled(EventCategory.Ipsec, IpsecDebug.Level) ? IpsecDebug.Level : 0;
        // debug crypto ikev2 protocol: the highest class a line can have (IKEv2-PROTO-1 to -5), or all above.
        var ikev2 = 0;
        for (var level = 255; level > 0 && ikev2 == 0; level = level > 5 ? 5 : level - 1)
            if (events.IsEnabled(EventCategory.Ikev2, level)) ikev2 = level;
        return new IkeDebugLevels(isakmp, ipsec, ikev2);
    }
}

/// <summary>
/// Debug and syslog events of one SA, with the context prefix the ASA grows during a negotiation
/// (<c>IP = P</c>, then <c>Group = G, IP = P</c>, then with the username; reference §2.2).
/// Levels follow reference §2.1: 1 milestones and errors, 5 decode lines and notices, 9 chatter.
/// A line above the levels in force is not even formatted (<see cref="IkeText"/>).
/// </summary>
public readonly struct IkeLog(IkeSa? sa, string peer, IkeOutputs outputs)
{
    public const int Milestone = 1, Notice = 5, Chatter = 9;

    public IkeLog(IkeSa sa, IkeOutputs outputs) : this(sa, sa.Peer.Address.ToString(), outputs)
    {
    }

    /// <summary>Whether <c>debug crypto ikev1</c> shows a line of <paramref name="level"/> now.</summary>
    public bool Shows(int level) => level <= outputs.Debug.Isakmp;

    private AsaEvent With(AsaEvent e) => e with { Peer = peer, Group = sa?.TunnelGroup, User = sa?.Username };

    /// <summary><c>[IKEv1]</c> line; <paramref name="decidedBy"/> are the config lines behind it (enumerated only when shown).</summary>
    public void Main(int level, string text, IEnumerable<SourceRef>? decidedBy = null)
    {
        if (Shows(level)) outputs.Publish(With(AsaEvent.Ike(level, text)) with { ConfigRefs = [.. decidedBy ?? []] });
    }

    /// <inheritdoc cref="Main(int, string, IEnumerable{SourceRef}?)"/>
    public void Main(int level, [InterpolatedStringHandlerArgument("", "level")] ref IkeText text, IEnumerable<SourceRef>? decidedBy = null)
    {
        if (text.Enabled) Main(level, text.ToStringAndClear(), decidedBy);
    }

    /// <summary><c>[IKEv1 DEBUG]</c> line.</summary>
    public void Debug(string text, IEnumerable<SourceRef>? decidedBy = null)
    {
        if (Shows(Chatter)) outputs.Publish(With(AsaEvent.Ike(Chatter, text, DebugTag.Debug)) with { ConfigRefs = [.. decidedBy ?? []] });
    }

    /// <inheritdoc cref="Debug(string, IEnumerable{SourceRef}?)"/>
    public void Debug([InterpolatedStringHandlerArgument("")] ref IkeText text, IEnumerable<SourceRef>? decidedBy = null)
    {
        if (text.Enabled) Debug(text.ToStringAndClear(), decidedBy);
    }

    /// <summary><c>[IKEv1 DECODE]</c> line.</summary>
    public void Decode(string text)
    {
        if (Shows(Chatter)) outputs.Publish(With(AsaEvent.Ike(Chatter, text, DebugTag.Decode)));
    }

    /// <inheritdoc cref="Decode(string)"/>
    public void Decode([InterpolatedStringHandlerArgument("")] ref IkeText text)
    {
        if (text.Enabled) Decode(text.ToStringAndClear());
    }

    /// <summary>A milestone that is also a syslog message (e.g. 713119 PHASE 1 COMPLETED): always built, the logging buffer may want it.</summary>
    public void Syslog(int id, int severity, string text) =>
        outputs.Publish(With(AsaEvent.Ike(Milestone, text)) with { Syslog = new SyslogId(id, severity) });

    /// <summary>The IKE_DECODE line (reference §2.3): only the peer address as context.</summary>
    public void DecodeLine(string direction, uint messageId, string payloads, int length)
    {
        if (Shows(Notice))
            outputs.Publish(AsaEvent.Ike(Notice, $"IKE_DECODE {direction} Message (msgid={(messageId == 0 ? "0" : messageId.ToString("x8"))}) with payloads : {payloads} total length : {length}") with { Peer = peer });
    }

    /// <summary>The IKE_DECODE line of a message whose payloads are at hand: their summary is made only when shown.</summary>
    public void DecodeLine(string direction, uint messageId, IEnumerable<Payload> payloads, int length)
    {
        if (Shows(Notice)) DecodeLine(direction, messageId, new IsakmpMessage(default, [.. payloads]).PayloadSummary(), length);
    }
}

/// <summary>
/// The text of a debug line, formatted only when the line's level is shown: a C# interpolated
/// string handler, so <c>log.Debug($"... {x} ...")</c> costs a comparison when debug is off.
/// </summary>
[InterpolatedStringHandler]
public ref struct IkeText
{
    private DefaultInterpolatedStringHandler _text;

    public IkeText(int literalLength, int formattedCount, IkeLog log, out bool enabled)
        : this(literalLength, formattedCount, log, IkeLog.Chatter, out enabled)
    {
    }

    public IkeText(int literalLength, int formattedCount, IkeLog log, int level, out bool enabled)
    {
        Enabled = enabled = log.Shows(level);
        _text = enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public bool Enabled { get; }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _text.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _text.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _text.AppendFormatted(value);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}
