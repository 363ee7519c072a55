namespace AsaEmu.Dataplane.Capture;

/// <summary>Where a capture listens: the outside (IKE and ESP of one local address) or the inside (the clear packets of the TUN device).</summary>
public abstract record CapturePoint
{
    public sealed record Outside(uint Address) : CapturePoint;
    public sealed record Inside : CapturePoint;
}

/// <summary>
/// What <c>capture NAME ...</c> set: the interfaces (by nameif, and where each listens), the filter
/// with the words it was given in (an access-list, or match clauses), the buffer size, the bytes kept
/// of each packet and whether a full buffer overwrites its oldest packets.
/// </summary>
public sealed record CaptureSettings(
    IReadOnlyList<(string Name, CapturePoint Point)> Interfaces,
    string? AccessList,
    IReadOnlyList<string> Matches,
    CaptureFilter Filter,
    int BufferBytes = CaptureSettings.DefaultBuffer,
    int PacketLength = CaptureSettings.DefaultPacketLength,
    bool Circular = false)
{
    /// <summary>The ASA's defaults: a 512 KB buffer, 1518 bytes of each packet.</summary>
    public const int DefaultBuffer = 524288, DefaultPacketLength = 1518;

    public static readonly CaptureSettings Default = new([], null, [], CaptureFilter.Everything);

    public bool Listens(CapturePoint point)
    {
        for (var i = 0; i < Interfaces.Count; i++) // indexed: a foreach over the interface would box an enumerator per packet
            if (Interfaces[i].Point.Equals(point)) return true;
        return false;
    }
}

/// <summary>One packet in a capture buffer: when it was seen, its length on the wire, the bytes kept (IPv4 header first).</summary>
public sealed record CapturedPacket(DateTimeOffset Time, int OriginalLength, byte[] Data);

/// <summary>
/// One capture and its buffer. A packet is kept when the filter matches and it fits; a full
/// buffer stops the capture unless it is circular, when the oldest packets make room. Packets
/// come from several packet threads at once: the buffer is locked (only while capturing).
/// </summary>
public sealed class PacketCapture(string name, CaptureSettings settings)
{
    private readonly Queue<CapturedPacket> _packets = new();
    private int _bytes;
    private bool _full;

    public string Name => name;
    public CaptureSettings Settings { get; private set; } = settings;

    /// <summary>Bytes in the buffer (the packets as kept).</summary>
    public int Bytes { get { lock (_packets) return _bytes; } }

    /// <summary>True when a non-circular buffer stopped taking packets.</summary>
    public bool Full { get { lock (_packets) return _full; } }

    public IReadOnlyList<CapturedPacket> Packets { get { lock (_packets) return [.. _packets]; } }

    internal void Change(CaptureSettings changed)
    {
        lock (_packets)
        {
            Settings = changed;
            Trim();
        }
    }

    /// <summary><c>clear capture NAME</c>: empties the buffer, which takes packets again.</summary>
    public void Clear()
    {
        lock (_packets)
        {
            _packets.Clear();
            _bytes = 0;
            _full = false;
        }
    }

    /// <summary>Offers an IPv4 packet seen at <paramref name="point"/>; true when it was kept.</summary>
    internal bool Offer(CapturePoint point, ReadOnlySpan<byte> packet, DateTimeOffset now)
    {
        var s = Settings;
        if (!s.Listens(point) || !s.Filter.Matches(packet)) return false;
        var kept = Math.Min(packet.Length, s.PacketLength);
        lock (_packets)
        {
            if (_full) return false;
            if (_bytes + kept > s.BufferBytes && !s.Circular)
            {
                _full = true;
                return false;
            }
            _packets.Enqueue(new CapturedPacket(now, packet.Length, packet[..kept].ToArray()));
            _bytes += kept;
            Trim();
        }
        return true;
    }

    private void Trim()
    {
        while (_bytes > Settings.BufferBytes && _packets.TryDequeue(out var oldest)) _bytes -= oldest.Data.Length;
    }
}
