using Microsoft.Extensions.Time.Testing;

namespace AsaEmu.TestKit.Time;

/// <summary>
/// A fake clock (time moves only with <see cref="FakeTimeProvider.Advance"/>) whose readers can be held:
/// while <see cref="Close"/>d, a thread that reads the time waits until <see cref="Open"/>. The IKE control
/// loop reads the time before each step, so a closed gate holds the loop at a known point while a test
/// fills its queues.
/// </summary>
public sealed class GatedClock : FakeTimeProvider
{
    private readonly ManualResetEventSlim _open = new(true);
    private readonly SemaphoreSlim _held = new(0);

    public GatedClock() : base(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero)) { }

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    /// <summary>Waits until a reader is held at the closed gate.</summary>
    public Task HeldAsync(CancellationToken cancel = default) => _held.WaitAsync(cancel);

    public override DateTimeOffset GetUtcNow()
    {
        if (!_open.IsSet)
        {
            _held.Release();
            _open.Wait();
        }
        return base.GetUtcNow();
    }
}
