namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// Routes into the TUN device: a host route per client address, a network route per hardware client's
/// network and per site's protected network.
/// </summary>
public interface IRouteTable
{
    /// <summary>Adds or replaces <c>network/mask</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void AddRoute(string device, ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask);

    /// <summary>Removes <c>network/mask</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void RemoveRoute(string device, ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask);
}
