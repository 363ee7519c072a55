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
    private IReadOnlyList<byte[]>? _lastResponse;

    /// <summary>A request of ours awaiting its response: the datagrams it went in (its fragments, RFC 7383 §2.5), resent together.</summary>
    private sealed record Outstanding(Ikev2Task Task, uint MessageId, IReadOnlyList<byte[]> Messages, DateTimeOffset Due, int Count);

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

    /// <summary>The message ID of our request awaiting its response; null when none does.</summary>
    public uint? OutstandingMessageId => _outstanding?.MessageId;

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
        var messages = Seal(ctx, task.Exchange, _nextRequestId, response: false, payloads);
        if (task.Exchange == Ikev2Exchange.IkeSaInit) sa.InitRequest = messages[0];
        _outstanding = new Outstanding(task, _nextRequestId, messages, ctx.Now + TaskManager.ResendWait(0), 0);
        Send(ctx, messages);
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
    public bool Repeated(IkeContext ctx, Ikev2Header header) => Repeated(ctx, header, answer: true);

    /// <summary>
    /// As <see cref="Repeated(IkeContext, Ikev2Header)"/> for a protected message: a request that came in
    /// fragments gets its response again for its first fragment only (RFC 7383 §2.6.1), not once per fragment.
    /// </summary>
    public bool Repeated(IkeContext ctx, Ikev2Message message) =>
        Repeated(ctx, message.Header, answer: message.Payloads is not [.., Ikev2EncryptedFragmentPayload { FragmentNumber: > 1 }]);

    private bool Repeated(IkeContext ctx, Ikev2Header header, bool answer)
    {
        if (header.MessageId + 1 != _expectedRequestId || _lastResponse is null)
            return header.MessageId < _expectedRequestId;
        if (answer) Send(ctx, _lastResponse);
        return true;
    }

    /// <summary>A new request of the peer (its message ID the one expected): the responder task answers it.</summary>
    public TaskStatus Request(IkeContext ctx, Ikev2Task responder, Ikev2Inbound request)
    {
        var (payloads, status) = responder.ProcessRequest(ctx, request);
        _lastResponse = Seal(ctx, request.Header.Exchange, request.Header.MessageId, response: true, payloads);
        if (request.Header.Exchange == Ikev2Exchange.IkeSaInit) sa.InitResponse = _lastResponse[0];
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
        Send(ctx, Seal(ctx, task.Exchange, _nextRequestId++, response: false, payloads));
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
        Send(ctx, o.Messages);
        return true;
    }

    /// <summary>A message to the peer (its fragments, each a datagram), with its debug lines.</summary>
    private void Send(IkeContext ctx, IReadOnlyList<byte[]> messages)
    {
        if (messages.Count > 1) sa.FragmentStatistics.OutFragments += messages.Count;
        foreach (var message in messages)
        {
            Ikev2Text.Packet(ctx.Outputs, sa, sent: true, sa.Local, sa.Peer, message);
            ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
        }
    }

    /// <summary>
    /// A message of this SA: the header with both SPIs, the Initiator flag when this end began the SA and
    /// the Response flag on responses (§3.1); IKE_SA_INIT in the clear, all others in one SK payload (§3.14),
    /// or in fragments when both ends agreed to them and it does not fit the SA's <c>crypto ikev2 fragmentation mtu</c>
    /// (RFC 7383 §2.5).
    /// </summary>
    private IReadOnlyList<byte[]> Seal(IkeContext ctx, Ikev2Exchange exchange, uint messageId, bool response, IReadOnlyList<Ikev2Payload> payloads)
    {
        var flags = (sa.Role == IkeRole.Initiator ? Ikev2Flags.Initiator : Ikev2Flags.None) | (response ? Ikev2Flags.Response : Ikev2Flags.None);
        var header = new Ikev2Header(sa.SpiI, sa.SpiR, Ikev2PayloadType.None, Ikev2Header.Version2, exchange, flags, messageId, 0);
        if (exchange == Ikev2Exchange.IkeSaInit || sa.Outbound is null) return [Ikev2Encoder.Encode(header, payloads)];
        int? limit = sa.FragmentMtu is { } mtu ? Ikev2Fragmenter.MessageLimit(mtu, sa.Peer) : null;
        var messages = Ikev2Fragmenter.Seal(sa.Outbound, header, payloads, limit, ctx.Random);
        if (messages.Count > 1)
        {
            sa.FragmentStatistics.MessagesFragmented++;
            Ikev2Text.Fragmenting(ctx.Outputs, sa, sa.FragmentMtu!.Value, messages.Count, messageId);
        }
        return messages;
    }
}
