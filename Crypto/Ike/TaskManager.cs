using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>What an SA's step did to the SA as a whole.</summary>
public enum SaProgress
{
    /// <summary>Nothing that concerns the SA as a whole.</summary>
    Continues,
    /// <summary>Its last essential exchange (phase 1, XAUTH, Mode Config) just completed.</summary>
    Established,
    /// <summary>An essential exchange failed: the SA goes.</summary>
    Ends,
}

/// <summary>
/// The exchanges of one IKE SA (strongSwan's task_manager_v1.c): phase 1, then the tasks planned
/// after it one at a time (XAUTH, Mode Config, the first Quick Mode of a client), and any number
/// of Quick Modes by message ID, in either role. It routes each message of the peer to its task,
/// starts the next task when one completes, and resends what an initiating task sent when the
/// peer stays silent.
/// </summary>
public sealed class TaskManager(IkeSa sa)
{
    /// <summary>Resends of a message this end initiated before the exchange fails [M].</summary>
    public const int MaxRetransmits = 5;

    /// <summary>The wait before the first resend; each next one waits 1.8 times longer [M: the ASA's exact timers are not documented].</summary>
    public static readonly TimeSpan FirstRetransmit = TimeSpan.FromSeconds(4);

    /// <summary>How long a message resent <paramref name="resends"/> times waits for its answer: <see cref="FirstRetransmit"/>, 1.8 times longer after each resend (IKEv1 and IKEv2 alike).</summary>
    public static TimeSpan ResendWait(int resends) => FirstRetransmit * Math.Pow(1.8, resends);

    private IkeTask? _phase1;
    private IkeTask? _current;
    private readonly Queue<IkeTask> _planned = new();
    private readonly Dictionary<uint, IkeTask> _quickModes = [];
    /// <summary>What each initiating task sent and waits an answer to: the transaction under way and any Quick Modes (a rekey runs beside another).</summary>
    private readonly List<Retransmission> _retransmissions = [];
    private bool _established;

    private sealed record Retransmission(IkeTask Task, byte[] Message, DateTimeOffset Due, int Count);

    private void StopResending(IkeTask task) => _retransmissions.RemoveAll(r => r.Task == task);

    /// <summary>The task whose state the SA shows: phase 1 until done, then XAUTH or Mode Config while they run.</summary>
    public IkeTask? Leading => _phase1 ?? _current;

    /// <summary>Whether phase 1 and the exchanges that belong to it (XAUTH, Mode Config) completed.</summary>
    public bool Established => _established;

    /// <summary>Quick Modes under way, by message ID.</summary>
    public IReadOnlyDictionary<uint, IkeTask> QuickModes => _quickModes;

    /// <summary>The phase-1 exchange of the SA; an initiating one sends its first message now.</summary>
    public SaProgress Begin(IkeContext ctx, IkeTask phase1, bool initiate)
    {
        _phase1 = phase1;
        return initiate ? Settle(ctx, phase1, phase1.Initiate(ctx)) : SaProgress.Continues;
    }

    /// <summary>Tasks to run one at a time once phase 1 is done, in this order.</summary>
    public void Plan(IkeTask task) => _planned.Enqueue(task);

    /// <summary>Starts a Quick Mode this end initiates (a rekey, an SA for new traffic).</summary>
    public SaProgress StartQuickMode(IkeContext ctx, IkeTask quickMode)
    {
        var status = quickMode.Initiate(ctx);
        if (status == TaskStatus.NeedMore) _quickModes[quickMode.MessageId] = quickMode;
        return Settle(ctx, quickMode, status);
    }

    /// <summary>Drops a Quick Mode this end began, unfinished (it lost a rekey collision): its messages are no longer expected or resent.</summary>
    public void Abandon(IkeTask quickMode)
    {
        StopResending(quickMode);
        _quickModes.Remove(quickMode.MessageId);
    }

    /// <summary>
    /// The task a message of the peer belongs to: the phase-1 task, the transaction under way, a
    /// Quick Mode by message ID; null when none expects it (a new exchange the caller may start).
    /// </summary>
    public IkeTask? TaskFor(ExchangeType exchange, uint messageId)
    {
        if (_phase1 is { } phase1 && phase1.Expects(exchange, messageId)) return phase1;
        if (_current is { } current && current.Expects(exchange, messageId)) return current;
        return exchange == ExchangeType.QuickMode && _quickModes.TryGetValue(messageId, out var qm) ? qm : null;
    }

    /// <summary>Hands a message to its task (<see cref="TaskFor"/>, or a new responder task) and settles the outcome.</summary>
    public SaProgress Process(IkeContext ctx, IkeTask task, InboundMessage message)
    {
        if (task.Exchange == ExchangeType.QuickMode) _quickModes.TryAdd(message.MessageId, task);
        StopResending(task);
        return Settle(ctx, task, task.Process(ctx, message));
    }

