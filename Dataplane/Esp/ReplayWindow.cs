using System.Globalization;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The receiver's 64-packet anti-replay window (RFC 4303 §3.4.3, 32-bit sequence numbers, no ESN).
/// Bit 0 of <see cref="Bitmap"/> is <see cref="Highest"/>, bit n is Highest − n. A packet is checked
/// before its ICV (cheap rejection) and recorded only after its ICV verified, so forged packets never
/// move the window. Not thread-safe: the inbound SA serializes its packets.
/// </summary>
public sealed class ReplayWindow
{
    public const int Size = 64;

    /// <summary>The highest authenticated sequence number, 0 before the first packet.</summary>
    public uint Highest { get; private set; }

    /// <summary>Which of the <see cref="Size"/> numbers ending at <see cref="Highest"/> were received.</summary>
    public ulong Bitmap { get; private set; }

    /// <summary>True when a packet with this sequence number may be accepted (not zero, not too old, not seen).</summary>
    public bool Check(uint sequence)
    {
        if (sequence == 0) return false;
        if (sequence > Highest) return true;
        var behind = Highest - sequence;
        if (behind >= Size) return false;
        return (Bitmap & (1UL << (int)behind)) == 0;
    }

    /// <summary>Records an authenticated packet; false (and nothing recorded) when <see cref="Check"/> would refuse it.</summary>
    public bool Update(uint sequence)
    {
        if (!Check(sequence)) return false;
        if (sequence > Highest)
        {
            var ahead = sequence - Highest;
            Bitmap = ahead >= Size ? 1UL : (Bitmap << (int)ahead) | 1UL;
            Highest = sequence;
        }
        else
        {
            Bitmap |= 1UL << (int)(Highest - sequence);
        }
        return true;
    }

    /// <summary>The bitmap as <c>show crypto ipsec sa</c> prints it: high word, then low word.</summary>
    public string BitmapText => string.Create(CultureInfo.InvariantCulture, $"0x{(uint)(Bitmap >> 32):X8} 0x{(uint)Bitmap:X8}");
}
