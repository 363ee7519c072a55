using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>What an exchange task says after a step (strongSwan's NEED_MORE, SUCCESS, FAILED).</summary>
public enum TaskStatus
{
    /// <summary>The exchange goes on: a message or a result is awaited.</summary>
    NeedMore,
    /// <summary>The exchange is complete.</summary>
    Done,
    /// <summary>The exchange failed; what it said on the wire (a DELETE, a notify) it has sent.</summary>
    Failed,
}

/// <summary>A message of an SA's exchange, decrypted, decoded and counted by the engine.</summary>
/// <param name="Plaintext">The decrypted payload chain (the whole message body when it came in the clear): the HASH payloads cover slices of it.</param>
public sealed record InboundMessage(IsakmpHeader Header, IReadOnlyList<Payload> Payloads, ReadOnlyMemory<byte> Plaintext, IkeDatagram Datagram)
{
    public uint MessageId => Header.MessageId;
    public T? First<T>() where T : Payload => Payloads.OfType<T>().FirstOrDefault();
}

/// <summary>
/// One exchange of an IKE SA, in one role (strongSwan's <c>task_t</c>, libcharon/sa/ikev1/tasks):
/// it builds the messages this end sends and processes the ones the peer sends, and says after
/// each step whether it needs more. The SA's <see cref="TaskManager"/> queues tasks, routes the
/// peer's messages to them by exchange and message ID, and resends what they sent.
/// </summary>
public abstract class IkeTask(IkeSa sa)
{
    public IkeSa Sa { get; } = sa;

    public abstract ExchangeType Exchange { get; }

    /// <summary>The message ID of the exchange now under way (0 in phase 1; a task may run several transactions).</summary>
    public uint MessageId { get; protected set; }

    /// <summary>The SA's state while this task leads it (<c>show crypto isakmp sa</c>).</summary>
    public abstract IkeSaState State { get; }

    /// <summary>
    /// Whether the SA ends when this task fails: phase 1 and its XAUTH and Mode Config do; a Quick
    /// Mode ends alone.
    /// </summary>
    public virtual bool Essential => true;

    /// <summary>Starts an exchange this end begins: builds and sends its first message (or starts to wait).</summary>
    public virtual TaskStatus Initiate(IkeContext ctx) => TaskStatus.NeedMore;

    /// <summary>Processes a message of its exchange, its HASH not yet checked (each exchange has its own).</summary>
    public abstract TaskStatus Process(IkeContext ctx, InboundMessage message);

    /// <summary>Diffie-Hellman work the task asked for came back (<see cref="IkeOutputs.DhWork"/>).</summary>
    public virtual TaskStatus DhCompleted(IkeContext ctx, DhResult result) => TaskStatus.NeedMore;

    /// <summary>When the task wants time of its own (Mode Config's push); null when it waits only for the peer.</summary>
    public virtual DateTimeOffset? Due => null;

    /// <summary>Its <see cref="Due"/> time came.</summary>
    public virtual TaskStatus Elapsed(IkeContext ctx) => TaskStatus.NeedMore;

    /// <summary>Whether a message of <paramref name="exchange"/> with <paramref name="messageId"/> belongs to this task.</summary>
    public virtual bool Expects(ExchangeType exchange, uint messageId) => exchange == Exchange && messageId == MessageId;
}
