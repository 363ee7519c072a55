using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;

namespace AsaEmu.ConfigModel.Rendering;

/// <summary>Lines show run prints for a setting that was never configured, or that the config derives.</summary>
public sealed record RenderedLines(OrderKey Order, IReadOnlyList<string> Lines);

/// <summary>
/// Defaults that the ASA prints even when unchanged (reference §1.8): hostname, enable password,
/// the 9.x <c>xlate per-session deny</c> lines, pager lines, <c>crypto ipsec security-association
/// pmtu-aging infinite</c>, <c>crypto ca trustpool policy</c>, <c>ssh stricthostkeycheck</c>, ssh and
/// telnet timeouts, <c>ssh key-exchange group dh-group1-sha1</c> [S: the 9.5(2), 9.7(1) and 9.12(4)
/// device captures, and 9.3(1) and 9.x ASAv configs in public write-ups]. Since 9.0(2) there is no default <c>passwd</c> (the telnet
/// password <c>cisco</c> is gone) [S: no passwd line in the ASAv 9.3(1) and 9.7(1) captures].
/// A default kept verbatim in the config (itself or its <c>no</c> form) is not printed twice.
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
            // [M] the anti-replay window and the SSH key exchange of a 9.8 box left at their defaults.
            if (Absent(c, "crypto ipsec security-association replay"))
                yield return At(Sections.IpsecGlobal, "crypto ipsec security-association replay window-size 64");
            // The SSH server's settings at their defaults, after the timeout and before the key exchange, in the order
            // 9.x configs that set them print them (ssh version 2, then ssh cipher encryption, then key-exchange [S: the
            // mockdevices, netutils and oxidized 9.x configs, and a public 9.x hardening config]). Version 2: the 9.x
            // configuration guide, "Only SSH Version 2 is supported" [C]; medium for both cipher lists: "By default, the
            // ASA's SSH server uses the medium cipher list" [S: layer77.net, show ssh ciphers on 9.4(3)12]. [M] that
            // show running-config all prints these three.
            if (c.Get<ManagementSetting>("ssh version") is null) yield return At(Sections.Ssh, SshTail - 3, "ssh version 2");
            if (Absent(c, "ssh cipher encryption")) yield return At(Sections.Ssh, SshTail - 2, "ssh cipher encryption medium");
            if (Absent(c, "ssh cipher integrity")) yield return At(Sections.Ssh, SshTail - 1, "ssh cipher integrity medium");
            var sysopt = Sysopt(named).Where(d => !SysoptSet(c, d.Key)).Select(d => d.Line).ToList();
            if (sysopt.Count > 0) yield return new RenderedLines(new OrderKey(Sections.Sysopt, 0), sysopt);
        }
        if (c.Get<Hostname>() is null) yield return At(Sections.Hostname, $"hostname {Hostname.Default}");
        if (c.Get<EnablePassword>("15") is null) yield return At(Sections.EnablePassword, $"enable password {EmptyEnableHash} encrypted");
        if (Absent(c, "xlate per-session"))
            yield return new RenderedLines(new OrderKey(Sections.EnablePassword, long.MaxValue), XlatePerSessionDeny);
        if (c.Get<PagerLines>() is null) yield return At(Sections.Pager, $"pager lines {PagerLines.Default}");
        if (Absent(c, "crypto ipsec security-association pmtu-aging"))
            yield return At(Sections.IpsecGlobal, "crypto ipsec security-association pmtu-aging infinite");
        if (Absent(c, "crypto ca trustpool policy")) yield return At(Sections.CryptoCa, "crypto ca trustpool policy");
        if (c.Get<ManagementSetting>("telnet timeout") is null) yield return At(Sections.Telnet, "telnet timeout 5");
        if (Absent(c, "ssh stricthostkeycheck")) yield return new RenderedLines(new OrderKey(Sections.Ssh, -1), ["ssh stricthostkeycheck"]);
        // After the ssh ADDR MASK IF lines, as every 9.x config prints it [S: mockdevices, netutils, oxidized].
        if (c.Get<ManagementSetting>("ssh timeout") is null) yield return At(Sections.Ssh, SshTail - 4, "ssh timeout 5");
        if (c.Get<ManagementSetting>("ssh key-exchange group") is null) yield return At(Sections.Ssh, SshTail, "ssh key-exchange group dh-group1-sha1");
    }

    /// <summary>
    /// The <c>sysopt</c> settings at their defaults, as <c>show running-config all</c> prints them: decrypted VPN traffic
    /// bypasses the interface ACLs, <c>sysopt connection permit-vpn</c> [C: the 9.x VPN configuration guide, "Configure
    /// IPsec to Bypass ACLs": on by default, shown by show run all sysopt]; the TCP MSS of 1380 and no timewait [C: the
    /// sysopt command reference's defaults]; the rest, the order and proxy ARP per named interface [M].
    /// Keyed by the setting a configured line (itself or its <c>no</c> form) replaces.
    /// </summary>
    private static IEnumerable<(string Key, string Line)> Sysopt(IEnumerable<string> nameIfs) =>
    [
        ("sysopt connection timewait", "no sysopt connection timewait"),
        ("sysopt connection tcpmss", "sysopt connection tcpmss 1380"),
        ("sysopt connection tcpmss minimum", "sysopt connection tcpmss minimum 0"),
        ("sysopt connection permit-vpn", "sysopt connection permit-vpn"),
        ("sysopt connection reclassify-vpn", "sysopt connection reclassify-vpn"),
        ("sysopt connection preserve-vpn-flows", "no sysopt connection preserve-vpn-flows"),
        ("sysopt radius ignore-secret", "no sysopt radius ignore-secret"),
        .. nameIfs.Select(n => ($"sysopt noproxyarp {n}", $"no sysopt noproxyarp {n}")),
    ];

    /// <summary>Whether a kept sysopt line sets <paramref name="key"/>: the line without <c>no</c> and without its number is the key.</summary>
    private static bool SysoptSet(AsaConfig c, string key) => c.All<VerbatimBlock>().Any(b =>
    {
        var words = b.Head.Split(' ', StringSplitOptions.RemoveEmptyEntries).AsEnumerable();
        if (words.FirstOrDefault() == "no") words = words.Skip(1);
        if (words.LastOrDefault() is { } last && last.All(char.IsAsciiDigit)) words = words.SkipLast(1);
        return string.Join(' ', words) == key;
    });

    /// <summary>The place of the last default line of the ssh section (the key exchange); the others count down from it.</summary>
    private const long SshTail = long.MaxValue;

    /// <summary>The per-session PAT exemptions 9.0 added for DNS and TCP, shown by every 9.x config [S].</summary>
    public static readonly IReadOnlyList<string> XlatePerSessionDeny =
    [
        "xlate per-session deny tcp any4 any4",
        "xlate per-session deny tcp any4 any6",
        "xlate per-session deny tcp any6 any4",
        "xlate per-session deny tcp any6 any6",
        "xlate per-session deny udp any4 any4 eq domain",
        "xlate per-session deny udp any4 any6 eq domain",
        "xlate per-session deny udp any6 any4 eq domain",
        "xlate per-session deny udp any6 any6 eq domain",
    ];

    /// <summary>No line of the config, kept verbatim, is <paramref name="command"/> or its <c>no</c> form.</summary>
    private static bool Absent(AsaConfig c, string command) =>
        !c.All<VerbatimBlock>().Any(b => b.Head.StartsWith(command, StringComparison.Ordinal) || b.Head.StartsWith("no " + command, StringComparison.Ordinal));

    private static RenderedLines At(int section, string line) => At(section, 0, line);

    private static RenderedLines At(int section, long seq, string line) => new(new OrderKey(section, seq), [line]);
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
