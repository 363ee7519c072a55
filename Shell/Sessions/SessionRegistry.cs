using System.Collections.Immutable;

namespace AsaEmu.Shell.Sessions;

/// <summary>How a CLI session reached the appliance.</summary>
public enum SessionTransport { Console, Ssh, Telnet }

/// <summary>The algorithms an SSH session negotiated, client to server (IN) and server to client (OUT).</summary>
public sealed record SshAlgorithms(string CipherIn, string MacIn, string CipherOut, string MacOut);

/// <summary>One CLI session as <c>show ssh sessions</c>, <c>show users</c> and <c>show resource usage</c> list it.</summary>
public sealed record SessionEntry(int Id, CliSession Session, SessionTransport Transport, string Origin, DateTimeOffset Since)
{
    /// <summary>What the SSH transport negotiated (null for console and telnet, or before the keys).</summary>
    public Func<SshAlgorithms?>? Ssh { get; init; }
}

/// <summary>
/// The interactive CLI sessions open now, in the order they opened, with the peak count per transport
/// since boot. Sessions register when their monitor opens and leave when it closes.
/// </summary>
public sealed class SessionRegistry
{
    private readonly Lock _gate = new();
    private ImmutableList<SessionEntry> _open = [];
    private readonly int[] _peak = new int[3];
    private int _nextSsh, _nextTelnet;

    public IReadOnlyList<SessionEntry> Open => Volatile.Read(ref _open);

    /// <summary>The most sessions of <paramref name="transport"/> open at once since boot.</summary>
    public int Peak(SessionTransport transport)
    {
        lock (_gate) return _peak[(int)transport];
    }

    public SessionEntry Add(CliSession session, SessionTransport transport, string origin, DateTimeOffset since, Func<SshAlgorithms?>? ssh = null)
    {
        lock (_gate)
        {
            // Like the ASA's SIDs: the lowest free number per transport (console is 0).
            var id = transport switch
            {
                SessionTransport.Ssh => Lowest(SessionTransport.Ssh, ref _nextSsh),
                SessionTransport.Telnet => Lowest(SessionTransport.Telnet, ref _nextTelnet),
                _ => 0,
            };
            var entry = new SessionEntry(id, session, transport, origin, since) { Ssh = ssh };
            _open = _open.Add(entry);
            _peak[(int)transport] = Math.Max(_peak[(int)transport], _open.Count(e => e.Transport == transport));
            return entry;
        }
    }

    private int Lowest(SessionTransport transport, ref int next)
    {
        var used = _open.Where(e => e.Transport == transport).Select(e => e.Id).ToHashSet();
        var id = 0;
        while (used.Contains(id)) id++;
        next = id + 1;
        return id;
    }

    public void Remove(CliSession session)
    {
        lock (_gate) _open = _open.RemoveAll(e => ReferenceEquals(e.Session, session));
    }
}
