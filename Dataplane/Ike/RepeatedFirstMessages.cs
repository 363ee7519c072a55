using System.Net;

namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// The last first messages received, to tell a peer that sends its first message again (a client whose
/// answer is late retransmits the same bytes from the same address and port) from one that only reuses
/// a cookie: a repeat is the same datagram from the same endpoint, nothing less. Each is kept as a 64-bit
/// hash of the endpoint and the bytes, seeded per process (<see cref="HashCode"/>), so a sender cannot
/// aim at another's entry. A ring of fixed size with a set over it; the socket threads share it under a lock.
/// </summary>
public sealed class RepeatedFirstMessages(int capacity = 16384)
{
    private readonly ulong[] _ring = new ulong[capacity];
    private readonly HashSet<ulong> _seen = new(capacity);
    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Notes the datagram; true when the same bytes came from the same endpoint among the last ones noted.</summary>
    public bool IsRepeat(IPEndPoint remote, ReadOnlySpan<byte> datagram)
    {
        var key = Key(remote, datagram);
        lock (_gate)
        {
            if (_seen.Contains(key)) return true;
            if (_seen.Count == _ring.Length) _seen.Remove(_ring[_next]);
            _ring[_next] = key;
            _seen.Add(key);
            _next = (_next + 1) % _ring.Length;
            return false;
        }
    }

    private static ulong Key(IPEndPoint remote, ReadOnlySpan<byte> datagram)
    {
        Span<byte> address = stackalloc byte[16];
        remote.Address.TryWriteBytes(address, out var length);
        return (ulong)(uint)Hash(2, address[..length], remote.Port, datagram) << 32 | (uint)Hash(1, address[..length], remote.Port, datagram);
    }

    /// <summary>A 32-bit hash of the endpoint and the bytes; <paramref name="salt"/> tells the two halves of the key apart.</summary>
    private static int Hash(int salt, ReadOnlySpan<byte> address, int port, ReadOnlySpan<byte> datagram)
    {
        var hash = new HashCode();
        hash.Add(salt);
        hash.AddBytes(address);
        hash.Add(port);
        hash.AddBytes(datagram);
        return hash.ToHashCode();
    }
}
