namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// <c>no vpn-addr-assign aaa|dhcp|local</c>: one way of giving remote-access clients an address
/// turned off. All three are on from the factory and the ASA tries them in that order (the
/// address an AAA server or the user's <c>vpn-framed-ip-address</c> gives, DHCP, the pools); only
/// the ones turned off are stored and printed [M: 9.x show run].
/// </summary>
public sealed record VpnAddrAssignOff(string Method) : ConfigItem, IRendered
{
    public const string Aaa = "aaa", Dhcp = "dhcp", Local = "local";

    public override string Key => Method;
    public IEnumerable<string> Render(RenderContext c) => [$"no vpn-addr-assign {Method}"];
}

/// <summary>
/// <c>vpn-addr-assign local reuse-delay MINUTES</c>: a pool address given back is not handed out
/// again before this long (0, the default, is not stored).
/// </summary>
public sealed record VpnAddrAssignReuseDelay(long Minutes) : ConfigItem, IRendered
{
    public override string Key => "reuse-delay";
    public IEnumerable<string> Render(RenderContext c) => [$"vpn-addr-assign local reuse-delay {Minutes}"];
}

public static class VpnAddrAssignQueries
{
    /// <summary>Whether <paramref name="method"/> (<see cref="VpnAddrAssignOff.Aaa"/>, ...) gives addresses.</summary>
    public static bool AssignsBy(this AsaConfig config, string method) => config.Get<VpnAddrAssignOff>(method) is null;

    /// <summary>How long a pool address given back rests before it is handed out again.</summary>
    public static TimeSpan AddressReuseDelay(this AsaConfig config) => TimeSpan.FromMinutes(config.Get<VpnAddrAssignReuseDelay>("reuse-delay")?.Minutes ?? 0);
}
