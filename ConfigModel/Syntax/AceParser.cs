using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Model;
using Pidgin;
using static Pidgin.Parser;
using Tok = AsaEmu.ConfigModel.Syntax.Token;

namespace AsaEmu.ConfigModel.Syntax;

/// <summary>
/// The body of an extended access-control entry, after <c>extended permit|deny</c>:
/// <c>PROTO SRC [SRCPORT] DST [DSTPORT | ICMPTYPE] [log ...] [time-range TR] [inactive]</c>.
/// A Pidgin parser over the words of the line: keywords match by any unique prefix of the words
/// valid at that place, and a failed parse names the first bad word, where the CLI puts its caret.
/// The result is canonical: keywords in full, well-known protocol, port and ICMP numbers by name.
/// </summary>
public static class AceParser
{
    /// <summary>The rest-of-line argument type of an extended ACE body; its value is an <see cref="ExtendedAce"/>.</summary>
    public static readonly ArgType ExtendedBody = ArgType.Rest("LINE", "Protocol, source, destination and options", Parse);

    /// <summary>
    /// What <c>?</c> lists after the typed part of an ACE body: the keywords valid next (only those
    /// that start a half-typed last word), then value placeholders (<c>A.B.C.D</c>, <c>WORD</c>,
    /// <c>&lt;0-65535&gt;</c>, ...), then <c>&lt;cr&gt;</c> when the entry may end here. Each candidate is
    /// tried against the parser itself, so help never disagrees with what is accepted.
    /// </summary>
    public static IReadOnlyList<string> Help(string typed)
    {
        var tokens = LineTokenizer.Tokenize(typed).ToList();
        var partial = tokens.Count > 0 && typed.Length > 0 && !LineTokenizer.IsBlank(typed[^1]) ? tokens[^1].Text : null;
        if (partial is not null) tokens.RemoveAt(tokens.Count - 1);
        if (!Fits(tokens, null)) return [];
        var keywords = Vocabulary
            .Where(k => partial is null || k.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
            .Where(k => Fits(tokens, k))
            .Order(StringComparer.Ordinal);
        if (partial is not null) return keywords.ToList();
        var values = Placeholders.Where(p => p.Samples.All(sample => Fits(tokens, sample)) && !p.Unless.Any(u => Fits(tokens, u)))
            .Select(p => p.Label);
        var end = Extended.Parse(tokens.ToArray()).Success ? ["<cr>"] : Array.Empty<string>();
        return [.. keywords, .. values.Distinct(), .. end];
    }

    /// <summary>True when <paramref name="next"/> may follow the words (or, when null, the words are a valid start).</summary>
    private static bool Fits(List<Tok> tokens, string? next)
    {
        var probe = new List<Tok>(tokens);
        if (next is not null) probe.Add(new Tok(next, 0));
        probe.Add(new Tok(Sentinel, 0));
        var result = Extended.Parse(probe.ToArray());
        return result.Success || result.Error!.ErrorOffset >= probe.Count - 1;
    }

    public static RestOfLineResult Parse(string text)
    {
        var tokens = LineTokenizer.Tokenize(text).ToArray();
        var result = Extended.Parse(tokens);
        if (result.Success) return RestOfLineResult.Ok(result.Value);
        var at = result.Error!.ErrorOffset;
        if (at < 0 || at >= tokens.Length) return RestOfLineResult.Incomplete;
        // A word that abbreviates two or more keywords valid here is ambiguous, not invalid.
        var before = tokens[..at].ToList();
        var word = tokens[at].Text;
        var ambiguous = Vocabulary.Count(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            && !k.Equals(word, StringComparison.OrdinalIgnoreCase) && Fits(before, k)) > 1;
        return RestOfLineResult.Invalid(tokens[at].Column, ambiguous);
    }

    // --- Tables (ASA names; the ASA shows a well-known number by its name) --------------------

    public static readonly FrozenDictionary<string, int> Protocols = new Dictionary<string, int>
    {
        ["ah"] = 51, ["eigrp"] = 88, ["esp"] = 50, ["gre"] = 47, ["icmp"] = 1, ["icmp6"] = 58, ["igmp"] = 2, ["igrp"] = 9,
        ["ip"] = 0, ["ipinip"] = 4, ["ipsec"] = 50, ["nos"] = 94, ["ospf"] = 89, ["pcp"] = 108, ["pim"] = 103,
        ["pptp"] = 47, ["sctp"] = 132, ["snp"] = 109, ["tcp"] = 6, ["udp"] = 17,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, string> ProtocolByNumber = Protocols
        .Where(p => p.Key is not ("ipsec" or "pptp")).ToFrozenDictionary(p => p.Value, p => p.Key);

    public static readonly FrozenDictionary<string, int> TcpPorts = new Dictionary<string, int>
    {
        ["aol"] = 5190, ["bgp"] = 179, ["chargen"] = 19, ["cifs"] = 3020, ["citrix-ica"] = 1494, ["cmd"] = 514,
        ["ctiqbe"] = 2748, ["daytime"] = 13, ["discard"] = 9, ["domain"] = 53, ["echo"] = 7, ["exec"] = 512,
        ["finger"] = 79, ["ftp"] = 21, ["ftp-data"] = 20, ["gopher"] = 70, ["h323"] = 1720, ["hostname"] = 101,
        ["http"] = 80, ["https"] = 443, ["ident"] = 113, ["imap4"] = 143, ["irc"] = 194, ["kerberos"] = 750,
        ["klogin"] = 543, ["kshell"] = 544, ["ldap"] = 389, ["ldaps"] = 636, ["login"] = 513, ["lotusnotes"] = 1352,
        ["lpd"] = 515, ["netbios-ssn"] = 139, ["nfs"] = 2049, ["nntp"] = 119, ["pcanywhere-data"] = 5631,
        ["pim-auto-rp"] = 496, ["pop2"] = 109, ["pop3"] = 110, ["pptp"] = 1723, ["rsh"] = 514, ["rtsp"] = 554,
        ["sip"] = 5060, ["smtp"] = 25, ["sqlnet"] = 1521, ["ssh"] = 22, ["sunrpc"] = 111, ["tacacs"] = 49,
        ["talk"] = 517, ["telnet"] = 23, ["uucp"] = 540, ["whois"] = 43, ["www"] = 80,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, int> UdpPorts = new Dictionary<string, int>
    {
        ["biff"] = 512, ["bootpc"] = 68, ["bootps"] = 67, ["cifs"] = 3020, ["discard"] = 9, ["dnsix"] = 195,
        ["domain"] = 53, ["echo"] = 7, ["http"] = 80, ["isakmp"] = 500, ["kerberos"] = 750, ["mobile-ip"] = 434,
        ["nameserver"] = 42, ["netbios-dgm"] = 138, ["netbios-ns"] = 137, ["nfs"] = 2049, ["ntp"] = 123,
        ["pcanywhere-status"] = 5632, ["pim-auto-rp"] = 496, ["radius"] = 1645, ["radius-acct"] = 1646, ["rip"] = 520,
        ["secureid-udp"] = 5510, ["sip"] = 5060, ["snmp"] = 161, ["snmptrap"] = 162, ["sunrpc"] = 111,
        ["syslog"] = 514, ["tacacs"] = 49, ["talk"] = 517, ["tftp"] = 69, ["time"] = 37, ["vxlan"] = 4789,
        ["who"] = 513, ["www"] = 80, ["xdmcp"] = 177,
    }.ToFrozenDictionary();

    /// <summary>Names the ASA prints for a number that has several (80 is <c>www</c>, tcp 514 is <c>rsh</c>).</summary>
    private static readonly FrozenSet<string> Aliases = new[] { "http", "cmd" }.ToFrozenSet();

    private static readonly FrozenDictionary<int, string> TcpPortNames = ByNumber(TcpPorts);
    private static readonly FrozenDictionary<int, string> UdpPortNames = ByNumber(UdpPorts);

    private static FrozenDictionary<int, string> ByNumber(FrozenDictionary<string, int> names) =>
        names.Where(p => !Aliases.Contains(p.Key)).ToFrozenDictionary(p => p.Value, p => p.Key);

    public static readonly FrozenDictionary<string, int> IcmpTypes = new Dictionary<string, int>
    {
        ["echo-reply"] = 0, ["unreachable"] = 3, ["source-quench"] = 4, ["redirect"] = 5, ["alternate-address"] = 6,
        ["echo"] = 8, ["router-advertisement"] = 9, ["router-solicitation"] = 10, ["time-exceeded"] = 11,
        ["parameter-problem"] = 12, ["timestamp-request"] = 13, ["timestamp-reply"] = 14, ["information-request"] = 15,
        ["information-reply"] = 16, ["mask-request"] = 17, ["mask-reply"] = 18, ["traceroute"] = 30,
        ["conversion-error"] = 31, ["mobile-redirect"] = 32,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, int> Icmp6Types = new Dictionary<string, int>
    {
        ["unreachable"] = 1, ["packet-too-big"] = 2, ["time-exceeded"] = 3, ["parameter-problem"] = 4, ["echo"] = 128,
        ["echo-reply"] = 129, ["membership-query"] = 130, ["membership-report"] = 131, ["membership-reduction"] = 132,
        ["router-solicitation"] = 133, ["router-advertisement"] = 134, ["neighbor-solicitation"] = 135,
        ["neighbor-advertisement"] = 136, ["neighbor-redirect"] = 137, ["router-renumbering"] = 138,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, string> IcmpTypeNames = IcmpTypes.ToFrozenDictionary(p => p.Value, p => p.Key);
    private static readonly FrozenDictionary<int, string> Icmp6TypeNames = Icmp6Types.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static readonly IReadOnlyList<string> LogLevels =
        ["emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging"];

    private static readonly string[] AddressWords = ["any", "any4", "any6", "host", "object", "object-group", "interface"];
    private static readonly string[] PortOperators = ["eq", "lt", "gt", "neq", "range"];
    private static readonly string[] OptionWords = ["log", "inactive", "time-range"];
    private static readonly string[] LogWords = ["disable", "default", "interval"];

    private static string[] Union(params IEnumerable<string>[] sets) => sets.SelectMany(s => s).Distinct().ToArray();

    private static readonly string[] ProtocolContext = Union(Protocols.Keys, ["object", "object-group"]);
    private static readonly string[] PortContext = Union(PortOperators, ["object-group"], AddressWords, OptionWords);
    private static readonly string[] LogContext = Union(LogWords, LogLevels, OptionWords);

    // --- Word parsers -------------------------------------------------------------------------

    /// <summary>The keyword of <paramref name="context"/> that <paramref name="word"/> spells in full or by a unique prefix.</summary>
    public static string? Resolve(string word, IReadOnlyCollection<string> context)
    {
        string? found = null;
        var prefixes = 0;
        foreach (var k in context)
        {
            if (string.Equals(k, word, StringComparison.OrdinalIgnoreCase)) return k;
            if (k.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                found = k;
                prefixes++;
            }
        }
        return prefixes == 1 ? found : null;
    }

    /// <summary>A word that <paramref name="read"/> accepts; consumed only then.</summary>
    private static Parser<Tok, T> Word<T>(Func<string, T?> read) where T : class =>
        Parser<Tok>.Token(t => read(t.Text) is not null).Select(t => read(t.Text)!);

    /// <summary>
    /// One of <paramref name="accepted"/>, resolved among every keyword valid here (<paramref name="context"/>).
    /// Each keyword is its own labelled parser, so a parse that stops here can say which words would do.
    /// </summary>
    private static Parser<Tok, string> Keyword(string[] context, params string[] accepted) =>
        OneOf(accepted.Select(k => Parser<Tok>.Token(t => Resolve(t.Text, context) == k).Select(_ => k).Labelled(k)));

    /// <summary>Stands after the typed words when asking what may follow; no parser accepts it.</summary>
    private const string Sentinel = "\u0001";

    private static readonly Parser<Tok, string> Name = Parser<Tok>.Token(t => t.Text != Sentinel).Select(t => t.Text).Labelled("WORD");

    private static Parser<Tok, string> Number(int min, int max) =>
        Word(w => w.Length is > 0 and <= 6 && w.All(char.IsAsciiDigit) && int.Parse(w, CultureInfo.InvariantCulture) is var n
            && n >= min && n <= max ? n.ToString(CultureInfo.InvariantCulture) : null).Labelled($"<{min}-{max}>");

    private static readonly Parser<Tok, Ipv4Box> Ipv4Word =
        Word(w => Ipv4.TryParse(w, out var a) ? new Ipv4Box(a) : null).Labelled("A.B.C.D");

    private static readonly Parser<Tok, Ipv4Box> MaskWord =
        Word(w => Ipv4.TryParse(w, out var a) && a.IsContiguousMask ? new Ipv4Box(a) : null).Labelled("A.B.C.D");

    private sealed record Ipv4Box(Ipv4 Value);

    public static bool IsIpv6(string word) =>
        word.Contains(':') && IPAddress.TryParse(word, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;

    public static bool IsIpv6Prefix(string word)
    {
        var slash = word.IndexOf('/');
        return slash > 0 && IsIpv6(word[..slash]) && word[(slash + 1)..] is { Length: > 0 and <= 3 } len
            && len.All(char.IsAsciiDigit) && int.Parse(len, CultureInfo.InvariantCulture) <= 128;
    }

    // --- The grammar --------------------------------------------------------------------------

    private static Parser<Tok, AceAddress> Address(string[] context) => OneOf(
        Keyword(context, "any", "any4", "any6").Select(k => (AceAddress)new AceAny(k)),
        Keyword(context, "host").Then(OneOf(
            Ipv4Word.Select(a => (AceAddress)new AceHost(a.Value.ToString(), a.Value)),
            Word(w => IsIpv6(w) ? w : null).Labelled("X:X:X:X::X").Select(a => (AceAddress)new AceHost(a, null)))),
        Keyword(context, "object", "object-group", "interface").Then(k => Name.Select(n => (AceAddress)new AceNamed(k, n))),
        Map((n, m) => (AceAddress)new AceNetwork(n.Value, m.Value), Ipv4Word, MaskWord),
        Word(w => IsIpv6Prefix(w) ? w : null).Labelled("X:X:X:X::X/<0-128>").Select(p => (AceAddress)new AcePrefix6(p)));

    private static readonly Parser<Tok, string> Protocol = OneOf(
        Keyword(ProtocolContext, "object", "object-group").Then(k => Name.Select(n => $"{k} {n}")),
        Keyword(ProtocolContext, [.. Protocols.Keys]),
        Number(0, 255).Select(n => ProtocolByNumber.TryGetValue(int.Parse(n, CultureInfo.InvariantCulture), out var name) ? name : n));

    private enum PortKind { None, Tcp, Udp, TcpUdp }

    private static PortKind PortsOf(string protocol) => protocol switch
    {
        "tcp" => PortKind.Tcp,
        "udp" => PortKind.Udp,
        _ when protocol.StartsWith("object-group ", StringComparison.Ordinal) => PortKind.TcpUdp,
        _ => PortKind.None,
    };

    /// <summary>A port by number (0-65535) or name, shown by name when it has one.</summary>
    private static Parser<Tok, string> PortValue(PortKind kind)
    {
        var names = kind switch
        {
            PortKind.Tcp => TcpPorts.Keys.ToArray(),
            PortKind.Udp => UdpPorts.Keys.ToArray(),
            _ => Union(TcpPorts.Keys, UdpPorts.Keys),
        };
        return OneOf(
            Number(0, 65535).Select(n => PortName(kind, int.Parse(n, CultureInfo.InvariantCulture)) ?? n),
            Keyword(names, names).Select(k =>
                PortName(kind, TcpPorts.TryGetValue(k, out var p) ? p : UdpPorts[k]) ?? k));
    }

    private static string? PortName(PortKind kind, int port)
    {
        var tcp = TcpPortNames.GetValueOrDefault(port);
        var udp = UdpPortNames.GetValueOrDefault(port);
        return kind switch
        {
            PortKind.Tcp => tcp,
            PortKind.Udp => udp,
            _ => tcp == udp ? tcp : null,
        };
    }

    private static Parser<Tok, AcePort> PortMatch(PortKind kind) => OneOf(
        Keyword(PortContext, "eq", "lt", "gt", "neq").Then(op => PortValue(kind).Select(v => new AcePort(op, [v]))),
        Keyword(PortContext, "range").Then(Map((a, b) => new AcePort("range", [a, b]), PortValue(kind), PortValue(kind))));

    private static readonly Parser<Tok, AcePort> PortGroup =
        Keyword(PortContext, "object-group").Then(Name).Select(n => new AcePort("object-group", [n]));

    /// <summary>
    /// A source port. <c>object-group G</c> here is a service group only when an address follows;
    /// otherwise it is the destination.
    /// </summary>
    private static Parser<Tok, AcePort?> SourcePort(PortKind kind) => kind == PortKind.None
        ? Parser<Tok>.Return<AcePort?>(null)
        : OneOf(
            PortMatch(kind).Select(p => (AcePort?)p),
            Try(PortGroup.Before(Lookahead(Address(AddressWords)))).Select(p => (AcePort?)p),
            Parser<Tok>.Return<AcePort?>(null));

    private static Parser<Tok, AcePort?> DestinationPort(PortKind kind) => kind == PortKind.None
        ? Parser<Tok>.Return<AcePort?>(null)
        : OneOf(PortMatch(kind), PortGroup).Select(p => (AcePort?)p).Or(Parser<Tok>.Return<AcePort?>(null));

    private static Parser<Tok, string?> IcmpType(string protocol)
    {
        if (protocol is not ("icmp" or "icmp6")) return Parser<Tok>.Return<string?>(null);
        var types = protocol == "icmp" ? IcmpTypes : Icmp6Types;
        var byNumber = protocol == "icmp" ? IcmpTypeNames : Icmp6TypeNames;
        var context = Union(types.Keys, ["object-group"], OptionWords);
        var type = OneOf(
            Keyword(context, [.. types.Keys]),
            Number(0, 255).Select(n => byNumber.TryGetValue(int.Parse(n, CultureInfo.InvariantCulture), out var name) ? name : n));
        return OneOf(
            Map((t, code) => code.HasValue ? $"{t} {code.Value}" : t, type, Number(0, 255).Optional()),
            Keyword(context, "object-group").Then(Name).Select(n => $"object-group {n}"))
            .Select(t => (string?)t).Or(Parser<Tok>.Return<string?>(null));
    }

    private static readonly Parser<Tok, string> LogOption =
        Keyword(OptionWords, "log").Then(OneOf(
            Keyword(LogContext, "disable", "default").Select(k => $"log {k}"),
            Map((level, interval) => string.Join(' ', new[] { "log", level.GetValueOrDefault(), interval.GetValueOrDefault() }.Where(s => s is not null)),
                OneOf(Number(0, 7), Keyword(LogContext, [.. LogLevels])).Optional(),
                Keyword(LogContext, "interval").Then(Number(1, 600)).Select(n => $"interval {n}").Optional())));

    private static readonly Parser<Tok, string> Option = OneOf(
        LogOption,
        Keyword(OptionWords, "inactive"),
        Keyword(OptionWords, "time-range").Then(Name).Select(n => $"time-range {n}"));

    private static readonly Parser<Tok, ExtendedAce> Extended =
        from protocol in Protocol
        let ports = PortsOf(protocol)
        from source in Address(AddressWords)
        from sourcePort in SourcePort(ports)
        from destination in Address(ports == PortKind.None ? AddressWords : PortContext)
        from destinationPort in DestinationPort(ports)
        from icmp in IcmpType(protocol)
        from options in Option.Many()
        from end in Parser<Tok>.End
        select new ExtendedAce(true, protocol, source, sourcePort, destination, destinationPort, icmp, [.. options]);

    // --- Help vocabulary (after the tables it is built from) --------------------------------

    private static readonly string[] Vocabulary = Union(ProtocolContext, AddressWords, PortOperators, ["object-group"], OptionWords,
        LogWords, LogLevels, TcpPorts.Keys, UdpPorts.Keys, IcmpTypes.Keys, Icmp6Types.Keys);

    /// <summary>A value placeholder shows when every sample fits and none of the "unless" ones does (that tells ranges apart).</summary>
    private sealed record Placeholder(string Label, string[] Samples, string[] Unless);

    private static readonly Placeholder[] Placeholders =
    [
        new("A.B.C.D", ["0.0.0.0"], []),
        new("X:X:X:X::X", ["::1"], ["::/0"]),
        new("X:X:X:X::X/<0-128>", ["::/0"], []),
        new("<0-7>", ["0", "7"], ["8"]),
        new("<1-600>", ["1", "600"], ["0"]),
        new("<0-255>", ["0", "255"], ["256"]),
        new("<0-65535>", ["0", "65535"], []),
        new("WORD", ["\u0002"], []),
    ];
}
