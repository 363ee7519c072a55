using System.Collections.Immutable;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// A source or destination of an access-control entry, with its canonical show-run text.
/// </summary>
public abstract record AceAddress
{
    public abstract string Text { get; }
    public override string ToString() => Text;
}

/// <summary><c>any</c>, <c>any4</c> or <c>any6</c>.</summary>
public sealed record AceAny(string Keyword) : AceAddress
{
    public override string Text => Keyword;
}

/// <summary><c>host IP</c>; the address is IPv4 (<see cref="Ipv4"/> set) or IPv6 (kept as written).</summary>
public sealed record AceHost(string Address, Ipv4? Ipv4) : AceAddress
{
    public override string Text => $"host {Address}";
}

/// <summary><c>NET MASK</c> (IPv4).</summary>
public sealed record AceNetwork(Ipv4 Network, Ipv4 Mask) : AceAddress
{
    public override string Text => $"{Network} {Mask}";
}

/// <summary>An IPv6 prefix, <c>2001:db8::/64</c>, kept as written.</summary>
public sealed record AcePrefix6(string Prefix) : AceAddress
{
    public override string Text => Prefix;
}

/// <summary><c>object NAME</c>, <c>object-group NAME</c> or <c>interface NAMEIF</c>.</summary>
public sealed record AceNamed(string Kind, string Name) : AceAddress
{
    public override string Text => $"{Kind} {Name}";
}

/// <summary>A port match: <c>eq https</c>, <c>range 1024 65535</c>, <c>object-group G</c>; values already canonical.</summary>
public sealed record AcePort(string Operator, ImmutableArray<string> Values)
{
    public string Text => $"{Operator} {string.Join(' ', Values)}";
    public override string ToString() => Text;
}

/// <summary>One line of an access-list, as the text that follows <c>access-list NAME </c> in show run.</summary>
public abstract record AclEntry
{
    public abstract string Text { get; }

    /// <summary>The list type the entry belongs in (<c>standard</c>, <c>extended</c>, ...); null for a remark.</summary>
    public virtual string? ListType => Text[..Text.IndexOf(' ')];
    public override string ToString() => Text;
}

/// <summary><c>remark TEXT</c>, spacing kept.</summary>
public sealed record AclRemark(string Remark) : AclEntry
{
    public override string Text => $"remark {Remark}";
    public override string? ListType => null;
}

/// <summary><c>standard permit|deny ADDRESS</c> (network, host, any).</summary>
public sealed record StandardAce(bool Permit, AceAddress Address) : AclEntry
{
    public override string Text => $"standard {(Permit ? "permit" : "deny")} {Address.Text}";
}

/// <summary>
/// <c>extended permit|deny PROTO SRC [SRCPORT] DST [DSTPORT|ICMPTYPE] [options]</c>, every keyword in full
/// and well-known port, protocol and ICMP numbers by name, as the ASA shows them.
/// </summary>
public sealed record ExtendedAce(
    bool Permit,
    string Protocol,
    AceAddress Source,
    AcePort? SourcePort,
    AceAddress Destination,
    AcePort? DestinationPort,
    string? IcmpType,
    ImmutableArray<string> Options) : AclEntry
{
    public bool Inactive => Options.Contains("inactive");

    public override string Text
    {
        get
        {
            var words = new List<string> { "extended", Permit ? "permit" : "deny", Protocol, Source.Text };
            if (SourcePort is not null) words.Add(SourcePort.Text);
            words.Add(Destination.Text);
            if (DestinationPort is not null) words.Add(DestinationPort.Text);
            if (IcmpType is not null) words.Add(IcmpType);
            words.AddRange(Options);
            return string.Join(' ', words);
        }
    }

    public bool Equals(ExtendedAce? other) => other is not null && Text == other.Text;
    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
}

/// <summary>An entry AsaEmu keeps but does not evaluate (<c>webtype</c>, <c>ethertype</c>), as written after the name.</summary>
public sealed record KeptAce(string Body) : AclEntry
{
    public override string Text => Body;
}

/// <summary>
/// One access-list: its entries in order (remarks included: the ASA numbers them as lines too).
/// Rendered one <c>access-list NAME ...</c> line per entry.
/// </summary>
public sealed record AccessList(string Name, ImmutableList<AclEntry> Entries) : ConfigItem, IRendered
{
    public override string Key => Name;

    public IEnumerable<string> Render(RenderContext c) => Entries.Select(e => $"access-list {Name} {e.Text}");

    /// <summary>standard, extended, webtype or ethertype: the type of its first entry; null while it has only remarks.</summary>
    public string? Type => Entries.Select(e => e.ListType).FirstOrDefault(t => t is not null);

    /// <summary>The access-control entries, remarks left out.</summary>
    public IEnumerable<AclEntry> Aces => Entries.Where(e => e is not AclRemark);

    /// <summary>The network an entry's address stands for (host as /32, any as 0/0); null for objects and IPv6.</summary>
    internal static (Ipv4 Network, Ipv4 Mask)? Network(AceAddress address) => address switch
    {
        AceNetwork n => (n.Network, n.Mask),
        AceHost { Ipv4: { } ip } => (ip, Ipv4.HostMask),
        AceAny { Keyword: "any" or "any4" } => (Ipv4.Any, Ipv4.Any),
        _ => null,
    };
}
