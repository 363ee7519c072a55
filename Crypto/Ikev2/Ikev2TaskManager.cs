using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// The exchanges of one IKEv2 SA (strongSwan's task_manager_v2.c), window size 1 (§2.3): this end's
/// requests one at a time with message IDs counting from 0, each resent as it was until its
/// response comes (§2.1: only the initiator of an exchange retransmits); the peer's requests
/// answered in order, and a repeated request answered with the stored response, not processed again.
/// </summary>
public sealed class Ikev2TaskManager(Ikev2Sa sa)
{
    private readonly Queue<Ikev2Task> _planned = new();
    private Outstanding? _outstanding;
    private uint _nextRequestId;
    private uint _expectedRequestId;
    private byte[]? _lastResponse;

    private sealed record Outstanding(Ikev2Task Task, uint MessageId, byte[] Message, DateTimeOffset Due, int Count);

    /// <summary>Whether a request of ours is outstanding or planned.</summary>
    public bool Pending => _outstanding is not null || _planned.Count > 0;

    /// <summary>
    /// Whether this end asks, or plans to ask, the peer for a Child SA for <paramref name="proxies"/>
    /// (a CREATE_CHILD_SA outstanding or planned): once it is answered or given up, traffic may ask again.
    /// </summary>
    public bool Asking(ProxyPair proxies) =>
        _outstanding?.Task is CreateChildSa outstanding && outstanding.Proxies == proxies
        || _planned.Any(t => t is CreateChildSa planned && planned.Proxies == proxies);

    /// <summary>When the outstanding request is next resent; null when none is.</summary>
    public DateTimeOffset? Due => _outstanding?.Due;

    /// <summary>The message ID the peer's next request carries.</summary>
    public uint ExpectedRequestId => _expectedRequestId;

    /// <summary>Queues an exchange this end begins; it starts at once when no other is outstanding.</summary>
    public TaskStatus Queue(IkeContext ctx, Ikev2Task task)
    {
        _planned.Enqueue(task);
        return Next(ctx);
    }

    /// <summary>Starts the next planned exchange when none is outstanding.</summary>
    private TaskStatus Next(IkeContext ctx)
    {
        while (_outstanding is null && !sa.Removed && _planned.TryDequeue(out var task))
        {
            if (task.BuildRequest(ctx) is not { } payloads) continue;
            Request(ctx, task, payloads);
        }
        return TaskStatus.NeedMore;
    }

    private void Request(IkeContext ctx, Ikev2Task task, IReadOnlyList<Ikev2Payload> payloads)
    {
        var message = Seal(ctx, task.Exchange, _nextRequestId, response: false, payloads);
        if (task.Exchange == Ikev2Exchange.IkeSaInit) sa.InitRequest = message;
        _outstanding = new Outstanding(task, _nextRequestId, message, ctx.Now + TaskManager.ResendWait(0), 0);
        Send(ctx, message);
    }

    /// <summary>
    /// A response of the peer, checked and opened: to the outstanding request with its message ID
    /// (else dropped, §2.3), then the next planned exchange. Failed: the exchange failed.
    /// </summary>
    public TaskStatus Response(IkeContext ctx, Ikev2Inbound response)
    {
        if (_outstanding is not { } outstanding || response.Header.MessageId != outstanding.MessageId || response.Header.Exchange != outstanding.Task.Exchange)
            return TaskStatus.NeedMore;
        // While the response is processed the request stays outstanding: what the task queues (a DELETE
        // after a rekey) waits for the next message ID.
        var status = outstanding.Task.ProcessResponse(ctx, response);
        _outstanding = null;
        if (status == TaskStatus.NeedMore && !sa.Removed && outstanding.Task.BuildRequest(ctx) is { } again)
        {
            // IKE_SA_INIT again with the group or cookie the responder asked for: the same message ID 0 (§1.2, §2.6).
            Request(ctx, outstanding.Task, again);
            return TaskStatus.NeedMore;
        }
        _nextRequestId++;
        if (status == TaskStatus.Failed) return status;
        Next(ctx);
        return status;
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a request the peer already sent and we answered: the stored
    /// response goes again (§2.1); true also for an old request we no longer have an answer for (dropped).
    /// </summary>
    public bool Repeated(IkeContext ctx, Ikev2Header header)
    {
        if (header.MessageId + 1 != _expectedRequestId || _lastResponse is null)
            return header.MessageId < _expectedRequestId;
        Send(ctx, _lastResponse);
        return true;
    }

    /// <summary>A new request of the peer (its message ID the one expected): the responder task answers it.</summary>
    public TaskStatus Request(IkeContext ctx, Ikev2Task responder, Ikev2Inbound request)
    {
        var (payloads, status) = responder.ProcessRequest(ctx, request);
        _lastResponse = Seal(ctx, request.Header.Exchange, request.Header.MessageId, response: true, payloads);
        if (request.Header.Exchange == Ikev2Exchange.IkeSaInit) sa.InitResponse = _lastResponse;
        _expectedRequestId = request.Header.MessageId + 1;
        Send(ctx, _lastResponse);
        return status;
    }

    /// <summary>
    /// Sends a request at once, not waiting for the window (a DELETE of the IKE SA as it goes, §1.4.1):
    /// what was outstanding is given up, and nothing more is resent or expected.
    /// </summary>
    public void SendNow(IkeContext ctx, Ikev2Task task)
    {
        if (_outstanding is not null) _nextRequestId++;
        _outstanding = null;
        _planned.Clear();
        if (task.BuildRequest(ctx) is not { } payloads) return;
        var message = Seal(ctx, task.Exchange, _nextRequestId++, response: false, payloads);
        Send(ctx, message);
    }

    /// <summary>
    /// Time passed: the outstanding request is resent when its time came (IKEv1's schedule,
    /// <see cref="TaskManager.ResendWait"/>), false when it was resent <see cref="TaskManager.MaxRetransmits"/>
    /// times without answer: the peer is gone (§2.4).
    /// </summary>
    public bool Elapsed(IkeContext ctx)
    {
        if (_outstanding is not { } o || ctx.Now < o.Due) return true;
        if (o.Count >= TaskManager.MaxRetransmits) return false;
        _outstanding = o with { Due = ctx.Now + TaskManager.ResendWait(o.Count + 1), Count = o.Count + 1 };
        Send(ctx, o.Message);
        return true;
    }

    /// <summary>A message to the peer, with its debug lines.</summary>
    private void Send(IkeContext ctx, byte[] message)
    {
        Ikev2Text.Packet(ctx.Outputs, sa, sent: true, sa.Local, sa.Peer, message);
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    /// <summary>
    /// A message of this SA: the header with both SPIs, the Initiator flag when this end began the SA and
    /// the Response flag on responses (§3.1); IKE_SA_INIT in the clear, all others in one SK payload (§3.14).
    /// </summary>
    private byte[] Seal(IkeContext ctx, Ikev2Exchange exchange, uint messageId, bool response, IReadOnlyList<Ikev2Payload> payloads)
    {
        var flags = (sa.Role == IkeRole.Initiator ? Ikev2Flags.Initiator : Ikev2Flags.None) | (response ? Ikev2Flags.Response : Ikev2Flags.None);
        var header = new Ikev2Header(sa.SpiI, sa.SpiR, Ikev2PayloadType.None, Ikev2Header.Version2, exchange, flags, messageId, 0);
        if (exchange == Ikev2Exchange.IkeSaInit || sa.Outbound is null) return Ikev2Encoder.Encode(header, payloads);
        return sa.Outbound.Seal(header, payloads, ctx.Random);
    }
}
