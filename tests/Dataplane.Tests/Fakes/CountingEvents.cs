using AsaEmu.Crypto.Events;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>An event sink that counts what it is handed and keeps none of it: for runs of millions of packets.</summary>
internal sealed class CountingEvents : IEventSink
{
    public long Published { get; private set; }
    public bool IsEnabled(EventCategory category, int level) => true;
    public void Publish(AsaEvent e) => Published++;
}
