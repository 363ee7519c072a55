using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;

namespace AsaEmu.ConfigModel.Rendering;

/// <summary>Lines show run prints for a setting that was never configured, or that the config derives.</summary>
public sealed record RenderedLines(OrderKey Order, IReadOnlyList<string> Lines);

/// <summary>
/// Defaults that the ASA prints even when unchanged (reference §1.8): hostname, enable password,
/// passwd, pager lines, ssh and telnet timeouts.
/// </summary>
public static class DefaultLines
{
    public static readonly string EmptyEnableHash = AsaPasswordHash.Pix("");
    public static readonly string DefaultPasswdHash = AsaPasswordHash.Pix("cisco");

    public static IEnumerable<RenderedLines> For(AsaConfig c, bool showDefaults = false)
    {
        if (showDefaults)
        {
            // show running-config all: global settings that are hidden at their default [M for the isakmp ones].
            if (c.Get<IpsecSaLifetime>() is null)
                yield return new RenderedLines(new OrderKey(Sections.IpsecSaLifetime, 0),
                    [.. new IpsecSaLifetime(SaLifetime.None).Render(new RenderContext(c, false, true))]);
            // Per named interface: fragmentation lines, then DF lines [M order].
            var named = c.All<Interface>().Where(i => i.NameIf is not null).Select(i => i.NameIf!).ToList();
            var ipsecPath = named.Where(n => c.Get<IpsecFragmentation>(n) is null).Select(n => IpsecFragmentation.Line(beforeEncryption: true, n))
                .Concat(named.Where(n => c.Get<IpsecDfBit>(n) is null).Select(n => IpsecDfBit.Line(DfBitPolicy.CopyDf, n)))
                .ToList();
            if (ipsecPath.Count > 0) yield return new RenderedLines(new OrderKey(Sections.IpsecGlobal, 0), ipsecPath);
            if (c.Get<IsakmpIdentity>() is null) yield return At(Sections.IsakmpGlobal, "crypto isakmp identity auto");
            if (c.Get<NatTraversal>() is null) yield return At(Sections.IsakmpGlobal, "crypto isakmp nat-traversal 20");
        }
        if (c.Get<Hostname>() is null) yield return At(Sections.Hostname, $"hostname {Hostname.Default}");
        if (c.Get<EnablePassword>("15") is null) yield return At(Sections.EnablePassword, $"enable password {EmptyEnableHash} encrypted");
        if (c.Get<Passwd>() is null) yield return At(Sections.Passwd, $"passwd {DefaultPasswdHash} encrypted");
        if (c.Get<PagerLines>() is null) yield return At(Sections.Pager, $"pager lines {PagerLines.Default}");
        if (c.Get<ManagementSetting>("telnet timeout") is null) yield return At(Sections.Telnet, "telnet timeout 5");
        if (c.Get<ManagementSetting>("ssh timeout") is null) yield return At(Sections.Ssh, "ssh timeout 5");
    }

    private static RenderedLines At(int section, string line) => new(new OrderKey(section, 0), [line]);
}

/// <summary>Sections derived from other objects: one <c>mtu</c> line per named interface.</summary>
public static class GeneratedSections
{
    public static IEnumerable<RenderedLines> For(AsaConfig c)
    {
        foreach (var i in c.All<Interface>())
            if (i.NameIf is not null)
                yield return new RenderedLines(new OrderKey(Sections.Mtu, i.Order.Seq), [$"mtu {i.NameIf} {i.Mtu}"]);
    }
}
