namespace AsaEmu.Dataplane.Forwarding;

/// <summary>Host routes for the clients' addresses into the TUN device.</summary>
public interface IRouteTable
{
    /// <summary>Adds or replaces <c>address/32</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void AddHostRoute(string device, uint address);

    /// <summary>Removes <c>address/32</c> via the device; throws <see cref="IOException"/> on failure.</summary>
    void RemoveHostRoute(string device, uint address);
}
