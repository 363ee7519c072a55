using System.Buffers.Binary;
using AsaEmu.Crypto.Ike;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// INFORMATIONAL (RFC 7296 §1.4), either role:
/// <code>
/// Initiator                         Responder
/// HDR, SK {[N,] [D,] [CP,] ...} --&gt;
///                      &lt;--    HDR, SK {[N,] [D,] [CP], ...}
/// </code>
/// A DELETE of the IKE SA is answered empty and the SA goes with its Child SAs (§1.4.1); a DELETE of
/// ESP SAs is answered with a DELETE of our halves of those pairs, which leave the dataplane; an empty
/// request (liveness, §1.4) is answered empty. As initiator it sends a DELETE (of the IKE SA, or of
/// Child SAs by our inbound SPIs) or an empty liveness check.
/// </summary>
public sealed class Ikev2Informational : Ikev2Task
{
    private readonly IReadOnlyList<Ikev2Payload> _request;

    /// <summary>The responder's exchange.</summary>
    public Ikev2Informational(Ikev2Sa sa) : base(sa) => _request = [];

    private Ikev2Informational(Ikev2Sa sa, IReadOnlyList<Ikev2Payload> request) : base(sa) => _request = request;

    /// <summary>A DELETE of the IKE SA (§3.11: protocol IKE, no SPI).</summary>
    public static Ikev2Informational DeleteIke(Ikev2Sa sa) => new(sa, [new Ikev2DeletePayload(Ikev2Protocols.Ike, 0, default)]);

    /// <summary>A DELETE of Child SAs, named by the SPIs they receive on (§1.4.1).</summary>
    public static Ikev2Informational DeleteChildren(Ikev2Sa sa, IReadOnlyList<ChildSa> children) =>
        new(sa, [new Ikev2DeletePayload(Ikev2Protocols.Esp, 4, Spis(children.Select(c => c.InboundSpi)))]);

    /// <summary>An empty INFORMATIONAL: the peer's answer shows it alive (§1.4, dead peer detection).</summary>
    public static Ikev2Informational Liveness(Ikev2Sa sa) => new(sa, []);

    public override Ikev2Exchange Exchange => Ikev2Exchange.Informational;

    public override IReadOnlyList<Ikev2Payload> BuildRequest(IkeContext ctx) => _request;

    public override (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request)
    {
        var response = new List<Ikev2Payload>();
        foreach (var delete in request.Payloads.OfType<Ikev2DeletePayload>())
        {
            if (delete.ProtocolId == Ikev2Protocols.Ike)
            {
                // §1.4.1: the IKE SA and its Child SAs go; the answer is empty.
                Sa.Ending = "Peer deleted the SA"; // [M] the 750007 reason
                Sa.EndQuietly = true;
                return ([], TaskStatus.Done);
            }
            if (delete.ProtocolId != Ikev2Protocols.Esp) continue;
            var ours = new List<uint>();
            for (var i = 0; i < delete.SpiCount; i++)
            {
                var spi = BinaryPrimitives.ReadUInt32BigEndian(delete.SpiBytes.Span[(4 * i)..]);
                if (Sa.Children.FirstOrDefault(c => c.OutboundSpi == spi) is not { } child) continue;
                ours.Add(child.InboundSpi);
                Ikev2ChildSas.Remove(ctx, Sa, child);
            }
            if (ours.Count > 0) response.Add(new Ikev2DeletePayload(Ikev2Protocols.Esp, 4, Spis(ours)));
        }
        return (response, TaskStatus.Done);
    }

    private static byte[] Spis(IEnumerable<uint> spis)
    {
        var list = spis.ToList();
        var bytes = new byte[4 * list.Count];
        for (var i = 0; i < list.Count; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 * i), list[i]);
        return bytes;
    }
}
