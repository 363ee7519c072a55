using CsCheck;

namespace AsaEmu.ConfigModel.Tests.Properties;

/// <summary>
/// Generators of valid config scripts: every modelled command, sub-mode and <c>no</c> form.
/// A script is a list of config lines; references (nameifs, policies, pools, ACLs) only name
/// objects the script defines before them.
/// </summary>
internal static class ConfigGen
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    /// <summary>A name as the ASA accepts it: starts and ends with a letter.</summary>
    public static readonly Gen<string> Name =
        Gen.Select(Gen.Char['a', 'z'], Gen.Char[NameChars].Array[0, 12], Gen.Char['a', 'z'], (first, rest, last) => first + new string(rest) + last);

    /// <summary>Free text as descriptions and remarks carry it (single spaces, no leading blank).</summary>
    public static readonly Gen<string> Text =
        Gen.Select(Gen.Char['a', 'z'], Gen.String[Gen.Char["abc xyz0123456789.,:()"], 0, 30], (first, rest) => (first + rest).Replace("  ", " ").TrimEnd());

    public static readonly Gen<string> Ip = Gen.Byte.Array[4].Select(b => $"{b[0]}.{b[1]}.{b[2]}.{b[3]}");

    /// <summary>A network and its contiguous mask, host bits clear.</summary>
    public static readonly Gen<(string Net, string Mask)> Network =
        Gen.Select(Gen.UInt, Gen.Int[0, 32], (addr, prefix) =>
        {
            var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            return (Dotted(addr & mask), Dotted(mask));
        });

    public static string Dotted(uint v) => $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";

    /// <summary>Interfaces 0..n-1 with distinct nameifs and distinct /24 networks in 198.18.0.0/15.</summary>
    public static Gen<List<string>> Interfaces(int count) =>
        Gen.Select(Gen.Int[0, 100].Array[count], Gen.Bool.Array[count], Text.Array[count], Gen.Bool.Array[count],
            (levels, shut, descriptions, management) =>
            {
                var lines = new List<string>();
                for (var i = 0; i < count; i++)
                {
                    lines.Add($"interface GigabitEthernet0/{i}");
                    if (descriptions[i].Length % 3 == 0) lines.Add($" description {descriptions[i]}");
                    if (shut[i]) lines.Add(" shutdown");
                    if (management[i]) lines.Add(" management-only");
                    lines.Add($" nameif if{i}");
                    lines.Add($" security-level {levels[i]}");
                    lines.Add($" ip address 198.18.{i}.1 255.255.255.0");
                    if (levels[i] % 4 == 0) lines.Add(" speed 100");
                }
                return lines;
            });

    /// <summary>Identity and management lines referring to nameifs if0..if(n-1).</summary>
    public static Gen<List<string>> Identity(int interfaces) =>
        Gen.Select(Name, Name, Name, Gen.Int[0, 500], Network.Array[0, 3], Gen.Int[0, interfaces - 1].Array[3], Text.Array[0, 3],
            Gen.Int[0, 7], Gen.Int[1, 60],
            (host, domain, pw, pager, nets, ifs, banner, level, timeout) =>
            {
                var lines = new List<string>
                {
                    $"hostname {host}",
                    $"domain-name {domain}.example",
                    $"enable password {pw}",
                    $"passwd {pw}x",
                    "names",
                    $"name 198.19.1.{pager % 250 + 1} n{domain} description {domain} host",
                    $"pager lines {pager}",
                    "logging enable",
                    "logging timestamp",
                    $"logging buffered {level}",
                    $"logging monitor {LevelName(level)}",
                    "aaa authentication ssh console LOCAL",
                    $"ssh timeout {timeout}",
                    "ssh version 2",
                    "ssh key-exchange group dh-group14-sha1",
                    $"telnet timeout {timeout * 3}",
                };
                lines.AddRange(banner.Select(b => $"banner motd {b}"));
                for (var i = 0; i < nets.Length; i++)
                {
                    lines.Add($"ssh {nets[i].Net} {nets[i].Mask} if{ifs[i]}");
                    lines.Add($"telnet {nets[i].Net} {nets[i].Mask} if{ifs[(i + 1) % 3]}");
                }
                lines.Add($"mtu if{ifs[0]} {1280 + pager}");
                return lines;
            });

    private static string LevelName(int level) =>
        new[] { "emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging" }[level];

    /// <summary>
    /// Appends <c>no</c> forms for some of the script's removable lines, and adds some of them back,
    /// so generated configs exercise removal.
    /// </summary>
    public static Gen<List<string>> WithNoForms(Gen<List<string>> script, Func<string, string?> noFormOf) =>
        Gen.Select(script, Gen.Int[0, 1000].Array[4], (lines, picks) =>
        {
            var removable = lines.Where(l => !l.StartsWith(' ') && !l.Contains('\n') && noFormOf(l) is not null).ToList();
            if (removable.Count == 0) return lines;
            var result = new List<string>(lines);
            foreach (var line in picks.Take(3).Select(p => removable[p % removable.Count]).Distinct())
                result.Add(noFormOf(line)!);
            result.Add(removable[picks[3] % removable.Count]);
            return result;
        });
}
