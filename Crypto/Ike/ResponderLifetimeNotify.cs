using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The body of a RESPONDER-LIFETIME notify (RFC 2407 §4.6.3.1): the lifetimes the responder applies,
/// as pairs of attributes, a life type (seconds or kilobytes) followed by its duration:
/// <code>
///   | Life Type (basic) | Life Duration (basic or variable) | [ Life Type | Life Duration ] ...
/// </code>
/// Phase 1 names them with the Oakley attribute numbers (11, 12), an IPsec SA with the DOI's (1, 2).
/// </summary>
public static class ResponderLifetimeNotify
{
    /// <summary>The (life type, duration) pairs of <paramref name="notify"/>; empty when its body does not parse.</summary>
    public static IEnumerable<(ulong Type, long Duration)> Read(NotifyPayload notify, ushort lifeType, ushort lifeDuration)
    {
        if (DataAttribute.TryReadAll(notify.Data) is not { } attributes) yield break;
        for (var i = 0; i + 1 < attributes.Length; i++)
            if (attributes[i].Type == lifeType && attributes[i + 1].Type == lifeDuration)
                yield return (attributes[i].Number, (long)Math.Min(attributes[i + 1].Number, long.MaxValue));
    }
}
