using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary>What a network object stands for: one of host, subnet, range or fqdn.</summary>
public abstract record NetworkObjectValue
{
    /// <summary>The sub-mode line without its indent: <c>host 10.0.0.1</c>.</summary>
    public abstract string Text { get; }

    /// <summary>The IPv4 network it covers, when it is an IPv4 host or subnet.</summary>
    public virtual (Ipv4 Network, Ipv4 Mask)? Ipv4Network => null;
}

/// <summary><c>host IP</c>: IPv4 (<see cref="Ipv4"/> set) or IPv6, kept as written.</summary>
public sealed record ObjectHost(string Address, Ipv4? Ipv4) : NetworkObjectValue
{
    public override string Text => $"host {Address}";
    public override (Ipv4 Network, Ipv4 Mask)? Ipv4Network => Ipv4 is { } a ? (a, Model.Ipv4.HostMask) : null;
}

/// <summary><c>subnet NET MASK</c> (IPv4).</summary>
public sealed record ObjectSubnet(Ipv4 Network, Ipv4 Mask) : NetworkObjectValue
{
    public override string Text => $"subnet {Network} {Mask}";
    public override (Ipv4 Network, Ipv4 Mask)? Ipv4Network => (Network, Mask);
}

/// <summary><c>subnet PREFIX/LEN</c> (IPv6), kept as written.</summary>
public sealed record ObjectSubnet6(string Prefix) : NetworkObjectValue
{
    public override string Text => $"subnet {Prefix}";
}

/// <summary><c>range FIRST LAST</c>, IPv4 or IPv6, kept as written.</summary>
public sealed record ObjectRange(string First, string Last) : NetworkObjectValue
{
    public override string Text => $"range {First} {Last}";
}

/// <summary><c>fqdn [v4|v6] NAME</c>, kept (AsaEmu does not resolve it).</summary>
public sealed record ObjectFqdn(string? Family, string Name) : NetworkObjectValue
{
    public override string Text => Family is null ? $"fqdn {Name}" : $"fqdn {Family} {Name}";
}

/// <summary>
/// <c>object network NAME</c> and its sub-mode: the definition and description. Its NAT rule is an
/// <see cref="ObjectNat"/>, printed where the ASA prints it, in the NAT section.
/// </summary>
public sealed record NetworkObject(string Name) : ConfigItem, IRendered
{
    public NetworkObjectValue? Value { get; init; }
    public string? Description { get; init; }

    public override string Key => Name;

    public const int ValueRank = 10, DescriptionRank = 20;

    public IEnumerable<string> Render(RenderContext c)
    {
        var attributes = new List<(int Rank, string Line)>();
        if (Value is not null) attributes.Add((ValueRank, " " + Value.Text));
        if (Description is not null) attributes.Add((DescriptionRank, $" description {Description}"));
        return SubModeLines.Merge($"object network {Name}", attributes, []);
    }
}

/// <summary>
/// The NAT rule of a network object (<c>nat (in,out) static|dynamic ...</c>), kept as written, not
/// emulated. An object has at most one; the ASA prints it in the NAT section, in a second
/// <c>object network NAME</c> stanza.
/// </summary>
public sealed record ObjectNat(string ObjectName, string Rule) : ConfigItem, IRendered
{
    public override string Key => ObjectName;

    public IEnumerable<string> Render(RenderContext c) => [$"object network {ObjectName}", $" {Rule}"];
}
