using System.Globalization;
using AsaEmu.ConfigModel.Model;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace AsaEmu.ConfigModel.Syntax;

/// <summary>
/// A typed argument of a command: how it shows in <c>?</c> help, and the Pidgin parser that
/// accepts its words. A word the parser refuses is where the caret of "Invalid input" points.
/// </summary>
public sealed class ArgType
{
    public string Placeholder { get; }
    public string Help { get; }
    /// <summary>Takes every remaining word of the line, spacing kept (descriptions, remarks).</summary>
    public bool RestOfLine { get; }
    private readonly Parser<char, object> _parser;
    private readonly RestOfLineParser? _restParser;

    private ArgType(string placeholder, string help, Parser<char, object> parser, bool restOfLine = false, RestOfLineParser? restParser = null)
    {
        Placeholder = placeholder;
        Help = help;
        _parser = parser.Before(End);
        RestOfLine = restOfLine;
        _restParser = restParser;
    }

    /// <summary>
    /// Checks a rest-of-line argument (its text from its first word on). Plain text arguments take
    /// anything; structured ones (an ACE body) say where the first bad word is.
    /// </summary>
    public RestOfLineResult ParseRest(string text) => _restParser?.Invoke(text) ?? RestOfLineResult.Ok(text);

    public bool TryParse(string word, out object value)
    {
        var result = _parser.Parse(word);
        value = result.Success ? result.Value : word;
        return result.Success;
    }

    // --- Pidgin building blocks -------------------------------------------------------------

    /// <summary>
    /// 0-9 only: Pidgin's <c>Digit</c> takes any Unicode digit (<c>'୪'</c>, <c>'٣'</c>), which the
    /// parse of the number after it then threw on instead of the caret going there.
    /// </summary>
    private static readonly Parser<char, char> AsciiDigit = Token(char.IsAsciiDigit).Labelled("digit");

    private static readonly Parser<char, uint> Octet =
        AsciiDigit.AtLeastOnceString()
            .Assert(s => s.Length <= 3 && int.Parse(s, CultureInfo.InvariantCulture) <= 255)
            .Select(s => uint.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>Dotted-quad IPv4 address.</summary>
    public static readonly Parser<char, Ipv4> Ipv4Parser =
        Map((a, b, c, d) => new Ipv4((a << 24) | (b << 16) | (c << 8) | d),
            Octet.Before(Char('.')), Octet.Before(Char('.')), Octet.Before(Char('.')), Octet);

    private static readonly Parser<char, object> AnyWord =
        Any.AtLeastOnceString().Select(s => (object)s);

    // --- The argument types ---------------------------------------------------------------

    /// <summary>A dotted quad, or a lone <c>0</c> for 0.0.0.0 (<c>route outside 0 0 GW</c>, <c>ssh 0 0 IF</c>).</summary>
    private static readonly Parser<char, Ipv4> Ipv4OrZero =
        Try(Ipv4Parser).Or(Char('0').ThenReturn(Ipv4.Any));

    public static readonly ArgType Ip = new("A.B.C.D", "IP address", Ipv4OrZero.Select(a => (object)a));

    public static readonly ArgType Mask = new("A.B.C.D", "Network mask",
        Ipv4OrZero.Assert(m => m.IsContiguousMask).Select(a => (object)a));

    /// <summary><c>first-last</c> address range of <c>ip local pool</c>, or a single address.</summary>
    public static readonly ArgType IpRange = new("A.B.C.D-A.B.C.D", "IP address range",
        Map((first, last) => (object)new AddressRange(first, last.GetValueOrDefault(first)),
            Ipv4Parser, Char('-').Then(Ipv4Parser).Optional().Select(o => o.HasValue ? o.Value : (Ipv4?)null))
            .Assert(o => ((AddressRange)o).First.CompareTo(((AddressRange)o).Last) <= 0));

    public static ArgType Word(string placeholder = "WORD", string help = "Name", int maxLength = 64) =>
        new(placeholder, help, Any.AtLeastOnceString().Assert(s => s.Length <= maxLength).Select(s => (object)s));

    /// <summary>Interface name (nameif), as the ASA limits it.</summary>
    public static readonly ArgType NameIf = Word("WORD", "Name of interface", 48);

    public static readonly ArgType Line = new("LINE", "Text", AnyWord, restOfLine: true);

    /// <summary>An argument type parsed by its own Pidgin parser (IPv6 addresses, pool ranges, ...).</summary>
    public static ArgType Custom(string placeholder, string help, Parser<char, object> parser) => new(placeholder, help, parser);

    /// <summary>A rest-of-line argument whose words are checked as a whole by <paramref name="parser"/>.</summary>
    public static ArgType Rest(string placeholder, string help, RestOfLineParser parser) =>
        new(placeholder, help, AnyWord, restOfLine: true, restParser: parser);

    public static ArgType Number(long min, long max, string help = "") =>
        new($"<{min}-{max}>", help,
            AsciiDigit.AtLeastOnceString()
                .Assert(s => s.Length <= 12)
                .Select(s => long.Parse(s, CultureInfo.InvariantCulture))
                .Assert(n => n >= min && n <= max)
                .Select(n => (object)n));
}

/// <summary>Parses the text of a rest-of-line argument.</summary>
public delegate RestOfLineResult RestOfLineParser(string text);

/// <summary>
/// A parsed rest-of-line argument, or where it went wrong: <see cref="ErrorOffset"/> is the
/// offset in the text of the word the caret points at (<see cref="Ambiguous"/> when that word
/// abbreviates several valid keywords); null with no value means more words are needed.
/// </summary>
public sealed record RestOfLineResult(bool Success, object? Value, int? ErrorOffset, bool Ambiguous = false)
{
    public static RestOfLineResult Ok(object value) => new(true, value, null);
    public static RestOfLineResult Invalid(int offset, bool ambiguous = false) => new(false, null, offset, ambiguous);
    public static RestOfLineResult Incomplete { get; } = new(false, null, null);
}

public readonly record struct AddressRange(Ipv4 First, Ipv4 Last)
{
    public long Count => (long)Last.Value - First.Value + 1;

    public override string ToString() => First == Last ? First.ToString() : $"{First}-{Last}";
}
