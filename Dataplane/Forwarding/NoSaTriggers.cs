namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// How often inside traffic with no SA may ask the IKE service for one: once a second per
/// destination, in a table of fixed size (a scan of many destinations only overwrites slots), so
/// the TUN loop never floods the control loop.
/// </summary>
internal sealed class NoSaTriggers
{
    private const int Slots = 256;
    private const long IntervalMs = 1000;

    private readonly (uint Destination, long At)[] _last = new (uint, long)[Slots];

    /// <summary>Whether <paramref name="destination"/> may trigger now (<paramref name="nowMs"/>: a monotonic millisecond clock).</summary>
    public bool Allow(uint destination, long nowMs)
    {
        ref var slot = ref _last[(int)(destination * 2654435761u >> 24)];
        if (slot.Destination == destination && nowMs - slot.At < IntervalMs && slot.At != 0) return false;
        slot = (destination, nowMs);
        return true;
    }
}
