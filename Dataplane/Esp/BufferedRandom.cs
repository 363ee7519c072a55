using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// IVs for the packet path: draws 4 KB at a time from the injected source and hands it out in
/// pieces, so a packet pays for a copy instead of a call into the OS generator (about 1 µs each).
/// Thread-safe; each byte is handed out once.
/// </summary>
public sealed class BufferedRandom : IRandom
{
    public const int BlockSize = 4096;

    private readonly IRandom _source;
    private readonly byte[] _block = new byte[BlockSize];
    private readonly object _lock = new();
    private int _used = BlockSize;

    public BufferedRandom(IRandom source) => _source = source;

    public void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            _source.Fill(destination);
            return;
        }
        lock (_lock)
        {
            if (_used + destination.Length > BlockSize)
            {
                _source.Fill(_block);
                _used = 0;
            }
            var piece = _block.AsSpan(_used, destination.Length);
            piece.CopyTo(destination);
            piece.Clear();
            _used += destination.Length;
        }
    }
}