    /// <summary>Ends the task under way as done without a message of its own (Mode Config a client skipped), and starts what comes next.</summary>
    public SaProgress Complete(IkeContext ctx, IkeTask task) => Settle(ctx, task, TaskStatus.Done);

    /// <summary>Diffie-Hellman work came back: for the phase-1 task (the only one that sends its work off the loop).</summary>
    public SaProgress DhCompleted(IkeContext ctx, DhResult result) =>
        _phase1 is { } phase1 ? Settle(ctx, phase1, phase1.DhCompleted(ctx, result)) : SaProgress.Continues;

    /// <summary>An AAA result came back: for the transaction under way (XAUTH), which asked for it.</summary>
    public SaProgress AaaCompleted(IkeContext ctx, Aaa.AaaWork work, Aaa.AaaResult result) =>
        _current is { } current ? Settle(ctx, current, current.AaaCompleted(ctx, work, result)) : SaProgress.Continues;

    /// <summary>
    /// Sends a message a task initiates and waits for an answer to: resent from <see cref="FirstRetransmit"/>
    /// on when the peer stays silent, the task failing after <see cref="MaxRetransmits"/>.
    /// </summary>
    public void SendRequest(IkeContext ctx, IkeTask task, byte[] message)
    {
        Send(ctx, message);
        StopResending(task);
        _retransmissions.Add(new Retransmission(task, message, ctx.Now + FirstRetransmit, 0));
    }

    /// <summary>Sends a message; a copy of the message it answers gets it again (<see cref="IkeSa.LastSent"/>).</summary>
    public void Send(IkeContext ctx, byte[] message)
    {
        sa.LastSent = message;
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    /// <summary>When the manager wants time: a task's own wait, or a resend.</summary>
    public DateTimeOffset? Due
    {
        get
        {
            DateTimeOffset? due = null;
            foreach (var r in _retransmissions)
                if (due is null || r.Due < due) due = r.Due;
            foreach (var task in (IEnumerable<IkeTask?>)[_phase1, _current])
                if (task?.Due is { } d && (due is null || d < due)) due = d;
            return due;
        }
    }

    /// <summary>Runs what is due at <see cref="IkeContext.Now"/>: tasks' waits, resends.</summary>
    public SaProgress Elapsed(IkeContext ctx)
    {
        foreach (var task in (IEnumerable<IkeTask?>)[_phase1, _current])
            if (task?.Due is { } due && due <= ctx.Now)
            {
                var progress = Settle(ctx, task, task.Elapsed(ctx));
                if (progress != SaProgress.Continues) return progress;
            }
        foreach (var r in _retransmissions.Where(r => r.Due <= ctx.Now).ToList())
        {
            _retransmissions.Remove(r);
            if (r.Count >= MaxRetransmits)
            {
                var progress = Settle(ctx, r.Task, TaskStatus.Failed);
                if (progress != SaProgress.Continues) return progress;
                continue;
            }
            new IkeLog(sa, ctx.Outputs).DecodeLine("RESENDING", r.Task.MessageId, "HDR + ...", r.Message.Length);
            ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, r.Message));
            _retransmissions.Add(r with { Due = ctx.Now + ResendWait(r.Count + 1), Count = r.Count + 1 });
        }
        return SaProgress.Continues;
    }

    /// <summary>What a task's status means for the SA, and the next task when one completes.</summary>
    private SaProgress Settle(IkeContext ctx, IkeTask task, TaskStatus status)
    {
        if (status == TaskStatus.NeedMore) return SaProgress.Continues;
        StopResending(task);
        if (task.Exchange == ExchangeType.QuickMode) _quickModes.Remove(task.MessageId);
        if (status == TaskStatus.Failed) return task.Essential ? SaProgress.Ends : SaProgress.Continues;
        if (task == _phase1) _phase1 = null;
        else if (task == _current) _current = null;
        else return SaProgress.Continues;
        return Next(ctx);
    }

    /// <summary>Starts the planned tasks in order until one waits; established once no essential one is left.</summary>
    private SaProgress Next(IkeContext ctx)
    {
        var progress = SaProgress.Continues;
        while (_current is null && _planned.TryDequeue(out var task))
        {
            if (!task.Essential && !_established) progress = Establish(ctx);
            if (task.Exchange == ExchangeType.QuickMode)
            {
                if (StartQuickMode(ctx, task) == SaProgress.Ends) return SaProgress.Ends;
                continue;
            }
            _current = task;
            var status = task.Initiate(ctx);
            if (status == TaskStatus.NeedMore) break;
            _current = null;
            if (status == TaskStatus.Failed && task.Essential) return SaProgress.Ends;
        }
        return _current is null && _phase1 is null && !_established ? Establish(ctx) : progress;
    }

    private SaProgress Establish(IkeContext ctx)
    {
        _established = true;
        Phase1Completion.Complete(ctx, sa);
        return SaProgress.Established;
    }
}
