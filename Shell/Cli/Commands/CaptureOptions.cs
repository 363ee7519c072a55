using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The options of <c>capture NAME ...</c>, in any order as on the ASA:
/// <c>[type raw-data] [access-list ACL] [buffer BYTES] [circular-buffer] [interface IF]...
/// [packet-length BYTES] [match PROTO SRC [OP PORT] DST [OP PORT]]</c>; <c>match</c> takes the rest
/// of the line, in the words of an extended access-list entry.
/// </summary>
public sealed record CaptureOptions(
    IReadOnlyList<string> Interfaces, string? AccessList, ExtendedAce? Match, int? Buffer, int? PacketLength, bool Circular)
{
    /// <summary>Ranges of the sizes [M]: the buffer up to 32 MB, packets up to a jumbo frame.</summary>
    public const int MinBuffer = 1534, MaxBuffer = 33554432, MinPacketLength = 14, MaxPacketLength = 9216;

    private static readonly string[] Keywords = ["type", "access-list", "buffer", "circular-buffer", "interface", "packet-length", "match"];

    /// <summary>The rest-of-line argument type; its value is a <see cref="CaptureOptions"/>.</summary>
    public static readonly ArgType Type = ArgType.Rest("LINE", "Capture options", Parse);

    public static RestOfLineResult Parse(string text)
    {
        var words = LineTokenizer.Tokenize(text);
        var interfaces = new List<string>();
        string? acl = null;
        ExtendedAce? match = null;
        int? buffer = null, packetLength = null;
        var circular = false;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var keyword = AceParser.Resolve(word.Text, Keywords);
            if (keyword is null) return RestOfLineResult.Invalid(word.Column, Ambiguous(word.Text));
            if (keyword == "circular-buffer") { circular = true; continue; }
            if (keyword == "match")
            {
                if (i + 1 >= words.Count) return RestOfLineResult.Incomplete;
                var start = words[i + 1].Column;
                var body = AceParser.Parse(text[start..]);
                if (!body.Success) return body.ErrorOffset is { } at ? RestOfLineResult.Invalid(start + at, body.Ambiguous) : body;
                var ace = (ExtendedAce)body.Value! with { Permit = true };
                if (!ace.Options.IsEmpty) return RestOfLineResult.Invalid(start + text[start..].IndexOf(ace.Options[0], StringComparison.Ordinal));
                match = ace;
                break;
            }
            if (i + 1 >= words.Count) return RestOfLineResult.Incomplete;
            var value = words[++i];
            switch (keyword)
            {
                case "type":
                    if (!"raw-data".StartsWith(value.Text, StringComparison.OrdinalIgnoreCase)) return RestOfLineResult.Invalid(value.Column);
                    break;
                case "access-list": acl = value.Text; break;
                case "interface": interfaces.Add(value.Text); break;
                case "buffer":
                    if (Number(value.Text, MinBuffer, MaxBuffer) is not { } b) return RestOfLineResult.Invalid(value.Column);
                    buffer = b;
                    break;
                case "packet-length":
                    if (Number(value.Text, MinPacketLength, MaxPacketLength) is not { } l) return RestOfLineResult.Invalid(value.Column);
                    packetLength = l;
                    break;
            }
        }
        return RestOfLineResult.Ok(new CaptureOptions(interfaces, acl, match, buffer, packetLength, circular));
    }

    private static bool Ambiguous(string word) =>
        Keywords.Count(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)) > 1;

    private static int? Number(string word, int min, int max) =>
        word.Length is > 0 and <= 9 && word.All(char.IsAsciiDigit) && int.Parse(word, CultureInfo.InvariantCulture) is var n && n >= min && n <= max
            ? n : null;
}
