namespace AsaEmu.ConfigModel.Model;

/// <summary>Which interface is which: by its nameif, or by the address configured on it.</summary>
public static class InterfaceQueries
{
    /// <summary>The interface whose nameif is <paramref name="nameIf"/>, or null.</summary>
    public static Interface? InterfaceNamed(this AsaConfig config, string nameIf) =>
        config.Get<InterfaceIndex>()?.ByNameIf.TryGetValue(nameIf, out var name) == true ? config.Get<Interface>(name) : null;

    /// <summary>The named interface whose configured (not learned) address is <paramref name="address"/>, or null.</summary>
    public static Interface? InterfaceWithAddress(this AsaConfig config, Ipv4 address) =>
        config.All<Interface>().FirstOrDefault(i => i.NameIf is not null && i.Ip is { Learned: false } ip && ip.Address == address);

    /// <summary>The nameif of the interface whose configured (not learned) address is <paramref name="address"/>, or null.</summary>
    public static string? NameIfWithAddress(this AsaConfig config, Ipv4 address) => config.InterfaceWithAddress(address)?.NameIf;

    /// <inheritdoc cref="NameIfWithAddress(AsaConfig, Ipv4)"/>
    public static string? NameIfWithAddress(this AsaConfig config, System.Net.IPAddress address) =>
        Ipv4.TryFrom(address, out var v4) ? config.NameIfWithAddress(v4) : null;
}
