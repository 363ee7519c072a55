using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>A message of an IKEv2 SA's exchange: its header and payloads, those of an SK payload already opened and checked.</summary>
public sealed record Ikev2Inbound(Ikev2Header Header, IReadOnlyList<Ikev2Payload> Payloads, IkeDatagram Datagram)
{
    public T? First<T>() where T : Ikev2Payload => Payloads.OfType<T>().FirstOrDefault();

    /// <summary>The first notification of <paramref name="type"/>, or null.</summary>
    public Ikev2NotifyPayload? Notify(ushort type) => Payloads.OfType<Ikev2NotifyPayload>().FirstOrDefault(n => n.NotifyType == type);

    /// <summary>The first error notification (§3.10.1: types below 16384), or null.</summary>
    public Ikev2NotifyPayload? Error => Payloads.OfType<Ikev2NotifyPayload>().FirstOrDefault(n => Ikev2NotifyTypes.IsError(n.NotifyType));
}

/// <summary>
/// One IKEv2 exchange in one role (strongSwan's ikev2 tasks, as <see cref="IkeTask"/> is for IKEv1):
/// as initiator it builds the request and processes the response; as responder it processes a
/// request and builds the response. Each exchange is one request and one response (§1), so the
/// SA's <see cref="Ikev2TaskManager"/> does the message IDs, the SK protection and the resends.
/// </summary>
public abstract class Ikev2Task(Ikev2Sa sa)
{
    public Ikev2Sa Sa { get; } = sa;

    public abstract Ikev2Exchange Exchange { get; }

    /// <summary>The request this end sends (initiator); null when there is nothing to ask any more (the task is done).</summary>
    public virtual IReadOnlyList<Ikev2Payload>? BuildRequest(IkeContext ctx) => null;

    /// <summary>
    /// The peer's response (initiator). <see cref="TaskStatus.NeedMore"/> asks for the request to be
    /// built and sent again with the same message ID (IKE_SA_INIT after INVALID_KE_PAYLOAD or COOKIE, §1.2, §2.6).
    /// </summary>
    public virtual TaskStatus ProcessResponse(IkeContext ctx, Ikev2Inbound response) => TaskStatus.Done;

    /// <summary>The peer's request (responder): the response's payloads, and whether the exchange failed (the IKE SA then goes).</summary>
    public virtual (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request) => ([], TaskStatus.Done);

    /// <summary>
    /// g^ir of <paramref name="pair"/> with the peer's KE, handed to <paramref name="key"/> (an IKE SA's keys, §2.14,
    /// §2.18) and wiped after; false for a KE that is not a valid element of the group.
    /// </summary>
    protected static bool KeyWith(IDiffieHellman pair, Ikev2KePayload ke, Func<byte[], bool> key)
    {
        var shared = new byte[pair.Group.SharedSecretLength];
        try
        {
            return pair.TryComputeSharedSecret(ke.Data.Span, shared) == DhStatus.Ok && key(shared);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(shared);
        }
    }
}
