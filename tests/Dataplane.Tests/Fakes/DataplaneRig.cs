using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>An <see cref="EspDataplane"/> on fakes: a TUN device, the in-memory outside and a route table, all released on dispose.</summary>
internal sealed class DataplaneRig : IAsyncDisposable
{
    public FakeTun Tun { get; } = new();
    public MemoryOutside Outside { get; } = new();
    public FakeRoutes Routes { get; } = new();
    public EspDataplane Dataplane { get; }

    /// <param name="config">The running config the dataplane reads (MTU, df-bit, vpn-filter ACLs); none when null.</param>
    public DataplaneRig(Func<AsaConfig>? config = null) =>
        Dataplane = new EspDataplane(Tun, Outside.Endpoints, Routes, SystemRandom.Instance) { Config = config };

    public async ValueTask DisposeAsync()
    {
        await Dataplane.DisposeAsync();
        Tun.Dispose();
        Outside.Dispose();
    }
}
