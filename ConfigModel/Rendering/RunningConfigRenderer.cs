using System.Security.Cryptography;
using System.Text;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Rendering;

/// <summary>Header facts of a rendering that are not part of the config itself.</summary>
public sealed record RenderHeader(string Version, string? WrittenBy = null);

/// <summary>
/// Renders <c>show running-config</c> in the ASA's layout (reference §1.8): header, sections in
/// the ASA's order, <c>!</c> separators, one-space sub-mode indent, secrets masked unless
/// unmasked (<see cref="SecretMasking"/>), <c>Cryptochecksum:</c> and <c>: end</c>.
/// </summary>
public static class RunningConfigRenderer
{
    public const string Version = AsaPersona.Version;

    /// <summary>
    /// The config lines, with <c>!</c> separators, without header or checksum. With
    /// <paramref name="showDefaults"/> (<c>show running-config all</c>) the items that know their
    /// defaults print them too.
    /// </summary>
    public static IReadOnlyList<string> Body(AsaConfig config, bool unmasked, bool showDefaults = false)
    {
        var context = new RenderContext(config, unmasked, showDefaults);
        var blocks = config.AllItems.OfType<IRendered>().Select(i => (Order: ((ConfigItem)i).Order, Item: (object)i, Lines: i.Render(context)))
            .Concat(DefaultLines.For(config, showDefaults).Select(d => (d.Order, Item: (object)d, Lines: (IEnumerable<string>)d.Lines)))
            .Concat(GeneratedSections.For(config).Select(g => (g.Order, Item: (object)g, Lines: (IEnumerable<string>)g.Lines)))
            .OrderBy(b => b.Order)
            .ToList();

        var lines = new List<string>(blocks.Count * 2);
        Type? previousKind = null;
        string? previousHead = null;
        foreach (var (_, item, itemLines) in blocks)
        {
            var rendered = itemLines as IReadOnlyList<string> ?? itemLines.ToList();
            if (rendered.Count == 0) continue;
            var head = rendered[0];
            var kind = item.GetType();
            if (kind == typeof(Interface) && (lines.Count == 0 || lines[^1] != "!")) lines.Add("!");
            if (IsHead(head, "class-map")) lines.Add("!");
            if (IsHead(head, "policy-map") && !IsHead(previousHead, "policy-map")) lines.Add("!");
            if (!IsHead(head, "policy-map") && IsHead(previousHead, "policy-map")) lines.Add("!");
            var shown = item is IExactRendering ? rendered : WithLoadedSpacing(config, rendered);
            // Every secret of the config, modelled or kept verbatim, is masked here (more system:running-config shows them).
            lines.AddRange(unmasked ? shown : SecretMasking.Lines(shown));
            if (IsHead(head, "class-map")) lines.Add("!");
            if (kind == typeof(Interface)) lines.Add("!");
            previousKind = kind;
            previousHead = head;
        }
        return lines;
    }

    private static IEnumerable<string> WithLoadedSpacing(AsaConfig config, IReadOnlyList<string> rendered)
    {
        if (config.LoadedSpacing.IsEmpty) return rendered;
        var lines = new List<string>(rendered.Count);
        string? head = null;
        foreach (var line in rendered)
        {
            var indented = line.Length > 0 && line[0] == ' ';
            var key = AsaConfig.SpacingKey(indented ? head : null, line);
            lines.Add(config.LoadedSpacing.TryGetValue(key, out var loaded) ? loaded : line);
            if (!indented) head = line.TrimEnd();
        }
        return lines;
    }

    private static bool IsHead(string? line, string command) =>
        line is not null && (line == command || line.StartsWith(command + " ", StringComparison.Ordinal));

    /// <summary><c>show running-config</c> or, unmasked, <c>more system:running-config</c>.</summary>
    public static string Render(AsaConfig config, bool unmasked, RenderHeader? header = null, bool showDefaults = false)
    {
        var text = new StringBuilder();
        AppendHeader(text, header ?? new RenderHeader(Version));
        foreach (var line in Body(config, unmasked, showDefaults)) text.Append(line).Append('\n');
        text.Append("Cryptochecksum:").Append(Checksum(config)).Append('\n');
        text.Append(": end\n");
        return text.ToString();
    }

    /// <summary>
    /// The 9.x header: <c>: Saved</c>, a blank line, <c>:</c>, the serial number and hardware lines,
    /// <c>:</c> [S: two ASAv 9.7(1) <c>show running-config</c> captures, the netutils fixture and a lab
    /// transcript]; when the config was saved, <c>: Saved</c> and <c>:</c> with no blank line between,
    /// then <c>: Written by ...</c> and <c>!</c> [S: ASAv 9.3(1) <c>more system:running-config</c>];
    /// then <c>ASA Version V </c> (trailing blank) and <c>!</c>.
    /// </summary>
    public static void AppendHeader(StringBuilder text, RenderHeader header)
    {
        text.Append(header.WrittenBy is null ? ": Saved\n\n:\n" : ": Saved\n:\n");
        text.Append(": Serial Number: ").Append(AsaPersona.SerialNumber).Append('\n');
        text.Append(": ").Append(AsaPersona.HardwareLine).Append('\n');
        text.Append(header.WrittenBy is null ? ":\n" : $": Written by {header.WrittenBy}\n!\n");
        text.Append("ASA Version ").Append(header.Version).Append(" \n!\n");
    }

    /// <summary>
    /// MD5 over the unmasked config lines: the same config always has the same checksum, and
    /// any change to it changes the checksum (what <c>write memory</c> prints and Ansible compares).
    /// </summary>
    public static string Checksum(AsaConfig config)
    {
        var body = string.Join("\n", Body(config, unmasked: true));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
    }

    /// <summary><c>show running-config &lt;words&gt;</c>: top-level commands that start with the words, with their sub-lines.</summary>
    public static IReadOnlyList<string> Slice(AsaConfig config, IReadOnlyList<string> words, bool unmasked, bool showDefaults = false)
    {
        var result = new List<string>();
        var take = false;
        foreach (var line in Body(config, unmasked, showDefaults))
        {
            if (line == "!") { take = false; continue; }
            if (line.Length > 0 && line[0] != ' ') take = StartsWithWords(line, words);
            if (take) result.Add(line);
        }
        return result;
    }

    /// <summary>A negated line belongs to the section of what it negates (<c>no crypto map M 10 set tfc-packets</c>, <c>no failover</c>).</summary>
    private static bool StartsWithWords(string line, IReadOnlyList<string> words)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1 && parts[0] == "no" && words.Count > 0 && words[0] != "no") parts = parts[1..];
        if (parts.Length < words.Count) return false;
        for (var i = 0; i < words.Count; i++)
            if (!string.Equals(parts[i], words[i], StringComparison.Ordinal)) return false;
        return true;
    }
}
