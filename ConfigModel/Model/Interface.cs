using System.Collections.Immutable;

using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary>An interface address: static with an optional failover standby, or from DHCP.</summary>
/// <summary>
/// An interface's address: static (<c>ip address A M [standby S]</c>), or learned from the network
/// (<see cref="Learned"/>: <c>ip address dhcp [setroute]</c>, or with <see cref="Pppoe"/>
/// <c>ip address pppoe [setroute]</c>), when it has none of its own to listen on.
/// </summary>
public sealed record InterfaceAddress(Ipv4 Address, Ipv4 Mask, Ipv4? Standby, bool Learned = false, bool SetRoute = false, bool Pppoe = false)
{
    public Ipv4 Network => Address.And(Mask);

    public string Render() => Learned
        ? $" ip address {(Pppoe ? "pppoe" : "dhcp")}{(SetRoute ? " setroute" : "")} "
        : $" ip address {Address} {Mask} {(Standby is { } s ? $"standby {s} " : "")}";
}

/// <summary>
/// <c>interface NAME</c> and its sub-mode. The MTU is set by the global <c>mtu NAMEIF N</c> line and
/// printed in the mtu section, but belongs to the interface, so it goes when the nameif goes.
/// </summary>
public sealed record Interface(string Name) : ConfigItem, IRendered
{
    public const int DefaultMtu = 1500;

    public string? Description { get; init; }
    public bool Shutdown { get; init; }
    public bool ManagementOnly { get; init; }
    public string? NameIf { get; init; }
    public int? SecurityLevel { get; init; }
    public InterfaceAddress? Ip { get; init; }
    public long Mtu { get; init; } = DefaultMtu;
    public ImmutableList<ExtraLine> Extras { get; init; } = [];

    public override string Key => Name;

    // Sub-mode order on 9.x: shutdown, description, management-only, nameif, security-level, ip address.
    public const int ShutdownRank = 10, DescriptionRank = 20, ManagementRank = 30, NameIfRank = 40, SecurityRank = 50, IpRank = 60;

    /// <summary>The rank of the attribute a sub-mode line sets (its <c>no</c> form included); 0 for none.</summary>
    public static int RankOf(string line) => AttributeRanks.Of(line,
        ("shutdown", ShutdownRank), ("description", DescriptionRank), ("management-only", ManagementRank),
        ("nameif", NameIfRank), ("security-level", SecurityRank), ("ip address", IpRank));

    public IEnumerable<string> Render(RenderContext c)
    {
        var attributes = new List<(int Rank, string Line)>();
        if (Description is not null) attributes.Add((DescriptionRank, $" description {Description}"));
        if (Shutdown) attributes.Add((ShutdownRank, " shutdown"));
        if (ManagementOnly) attributes.Add((ManagementRank, " management-only"));
        attributes.Add((NameIfRank, NameIf is null ? " no nameif" : $" nameif {NameIf}"));
        attributes.Add((SecurityRank, SecurityLevel is null ? " no security-level" : $" security-level {SecurityLevel}"));
        attributes.Add((IpRank, Ip is null ? " no ip address" : Ip.Render()));
        if (c.ShowDefaults && IsPort)
            foreach (var (rank, setting, line) in PortDefaults)
                if (!Extras.Any(e => PortSetting(e.Text) == setting))
                    attributes.Add((rank, line));
        // A kept speed or duplex line prints at its place in the ASA's order, wherever it was typed.
        var extras = Extras.Select(e => PortDefaults.FirstOrDefault(d => d.Setting == PortSetting(e.Text)) is { Setting: not null } d ? e with { Rank = d.Rank } : e);
        return SubModeLines.Merge($"interface {Name}", attributes, [.. extras]);
    }

    /// <summary>The port setting a kept sub-mode line sets (<c>speed</c>, <c>duplex</c>, their <c>no</c> forms), else null.</summary>
    private static string? PortSetting(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var word = words.Length > 1 && words[0] == "no" ? words[1] : words.FirstOrDefault();
        return word is "speed" or "duplex" ? word : null;
    }

    /// <summary>A physical port (not a subinterface, VLAN, port-channel or tunnel): it has a speed and a duplex.</summary>
    private bool IsPort => !Name.Contains('.', StringComparison.Ordinal) &&
        (Name.StartsWith("GigabitEthernet", StringComparison.Ordinal) || Name.StartsWith("Management", StringComparison.Ordinal) ||
         Name.StartsWith("TenGigabitEthernet", StringComparison.Ordinal) || Name.StartsWith("Ethernet", StringComparison.Ordinal));

    /// <summary>
    /// What <c>show running-config all</c> adds to a port left at its defaults [M: no public capture of
    /// <c>show running-config all interface</c>]: <c>speed auto</c> and <c>duplex auto</c> (the ASAv's
    /// "Auto-Duplex(Full-duplex), Auto-Speed(1000 Mbps)" in show interface), where an ASAv prints a set duplex:
    /// after the description, before management-only [S: mockdevices' ASAv config, " description ..." then
    /// " duplex full"]. Keyed by the setting a kept line of the same kind replaces.
    /// </summary>
    private static readonly (int Rank, string Setting, string Line)[] PortDefaults =
    [
        (DescriptionRank + 4, "speed", " speed auto"),
        (DescriptionRank + 5, "duplex", " duplex auto"),
    ];
}

/// <summary>
/// Which interface carries each nameif and each connected network: the index behind nameif
/// references and the address-conflict check, so neither scans every interface.
/// </summary>
public sealed record InterfaceIndex : ConfigItem
{
    public ImmutableDictionary<string, string> ByNameIf { get; init; } = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
    public ImmutableDictionary<Ipv4, string> ByNetwork { get; init; } = ImmutableDictionary<Ipv4, string>.Empty;
    public override string Key => "";

    public InterfaceIndex Replace(Interface? old, Interface? updated)
    {
        var byName = ByNameIf;
        var byNetwork = ByNetwork;
        if (old?.NameIf is { } oldName) byName = byName.Remove(oldName);
        if (old?.Ip is { Learned: false } oldIp) byNetwork = byNetwork.Remove(oldIp.Network);
        if (updated?.NameIf is { } newName) byName = byName.SetItem(newName, updated.Name);
        if (updated?.Ip is { Learned: false } newIp) byNetwork = byNetwork.SetItem(newIp.Network, updated.Name);
        return this with { ByNameIf = byName, ByNetwork = byNetwork };
    }
}
