using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// Valid ASA top-level commands that AsaEmu keeps verbatim: their leading words, whether they open
/// a sub-mode (whose lines then belong to them, indented or not), the prompt of that sub-mode, and
/// the show-run section they belong to. Built from the reference and the real-config corpus.
/// </summary>
public static class CommandCatalogue
{
    public sealed record Entry(string Words, bool EntersMode, int Section, string? Prompt = null)
    {
        public string[] Parts { get; } = Words.Split(' ');
    }

    private static Entry Line(string words, int section) => new(words, false, section);
    private static Entry Mode(string words, int section, string prompt) => new(words, true, section, prompt);

    public static readonly IReadOnlyList<Entry> Entries =
    [
        // Before hostname, or anywhere: terminal settings saved in configs.
        Line("terminal", Sections.Start),
        // Header region.
        Line("service-module", Sections.EnablePassword),
        Line("xlate", Sections.EnablePassword),
        Line("mac-address", Sections.Name),
        Line("firewall", Sections.Start),
        Line("hpm", Sections.Start),
        Line("context", Sections.Start),
        Line("prompt", Sections.ModularPolicy),
        // Interfaces and what follows them.
        Line("boot", Sections.BootFtpClockDns),
        Line("ftp", Sections.BootFtpClockDns),
        Line("clock", Sections.BootFtpClockDns),
        Mode("dns server-group", Sections.BootFtpClockDns, "config-dns-server-group"),
        Line("dns", Sections.BootFtpClockDns),
        // 9.18: the DNS server group per domain; the sub-mode's prompt is [M].
        Mode("dns-group-map", Sections.BootFtpClockDns, "config-dns-group-map"),
        Line("dns-group", Sections.BootFtpClockDns),
        Line("same-security-traffic", Sections.BootFtpClockDns),
        Mode("object service", Sections.Objects, "config-service-object"),
        Mode("object-group", Sections.Objects, "config-network-object-group"),
        .. Lines(Sections.Logging, "logging facility", "logging host", "logging message", "logging standby",
            "logging buffer-size", "logging queue", "logging device-id", "logging list", "logging class", "logging rate-limit",
            "logging permit-hostdown", "logging debug-trace", "logging hide", "logging flash-bufferwrap", "logging flash-size",
            "logging ftp-bufferwrap", "logging ftp-server", "logging savelog", "logging emblem", "logging from-address",
            "logging recipient-address", "logging flow-export-syslogs", "logging trap", "logging asdm-buffer-size"),
        Line("failover", Sections.FailoverIcmpArp),
        Line("monitor-interface", Sections.FailoverIcmpArp),
        Line("ip verify", Sections.FailoverIcmpArp),
        Line("ip audit", Sections.FailoverIcmpArp),
        Line("ipv6", Sections.FailoverIcmpArp),
        Line("icmp", Sections.FailoverIcmpArp),
        Line("asdm", Sections.FailoverIcmpArp),
        Line("arp", Sections.FailoverIcmpArp),
        Line("nat", Sections.Nat),
        Line("static", Sections.Nat),
        Line("global", Sections.Nat),
        Line("access-group", Sections.AccessGroup),
        Mode("router", Sections.AccessGroup, "config-router"),
        Mode("route-map", Sections.AccessGroup, "config-route-map"),
        Mode("prefix-list", Sections.AccessGroup, "config"),
        Line("timeout", Sections.Timeout),
        Mode("dynamic-access-policy-record", Sections.DynamicAccessPolicy, "config-dynamic-access-policy-record"),
        Line("user-identity", Sections.UserIdentity),
        .. Lines(Sections.AaaAuthentication, "aaa authorization", "aaa accounting", "aaa proxy-limit",
            "aaa authentication login-history", "aaa authentication listener", "aaa authentication match",
            "aaa authentication include", "aaa authentication exclude", "aaa authentication secure-http-client",
            "aaa mac-exempt"),
        Line("http", Sections.Http),
        Line("snmp-server", Sections.Snmp),
        // Per-interface reassembly settings; printed after snmp-server [M: a PIX 7 era capture].
        Line("fragment", Sections.Snmp),
        Line("sysopt", Sections.Sysopt),
        Line("service", Sections.Sysopt),
        // IKEv2's proposals and policies are modelled (Ikev2Commands); these are the IKEv2 lines that are not.
        Line("crypto ipsec ikev2 sa-strength-enforcement", Sections.TransformSet),
        // Only the crypto commands AsaEmu does not model: a modelled one with a bad word must get its caret error.
        Line("crypto ipsec security-association pmtu-aging", Sections.IpsecGlobal),
        Line("crypto ipsec security-association replay", Sections.IpsecGlobal),
        Line("crypto ipsec inner-routing-lookup", Sections.IpsecGlobal),
        Line("crypto ipsec ipsec-proposal", Sections.IpsecGlobal),
        Mode("crypto ipsec profile", Sections.IpsecGlobal, "config-ipsec-profile"),
        Mode("crypto ca trustpoint", Sections.CryptoCa, "config-ca-trustpoint"),
        Mode("crypto ca certificate chain", Sections.CryptoCa, "config-cert-chain"),
        Mode("crypto ca trustpool", Sections.CryptoCa, "config-ca-trustpool"),
        Line("crypto ca", Sections.CryptoCa),
        .. Lines(Sections.Ikev2, "crypto ikev2 remote-access", "crypto ikev2 notify", "crypto ikev2 redirect",
            "crypto ikev2 limit max-sa", "crypto ikev2 limit queue", "crypto ikev2 rate-limit"),
        .. Lines(Sections.IsakmpGlobal, "crypto isakmp disconnect-notify", "crypto isakmp reload-wait",
            "crypto isakmp ipsec-over-tcp", "crypto ikev1 ipsec-over-tcp", "crypto isakmp fragmentation",
            "crypto ikev1 fragmentation", "crypto isakmp invalid-spi-recovery", "crypto ikev1 remote-access"),
        Line("crypto key", Sections.CryptoCa),
        Line("crypto engine", Sections.CryptoCa),
        Line("crypto checkpoint", Sections.CryptoCa),
        Line("console", Sections.Console),
        Line("ssh stricthostkeycheck", Sections.Ssh),
        Line("ssh scopy", Sections.Ssh),
        Line("ssh cipher", Sections.Ssh),
        Line("ssh pubkey-chain", Sections.Ssh),
        Line("ssh authentication", Sections.Ssh),
        Line("ssh disconnect", Sections.Ssh),
        Line("ssh stack", Sections.Ssh),
        Line("threat-detection", Sections.ThreatNtpWebvpn),
        Line("ntp", Sections.ThreatNtpWebvpn),
        Line("tftp-server", Sections.ThreatNtpWebvpn),
        Line("dhcpd", Sections.ThreatNtpWebvpn),
        Line("dhcprelay", Sections.ThreatNtpWebvpn),
        Line("vpdn", Sections.ThreatNtpWebvpn),
        Line("vpn-sessiondb", Sections.ThreatNtpWebvpn),
        Line("ssl", Sections.ThreatNtpWebvpn),
        Mode("webvpn", Sections.ThreatNtpWebvpn, "config-webvpn"),
        Line("group-delimiter", Sections.ThreatNtpWebvpn),
        Mode("class-map", Sections.ModularPolicy, "config-cmap"),
        Mode("policy-map", Sections.ModularPolicy, "config-pmap"),
        Line("service-policy", Sections.ModularPolicy),
        Mode("call-home", Sections.ModularPolicy, "config-call-home"),
        Line("password", Sections.Trailer),
        Line("jumbo-frame", Sections.Trailer),
        Line("management-access", Sections.Console),
        Line("anyconnect", Sections.ThreatNtpWebvpn),
        Line("rest-api", Sections.Trailer),
        Line("license", Sections.Trailer),
        Line("smart-license", Sections.Trailer),
        Line("eigrp", Sections.AccessGroup),
        Line("ospf", Sections.AccessGroup),
        Mode("time-range", Sections.Objects, "config-time-range"),
        Line("pim", Sections.Route),
        Line("multicast-routing", Sections.Route),
        Line("igmp", Sections.Route),
        Line("auto-update", Sections.Trailer),
        Line("compression", Sections.Trailer),
        Line("wccp", Sections.Trailer),
        Line("url-server", Sections.Trailer),
        Line("filter", Sections.Trailer),
        Line("fips", Sections.Trailer),
        Line("ldap", Sections.AaaServer),
        Line("quit", Sections.Trailer),
    ];

    private static IEnumerable<Entry> Lines(int section, params string[] commands) => commands.Select(c => Line(c, section));

    /// <summary>Whether some entry starts with <paramref name="word"/> (case-insensitive): a section kept lines may belong to.</summary>
    public static bool StartsAnEntry(string word) =>
        Entries.Any(e => string.Equals(e.Parts[0], word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The longest catalogue entry whose words start the line (case-insensitive, no abbreviations).</summary>
    public static Entry? Find(IReadOnlyList<string> words)
    {
        Entry? best = null;
        foreach (var e in Entries)
        {
            if (e.Parts.Length > words.Count) continue;
            var ok = true;
            for (var i = 0; i < e.Parts.Length && ok; i++)
                ok = string.Equals(e.Parts[i], words[i], StringComparison.OrdinalIgnoreCase);
            if (ok && (best is null || e.Parts.Length > best.Parts.Length)) best = e;
        }
        return best;
    }
}
