namespace AsaEmu.ConfigModel.Model;

/// <summary>What the outer IPv4 header's DF bit is for ESP sent on an interface (<c>crypto ipsec df-bit</c>).</summary>
public enum DfBitPolicy
{
    /// <summary><c>copy-df</c> (default): the outer DF bit is the inner packet's.</summary>
    CopyDf,
    /// <summary><c>clear-df</c>: the outer packet may always be fragmented.</summary>
    ClearDf,
    /// <summary><c>set-df</c>: the outer packet is never fragmented.</summary>
    SetDf,
}

public static class DfBitPolicies
{
    public static string Name(DfBitPolicy policy) => policy switch
    {
        DfBitPolicy.ClearDf => "clear-df",
        DfBitPolicy.SetDf => "set-df",
        _ => "copy-df",
    };

    public static DfBitPolicy Parse(string name) => name switch
    {
        "clear-df" => DfBitPolicy.ClearDf,
        "set-df" => DfBitPolicy.SetDf,
        _ => DfBitPolicy.CopyDf,
    };
}

/// <summary>
/// <c>crypto ipsec df-bit clear-df|set-df NAMEIF</c>: the DF policy of one interface. Only a policy
/// other than the default <c>copy-df</c> is stored and printed (9.x show run [M]).
/// </summary>
public sealed record IpsecDfBit(string Interface, DfBitPolicy Policy) : ConfigItem, IRendered
{
    public override string Key => Interface;
    public IEnumerable<string> Render(RenderContext c) => [Line(Policy, Interface)];
    public static string Line(DfBitPolicy policy, string nameIf) => $"crypto ipsec df-bit {DfBitPolicies.Name(policy)} {nameIf}";
}

/// <summary>
/// <c>crypto ipsec fragmentation after-encryption NAMEIF</c>: the interface fragments ESP packets
/// that exceed its MTU instead of fragmenting the clear packet before encryption (the default,
/// <c>before-encryption</c>, is not stored or printed).
/// </summary>
public sealed record IpsecFragmentation(string Interface) : ConfigItem, IRendered
{
    public override string Key => Interface;
    public IEnumerable<string> Render(RenderContext c) => [Line(beforeEncryption: false, Interface)];
    public static string Line(bool beforeEncryption, string nameIf) =>
        $"crypto ipsec fragmentation {(beforeEncryption ? "before-encryption" : "after-encryption")} {nameIf}";
}

/// <summary>
/// How ESP leaves through one outside interface: its MTU (the path MTU here), the DF policy and
/// whether clear packets are fragmented before encryption.
/// </summary>
public sealed record IpsecPathPolicy(string? NameIf, long Mtu, DfBitPolicy DfBit, bool FragmentBeforeEncryption)
{
    public static readonly IpsecPathPolicy Default = new(null, Interface.DefaultMtu, DfBitPolicy.CopyDf, true);
}

public static class IpsecPathQueries
{
    /// <summary>
    /// The policy for ESP sent from <paramref name="localAddress"/>: that of the named interface with
    /// this address, the defaults when none has it.
    /// </summary>
    public static IpsecPathPolicy IpsecPathPolicyFor(this AsaConfig config, Ipv4 localAddress)
    {
        var outside = config.InterfaceWithAddress(localAddress);
        if (outside?.NameIf is not { } nameIf) return IpsecPathPolicy.Default;
        return new IpsecPathPolicy(nameIf, outside.Mtu, config.Get<IpsecDfBit>(nameIf)?.Policy ?? DfBitPolicy.CopyDf,
            config.Get<IpsecFragmentation>(nameIf) is null);
    }
}
