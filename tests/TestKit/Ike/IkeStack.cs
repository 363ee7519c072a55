using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Dataplane.Outside;

namespace AsaEmu.TestKit.Ike;

/// <summary>
/// The IKE side as VpnHost composes it, on any outside (in memory, or real sockets on ephemeral ports):
/// the outside listener hands IKE to the IKE service, which sends through the listener's endpoints.
/// </summary>
public sealed class IkeStack : IAsyncDisposable
{
    public IkeStack(Func<AsaConfig> config, IOutsideNetwork network, TimeProvider? clock = null, IEventSink? events = null, IIpsecSas? sas = null,
        IkeServiceOptions? options = null, int ikePort = 0, int natTPort = 0)
    {
        var endpoints = new OutsideEndpoints();
        Ike = new IkeService(config, events ?? NullEventSink.Instance, SystemRandom.Instance, clock ?? TimeProvider.System, endpoints, sas, options: options);
        Outside = new OutsideListener(config, network, endpoints, new OutsideReceivers(Ike.Receive), ikePort: ikePort, natTPort: natTPort);
    }

    public IkeService Ike { get; }
    public OutsideListener Outside { get; }

    /// <summary>Starts the control loop and listens where the config says; the problems said.</summary>
    public IReadOnlyList<string> Start()
    {
        Ike.Start();
        return Outside.Reconcile();
    }

    public async ValueTask DisposeAsync()
    {
        await Outside.DisposeAsync();
        await Ike.DisposeAsync();
    }
}
