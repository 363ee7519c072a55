namespace AsaEmu.ConfigModel.Syntax;

/// <summary>
/// The small notation commands are declared in, expanded into the paths of a command tree.
/// <code>
///   word               keyword (matched by any unique prefix)
///   &lt;type:name&gt;        typed argument: ip, mask, word, nameif, line (rest of line), range,
///                      or a number range such as &lt;1-65535:priority&gt;
///   &lt;type:name&gt;+       the argument may repeat
///   (a|b|c):name       one of these keywords, recorded under name
///   [ ... ]            optional part
///   ( x y | z )        alternative sequences
/// </code>
/// Example: <c>crypto (isakmp|ikev1) policy &lt;1-65535:priority&gt;</c>.
/// </summary>
public static class CommandSpec
{
    public abstract record Element;
    public sealed record Keyword(string Word, string? Capture) : Element;
    public sealed record Arg(ArgType Type, string Name, bool Repeats) : Element;

    /// <summary>Every keyword/argument sequence the spec allows.</summary>
    public static IReadOnlyList<IReadOnlyList<Element>> Expand(string spec, IReadOnlyDictionary<string, ArgType>? types = null)
    {
        var words = Lex(spec);
        var pos = 0;
        var paths = ParseSequence(words, ref pos, types ?? DefaultTypes, stopAt: null);
        if (pos != words.Count) throw new FormatException($"unbalanced spec: {spec}");
        return paths;
    }

    public static readonly IReadOnlyDictionary<string, ArgType> DefaultTypes = new Dictionary<string, ArgType>
    {
        ["ip"] = ArgType.Ip,
        ["mask"] = ArgType.Mask,
        ["word"] = ArgType.Word(),
        ["nameif"] = ArgType.NameIf,
        ["line"] = ArgType.Line,
        ["range"] = ArgType.IpRange,
    };

    private static List<string> Lex(string spec)
    {
        var result = new List<string>();
        var i = 0;
        while (i < spec.Length)
        {
            var c = spec[i];
            if (c == ' ') { i++; continue; }
            if (c is '[' or ']' or '(' or '|' or ')')
            {
                // ")" may carry a ":name" capture suffix.
                if (c == ')' && i + 1 < spec.Length && spec[i + 1] == ':')
                {
                    var end = i + 2;
                    while (end < spec.Length && spec[end] != ' ' && spec[end] != ']' && spec[end] != ')') end++;
                    result.Add(spec[i..end]);
                    i = end;
                    continue;
                }
                result.Add(c.ToString());
                i++;
                continue;
            }
            if (c == '<')
            {
                var end = spec.IndexOf('>', i);
                var stop = end + 1;
                if (stop < spec.Length && spec[stop] == '+') stop++;
                result.Add(spec[i..stop]);
                i = stop;
                continue;
            }
            var start = i;
            while (i < spec.Length && spec[i] is not (' ' or '[' or ']' or '|' or ')')) i++;
            result.Add(spec[start..i]);
        }
        return result;
    }

    private static List<IReadOnlyList<Element>> ParseSequence(
        List<string> words, ref int pos, IReadOnlyDictionary<string, ArgType> types, string? stopAt)
    {
        List<IReadOnlyList<Element>> paths = [[]];
        while (pos < words.Count)
        {
            var w = words[pos];
            if (w == "]" || w == "|" || w.StartsWith(')')) break;
            List<IReadOnlyList<Element>> part;
            if (w == "[")
            {
                pos++;
                part = ParseAlternatives(words, ref pos, types, out _);
                Expect(words, ref pos, "]");
                part.Add([]);
            }
            else if (w == "(")
            {
                pos++;
                part = ParseAlternatives(words, ref pos, types, out var capture);
                if (capture is not null)
                    part = part.Select(p => (IReadOnlyList<Element>)p.Select(e =>
                        e is Keyword k ? k with { Capture = capture } : e).ToList()).ToList();
            }
            else
            {
                pos++;
                part = [[ParseAtom(w, types)]];
            }
            paths = paths.SelectMany(p => part.Select(q => (IReadOnlyList<Element>)p.Concat(q).ToList())).ToList();
        }
        return paths;
    }

    private static List<IReadOnlyList<Element>> ParseAlternatives(
        List<string> words, ref int pos, IReadOnlyDictionary<string, ArgType> types, out string? capture)
    {
        var all = new List<IReadOnlyList<Element>>();
        capture = null;
        while (true)
        {
            all.AddRange(ParseSequence(words, ref pos, types, null));
            if (pos < words.Count && words[pos] == "|") { pos++; continue; }
            if (pos < words.Count && words[pos].StartsWith(')'))
            {
                if (words[pos].Length > 2) capture = words[pos][2..];
                pos++;
            }
            return all;
        }
    }

    private static void Expect(List<string> words, ref int pos, string what)
    {
        if (pos >= words.Count || words[pos] != what) throw new FormatException($"expected {what} in spec");
        pos++;
    }

    private static Element ParseAtom(string w, IReadOnlyDictionary<string, ArgType> types)
    {
        if (!w.StartsWith('<')) return new Keyword(w, null);
        var repeats = w.EndsWith('+');
        var inner = w[1..w.IndexOf('>')];
        var colon = inner.LastIndexOf(':');
        if (colon < 0) throw new FormatException($"argument without a name: {w}");
        var typeName = inner[..colon];
        var name = inner[(colon + 1)..];
        if (types.TryGetValue(typeName, out var type)) return new Arg(type, name, repeats);
        var dash = typeName.IndexOf('-');
        if (dash > 0 && long.TryParse(typeName[..dash], out var min) && long.TryParse(typeName[(dash + 1)..], out var max))
            return new Arg(NumberTypes.Get(min, max), name, repeats);
        throw new FormatException($"unknown argument type {typeName}");
    }

    /// <summary>Number types are shared so that equal ranges merge into one tree node.</summary>
    private static class NumberTypes
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(long, long), ArgType> Cache = new();
        public static ArgType Get(long min, long max) => Cache.GetOrAdd((min, max), k => ArgType.Number(k.Item1, k.Item2));
    }
}
