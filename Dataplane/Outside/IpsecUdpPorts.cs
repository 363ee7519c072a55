using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// The UDP ports Cisco's IPsec over UDP needs open: the <c>ipsec-udp-port</c> of every group policy whose
/// attributes, with what they inherit from DfltGrpPolicy, say <c>ipsec-udp enable</c> (a username's
/// attributes cannot set it). They are open while the config has them, whichever session will use one.
/// </summary>
public static class IpsecUdpPorts
{
    public static IReadOnlySet<int> Of(AsaConfig config)
    {
        var ports = new SortedSet<int>();
        var inherited = (config.Get<GroupPolicy>(GroupPolicy.DefaultName)?.Attributes ?? PolicyAttributes.Empty).Over(PolicyAttributes.AsaDefaults);
        foreach (var attributes in config.All<GroupPolicy>().Select(p => p.Attributes.Over(inherited)).Append(inherited))
            if (attributes.IpsecUdp == true) ports.Add((int)(attributes.IpsecUdpPort ?? PolicyAttributes.DefaultIpsecUdpPort));
        return ports;
    }
}
