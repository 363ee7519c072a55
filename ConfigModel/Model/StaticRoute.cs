namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// <c>route NAMEIF NET MASK GATEWAY [METRIC] [track N] [tunneled]</c>. The metric (default 1) is
/// always printed: <c>route outside 0.0.0.0 0.0.0.0 203.0.113.254 1</c>.
/// </summary>
public sealed record StaticRoute(string NameIf, Ipv4 Network, Ipv4 Mask, Ipv4 Gateway) : ConfigItem, IRendered
{
    public const int DefaultMetric = 1;

    public int Metric { get; init; } = DefaultMetric;
    public int? Track { get; init; }
    public bool Tunneled { get; init; }

    /// <summary>A route is one interface, destination and gateway: the same one again is a duplicate.</summary>
    public override string Key => KeyOf(NameIf, Network, Mask, Gateway);

    public static string KeyOf(string nameIf, Ipv4 network, Ipv4 mask, Ipv4 gateway) => $"{nameIf} {network} {mask} {gateway}";

    public bool IsDefault => Mask == Ipv4.Any;

    public bool Matches(Ipv4 destination) => destination.And(Mask) == Network;

    public IEnumerable<string> Render(RenderContext c) =>
        [$"route {NameIf} {Network} {Mask} {Gateway} {Metric}{(Track is { } t ? $" track {t}" : "")}{(Tunneled ? " tunneled" : "")}"];
}
