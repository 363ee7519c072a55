using System.Text;

namespace AsaEmu.Shell.Events;

/// <summary>
/// The <c>logging buffered</c> ring: formatted syslog lines, oldest first, at most
/// <c>logging buffer-size</c> bytes (default 4096); the oldest lines go when a new one does not fit.
/// </summary>
public sealed class LoggingBuffer
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private int _bytes;

    public void Add(string line, int capacityBytes)
    {
        var size = Encoding.UTF8.GetByteCount(line) + 1;
        lock (_gate)
        {
            _lines.Enqueue(line);
            _bytes += size;
            while (_bytes > capacityBytes && _lines.Count > 1)
                _bytes -= Encoding.UTF8.GetByteCount(_lines.Dequeue()) + 1;
        }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return [.. _lines]; }
    }

    public int Count
    {
        get { lock (_gate) return _lines.Count; }
    }

    /// <summary><c>clear logging buffer</c>.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _lines.Clear();
            _bytes = 0;
        }
    }
}
