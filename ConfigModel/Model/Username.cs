using System.Collections.Immutable;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// A local user (reference §4.1): <c>username NAME password HASH encrypted [privilege N]</c> or
/// <c>nopassword</c>, and its <c>attributes</c> sub-mode, printed right after the user's line.
/// </summary>
public sealed record Username(string Name) : ConfigItem, IRendered
{
    public const int DefaultPrivilege = 2;

    /// <summary>Null for <c>nopassword</c>.</summary>
    public PasswordHash? Password { get; init; }
    public int Privilege { get; init; } = DefaultPrivilege;
    public string? VpnGroupPolicy { get; init; }
    public Ipv4? FramedIp { get; init; }
    public Ipv4? FramedMask { get; init; }
    /// <summary><c>admin</c>, <c>nas-prompt</c> or <c>remote-access</c>; null when not set.</summary>
    public string? ServiceType { get; init; }
    /// <summary>The group-policy attributes set on the user itself (they win over every policy).</summary>
    public PolicyAttributes Attributes { get; init; } = PolicyAttributes.Empty;
    public ImmutableList<ExtraLine> Extras { get; init; } = [];

    public override string Key => Name;

    /// <summary>Sub-mode order [M]: the group-policy attributes a user can carry, then the user's own.</summary>
    public static readonly AttributeOrder Ranks = new AttributeOrder()
        .Kept("description", 5)
        .Modelled("vpn-group-policy", 10)
        .Modelled("vpn-access-hours", 15)
        .Modelled("vpn-simultaneous-logins", 20)
        .Modelled("vpn-idle-timeout", 30)
        .Kept("vpn-idle-timeout alert-interval", 31)
        .Modelled("vpn-session-timeout", 40)
        .Kept("vpn-session-timeout alert-interval", 41)
        .Modelled("vpn-filter", 50)
        .Kept("ipv6-vpn-filter", 55)
        .Modelled("vpn-tunnel-protocol", 60)
        .Modelled("password-storage", 70)
        .Modelled("group-lock", 80)
        .Modelled("vpn-framed-ip-address", 90)
        .Kept("vpn-framed-ip-netmask", 95)
        .Kept("vpn-framed-ipv6-address", 97)
        .Modelled("service-type", 100)
        .Kept("memberof", 105)
        .Kept("email", 107)
        .Kept("ssh", 110)
        .Kept("webvpn", 120);

    public IEnumerable<string> Render(RenderContext c)
    {
        var privilege = Privilege == DefaultPrivilege ? "" : $" privilege {Privilege}";
        yield return Password is null ? $"username {Name} nopassword{privilege}" : $"username {Name} password {Password}{privilege}";
        var attributes = Attributes.Lines().Select(l => (Ranks.RankOf(l.Name), " " + l.Text)).ToList();
        if (VpnGroupPolicy is not null) attributes.Add((Ranks.RankOf("vpn-group-policy"), $" vpn-group-policy {VpnGroupPolicy}"));
        if (FramedIp is { } ip)
            attributes.Add((Ranks.RankOf("vpn-framed-ip-address"), FramedMask is { } m ? $" vpn-framed-ip-address {ip} {m}" : $" vpn-framed-ip-address {ip}"));
        if (ServiceType is not null) attributes.Add((Ranks.RankOf("service-type"), $" service-type {ServiceType}"));
        if (attributes.Count == 0 && Extras.IsEmpty) yield break;
        foreach (var line in SubModeLines.Merge($"username {Name} attributes", attributes, Extras))
            yield return line;
    }
}
