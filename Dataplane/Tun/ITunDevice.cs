namespace AsaEmu.Dataplane.Tun;

/// <summary>
/// The inside edge: a layer-3 device that hands over and takes whole IPv4 packets (no link header).
/// Reads come in batches; one thread reads and any thread may write.
/// </summary>
public interface ITunDevice : IDisposable
{
    string Name { get; }

    int Mtu { get; }

    /// <summary>
    /// Waits until at least one packet is ready (or <paramref name="cancel"/> fires), then reads up
    /// to <c>buffers.Length</c> packets, packet i into <c>buffers[i]</c> with its length in
    /// <c>lengths[i]</c>. Returns how many were read; 0 once cancelled.
    /// </summary>
    int Read(byte[][] buffers, int[] lengths, CancellationToken cancel);

    /// <summary>Writes one packet; false when the device refused it (queue full, device gone).</summary>
    bool Write(ReadOnlySpan<byte> packet);

    /// <summary>
    /// Writes a batch of packets in order and returns how many the device refused. A device may merge
    /// runs of one UDP flow into one write (UDP GSO); the default writes them one by one.
    /// </summary>
    int Write(ReadOnlySpan<PacketSlice> packets)
    {
        var refused = 0;
        foreach (var packet in packets)
            if (!Write(packet.Span)) refused++;
        return refused;
    }
}

/// <summary>A packet at <c>Buffer[Offset..Offset+Length]</c>, for batches that point into buffers instead of copying.</summary>
public readonly record struct PacketSlice(byte[] Buffer, int Offset, int Length)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Offset, Length);
}
