using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Debug and syslog events of one SA, with the context prefix the ASA grows during a negotiation
/// (<c>IP = P</c>, then <c>Group = G, IP = P</c>, then with the username; reference §2.2).
/// Levels follow reference §2.1: 1 milestones and errors, 5 decode lines and notices, 9 chatter.
/// </summary>
public readonly struct IkeLog(IkeSa? sa, string peer, IkeOutputs outputs)
{
    public const int Milestone = 1, Notice = 5, Chatter = 9;

    private AsaEvent With(AsaEvent e) => e with { Peer = peer, Group = sa?.TunnelGroup, User = sa?.Username };

    /// <summary><c>[IKEv1]</c> line; <paramref name="decidedBy"/> are the config lines behind it.</summary>
    public void Main(int level, string text, IEnumerable<SourceRef>? decidedBy = null) =>
        outputs.Publish(With(AsaEvent.Ike(level, text)) with { ConfigRefs = [.. decidedBy ?? []] });

    /// <summary><c>[IKEv1 DEBUG]</c> line.</summary>
    public void Debug(string text, IEnumerable<SourceRef>? decidedBy = null) =>
        outputs.Publish(With(AsaEvent.Ike(Chatter, text, DebugTag.Debug)) with { ConfigRefs = [.. decidedBy ?? []] });

    /// <summary><c>[IKEv1 DECODE]</c> line.</summary>
    public void Decode(string text) => outputs.Publish(With(AsaEvent.Ike(Chatter, text, DebugTag.Decode)));

    /// <summary>A milestone that is also a syslog message (e.g. 713119 PHASE 1 COMPLETED).</summary>
    public void Syslog(int id, int severity, string text) =>
        outputs.Publish(With(AsaEvent.Ike(Milestone, text)) with { Syslog = new SyslogId(id, severity) });

    /// <summary>The IKE_DECODE line (reference §2.3): only the peer address as context.</summary>
    public void DecodeLine(string direction, uint messageId, string payloads, int length) =>
        outputs.Publish(AsaEvent.Ike(Notice, $"IKE_DECODE {direction} Message (msgid={(messageId == 0 ? "0" : messageId.ToString("x8"))}) with payloads : {payloads} total length : {length}") with { Peer = peer });
}
