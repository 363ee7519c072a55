using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Events;

/// <summary>What an event is about: which <c>debug</c> command shows it (isakmp, ipsec) or where it came from.</summary>
public enum EventCategory
{
    /// <summary>IKEv1 / ISAKMP: shown by <c>debug crypto ikev1|isakmp</c> as <c>[IKEv1]</c> lines.</summary>
    Isakmp,
    /// <summary>IPsec SA handling: shown by <c>debug crypto ipsec</c> as <c>IPSEC:</c> lines.</summary>
    Ipsec,
    /// <summary>IKEv2: shown by <c>debug crypto ikev2 protocol</c> as <c>IKEv2-PROTO-N:</c> lines.</summary>
    Ikev2,
    /// <summary>The RADIUS client: shown by <c>debug radius</c> as its own lines.</summary>
    Radius,
    /// <summary>A CLI action (a command executed, a login, the config written): syslog only.</summary>
    Cli,
    /// <summary>The appliance itself (boot, interfaces): syslog only.</summary>
    System,
}

/// <summary>
/// The tag of an IKE debug line (reference §2.2): <c>[IKEv1]</c> for milestones, errors and
/// IKE_DECODE lines, <c>[IKEv1 DEBUG]</c> for payload processing chatter, <c>[IKEv1 DECODE]</c>
/// for ID decoding. Ignored for the other categories.
/// </summary>
public enum DebugTag { Main, Debug, Decode }

/// <summary>
/// A syslog message identity: <c>%ASA-&lt;severity&gt;-&lt;id&gt;</c>. Severity 0 (emergencies) to
/// 7 (debugging), as <c>logging buffered LEVEL</c> counts them.
/// </summary>
public readonly record struct SyslogId(int Id, int Severity)
{
    public override string ToString() => $"%ASA-{Severity}-{Id}";
}

/// <summary>
/// One structured event, as Crypto, Dataplane and the CLI raise it (architecture principle 4):
/// the renderers in Shell turn it into a debug line (<c>Sep 15 03:14:00 [IKEv1]Group = EZ, IP = ..., text</c>)
/// and, when it has a <see cref="Syslog"/> identity, a syslog line (<c>%ASA-5-713119: Group = EZ, IP = ..., text</c>).
/// </summary>
/// <param name="Category">Which debug shows it, or where it came from.</param>
/// <param name="Level">The debug level (1-255) from which <c>debug crypto ... LEVEL</c> shows it; 1 = always when on.</param>
/// <param name="Text">The catalogue text without the context prefix (<c>PHASE 1 COMPLETED</c>). An ipsec block may have
/// several lines separated by <c>\n</c> (detail lines indented as the ASA prints them).</param>
public sealed record AsaEvent(EventCategory Category, int Level, string Text)
{
    /// <summary>When it happened. Pure libraries leave it null: the bus stamps it with its clock.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Set when the event is also a syslog message (reference §2.9); null for debug-only chatter.</summary>
    public SyslogId? Syslog { get; init; }

    /// <summary>Whether a debug command shows it (false for syslog-only events such as 602303).</summary>
    public bool Debug { get; init; } = true;

    public DebugTag Tag { get; init; } = DebugTag.Main;

    /// <summary>The peer's public address: <c>IP = ...</c>.</summary>
    public string? Peer { get; init; }

    /// <summary>The tunnel-group once known: <c>Group = ...</c>.</summary>
    public string? Group { get; init; }

    /// <summary>The XAUTH (or CLI) user once known: <c>Username = ...</c>.</summary>
    public string? User { get; init; }

    /// <summary>The config lines that decided what happened (a policy, a tunnel-group, a map entry).</summary>
    public ImmutableList<SourceRef> ConfigRefs { get; init; } = [];

    /// <summary>An IKE debug event (shown from <paramref name="level"/> on); add context with <c>with</c>.</summary>
    public static AsaEvent Ike(int level, string text, DebugTag tag = DebugTag.Main) => new(EventCategory.Isakmp, level, text) { Tag = tag };

    /// <summary>An IPsec debug event (an <c>IPSEC: ...</c> line or block).</summary>
    public static AsaEvent Ipsec(int level, string text) => new(EventCategory.Ipsec, level, text);

    /// <summary>A syslog-only event.</summary>
    public static AsaEvent Log(EventCategory category, SyslogId id, string text) =>
        new(category, 1, text) { Syslog = id, Debug = false };

    /// <summary>
    /// The context prefix IKE lines carry (reference §2.2): <c>Group = G, Username = U, IP = P, </c>,
    /// growing as the negotiation learns them; empty when none is known.
    /// </summary>
    public string Context
    {
        get
        {
            if (Peer is null && Group is null && User is null) return "";
            var text = new System.Text.StringBuilder();
            if (Group is not null) text.Append("Group = ").Append(Group).Append(", ");
            if (User is not null) text.Append("Username = ").Append(User).Append(", ");
            if (Peer is not null) text.Append("IP = ").Append(Peer).Append(", ");
            return text.ToString();
        }
    }
}

/// <summary>
/// Where Crypto and Dataplane send their events (implemented by the event bus in Shell; a null sink
/// and a collecting sink exist for tests). <see cref="IsEnabled"/> is cheap: ask it before building
/// chatty debug text. Events that carry a syslog identity should be published whatever it answers,
/// since the logging buffer may want them with every debug off.
/// </summary>
public interface IEventSink
{
    /// <summary>True when some debug output shows <paramref name="category"/> events at <paramref name="level"/>.</summary>
    bool IsEnabled(EventCategory category, int level);

    /// <summary>Hands an event over; never blocks and never throws.</summary>
    void Publish(AsaEvent e);
}

/// <summary>A sink that drops everything (engines constructed without a bus).</summary>
public sealed class NullEventSink : IEventSink
{
    public static readonly NullEventSink Instance = new();
    public bool IsEnabled(EventCategory category, int level) => false;
    public void Publish(AsaEvent e) { }
}

/// <summary>A sink that keeps every event in order, with every debug level on (for tests and for engines that return events as outputs).</summary>
public sealed class CollectingEventSink : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<AsaEvent> _events = [];

    public bool IsEnabled(EventCategory category, int level) => true;

    public void Publish(AsaEvent e)
    {
        lock (_gate) _events.Add(e);
    }

    public IReadOnlyList<AsaEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    /// <summary>Returns the events collected so far and forgets them.</summary>
    public IReadOnlyList<AsaEvent> Drain()
    {
        lock (_gate)
        {
            var all = _events.ToList();
            _events.Clear();
            return all;
        }
    }
}
