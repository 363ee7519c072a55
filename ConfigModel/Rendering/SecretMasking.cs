using System.Collections.Immutable;
using System.Text;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Rendering;

/// <summary>A masked line, and where its secret words were (as columns of the original line).</summary>
public sealed record MaskedLine(string Text, ImmutableArray<Token> Secrets)
{
    /// <summary>
    /// The column of the masked text that shows what stood at <paramref name="column"/> of the
    /// original line: a caret under a secret goes under its <c>*****</c>.
    /// </summary>
    public int MapColumn(int column)
    {
        var shift = 0;
        foreach (var secret in Secrets)
        {
            if (column < secret.Column) break;
            if (column < secret.Column + secret.Text.Length) return secret.Column + shift;
            shift += SecretMasking.Mask.Length - secret.Text.Length;
        }
        return column + shift;
    }
}

/// <summary>
/// The one place that knows which words of an ASA config or command line are secrets, and
/// replaces them with <c>*****</c> as the ASA does in <c>show running-config</c> and in syslog
/// 111008 (<c>User 'enable_15' executed the 'username test password ***** privilege 15' command.</c>).
/// Everything else of the line is kept as it was, spacing included.
/// <para>
/// The table is by the ASA's keywords and positions. A pattern is matched from the start of the
/// line (after its indent and a <c>no</c>); keywords match when the line's word abbreviates them,
/// as a typed line may. Where a pattern can match a line in more than one way, the words every
/// way would take as the secret are masked: a doubtful word is masked rather than shown.
/// </para>
/// <para>
/// Password hashes (<c>username U password HASH encrypted</c>, <c>enable password HASH encrypted</c>)
/// are shown by the ASA and kept; a password typed in clear is not. A clear password is one that
/// no <c>encrypted</c>, <c>pbkdf2</c> or <c>nt-encrypted</c> word follows.
/// </para>
/// </summary>
public static class SecretMasking
{
    /// <summary>What the ASA prints instead of a secret.</summary>
    public const string Mask = "*****";

    /// <summary>The words after a password that say it is a hash, not the password.</summary>
    private static readonly string[] HashWords = ["encrypted", "pbkdf2", "nt-encrypted"];

    /// <summary>
    /// The ASA's secret-bearing commands [C: the ASA command reference's syntax; positions of the
    /// 8.x/9.x forms]. Notation: a word is a keyword (an abbreviation of it matches); <c>*</c> any
    /// word; <c>$</c> the secret; <c>$h</c> a secret unless a hash word follows it; <c>$?</c> a
    /// secret if the line goes on; <c>[a|b]</c> an optional keyword; <c>...</c> any words;
    /// <c>!w</c> the next word is not exactly <c>w</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> Patterns =
    [
        // Local accounts and the enable/login passwords (reference §4.1).
        "username * password $h",
        "enable password $h",
        "passwd $h",
        "password !encryption $h",
        "vpdn username * password $",
        // Tunnel-group ipsec-attributes: 8.3 and 8.4+ spellings, IKEv2 keys (0|8 = clear|encrypted form).
        "pre-shared-key [0|8|hex] $",
        "ikev1 pre-shared-key [0|8|hex] $",
        "ikev2 remote-authentication pre-shared-key [0|8|hex] $",
        "ikev2 local-authentication pre-shared-key [0|8|hex] $",
        "isakmp key $",
        "crypto isakmp key $",
        "group-policy * external server-group * password $",
        // AAA servers: the positional key of "aaa-server TAG (IF) host IP KEY [timeout N]", and
        // the aaa-server host sub-mode's key, common password and LDAP login password.
        "aaa-server * ... host * !timeout $?",
        "aaa-server * ... host * ... key $",
        "key !config-key $",
        "key config-key password-encryption $? $?",
        "radius-common-pw $",
        "ldap-login-password $",
        "test aaa-server ... password $",
        // SNMP communities and v3 user keys.
        "snmp-server community $",
        "snmp-server host ... community $",
        "snmp-server user * * * ... auth * $",
        "snmp-server user * * * ... priv * [128|192|256] $",
        // NTP, failover, routing protocol authentication.
        "ntp authentication-key * * $",
        "failover key [hex] $",
        "failover ipsec pre-shared-key [0|8] $",
        "ospf authentication-key $",
        "ospf message-digest-key * md5 $",
        "area * virtual-link * ... authentication-key $",
        "area * virtual-link * ... message-digest-key * md5 $",
        "authentication key eigrp * $",
        "rip authentication key $",
        "neighbor * ... password [0|8] $",
        "wccp * ... password [0|7] $",
        // Certificates imported with their passphrase.
        "crypto ca import * pkcs12 $",
    ];

    private abstract record Element;
    private sealed record Keyword(string Word) : Element;
    private sealed record AnyWord : Element;
    private sealed record Secret(bool UnlessHash, bool Optional) : Element;
    private sealed record OptionalKeyword(string[] Words) : Element;
    private sealed record AnyWords : Element;
    private sealed record NotWord(string Word) : Element;

    private static readonly ImmutableArray<ImmutableArray<Element>> Compiled = [.. Patterns.Select(Compile)];

    private static ImmutableArray<Element> Compile(string pattern) =>
    [
        .. pattern.Split(' ').Select(w => w switch
        {
            "*" => new AnyWord(),
            "$" => new Secret(false, false),
            "$h" => new Secret(true, false),
            "$?" => new Secret(false, true),
            "..." => (Element)new AnyWords(),
            _ when w.StartsWith('[') => new OptionalKeyword(w.Trim('[', ']').Split('|')),
            _ when w.StartsWith('!') => new NotWord(w[1..]),
            _ => new Keyword(w),
        }),
    ];

    /// <summary><paramref name="line"/> with its secrets as <c>*****</c>.</summary>
    public static string Line(string line) => Apply(line).Text;

    /// <summary>Every line masked (for a block: a head and its sub-mode lines).</summary>
    public static IEnumerable<string> Lines(IEnumerable<string> lines) => lines.Select(Line);

    /// <summary>The masked line and the secret words it hid.</summary>
    public static MaskedLine Apply(string line)
    {
        var tokens = LineTokenizer.Tokenize(line);
        var secret = new bool[tokens.Count];
        var start = tokens.Count > 1 && tokens[0].Text.Equals("no", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        var lastHash = LastHashWord(tokens);
        foreach (var pattern in Compiled) MarkSecrets(pattern, tokens, start, secret, lastHash);
        var spans = new List<Token>();
        for (var i = 0; i < tokens.Count; i++)
            if (secret[i]) spans.Add(tokens[i]);
            else if (UrlPassword(tokens[i]) is { } password) spans.Add(password);
        return Build(line, spans);
    }

    /// <summary>The <c>PASSWORD</c> of a <c>scheme://user:PASSWORD@host/...</c> word (<c>copy ftp://...</c>), as a span of the line.</summary>
    private static Token? UrlPassword(Token token)
    {
        var text = token.Text;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return null;
        var authority = scheme + 3;
        var at = text.IndexOf('@', authority);
        if (at < 0) return null;
        var colon = text.IndexOf(':', authority, at - authority);
        if (colon < 0 || colon + 1 >= at) return null;
        return new Token(text[(colon + 1)..at], token.Column + colon + 1);
    }

    private static MaskedLine Build(string line, List<Token> spans)
    {
        spans.RemoveAll(s => s.Text == Mask);
        if (spans.Count == 0) return new MaskedLine(line, []);
        var text = new StringBuilder(line.Length);
        var at = 0;
        foreach (var span in spans)
        {
            text.Append(line, at, span.Column - at).Append(Mask);
            at = span.Column + span.Text.Length;
        }
        text.Append(line, at, line.Length - at);
        return new MaskedLine(text.ToString(), [.. spans]);
    }

    /// <summary>
    /// Marks the words that some match of <paramref name="pattern"/> against the line takes as
    /// its secret. States are (pattern element, word); a secret word is marked when its state is
    /// reachable from the start and the pattern can still be completed after it, so every way
    /// the pattern matches counts, in time linear in the line's length per pattern element.
    /// </summary>
    /// <param name="lastHash">The index of the line's last hash word (-1: none): a password before it is a hash.</param>
    private static void MarkSecrets(ImmutableArray<Element> pattern, IReadOnlyList<Token> tokens, int start, bool[] secret, int lastHash)
    {
        int p = pattern.Length, n = tokens.Count;
        // Cheap rejection: every pattern starts with a keyword.
        if (start >= n || pattern[0] is Keyword first && !Abbreviates(tokens[start].Text, first.Word)) return;
        var reach = new bool[p + 1, n + 1];
        reach[0, start] = true;
        for (var e = 0; e < p; e++)
        {
            var any = false;
            for (var w = start; w <= n; w++)
            {
                if (pattern[e] is AnyWords)
                {
                    // "..." goes on from the first place it is reached to the end of the line.
                    any |= reach[e, w];
                    reach[e + 1, w] |= any;
                    continue;
                }
                if (!reach[e, w]) continue;
                foreach (var next in Steps(pattern[e], tokens, w, lastHash)) reach[e + 1, next] = true;
            }
        }
        var complete = new bool[p + 1, n + 1];
        for (var w = start; w <= n; w++) complete[p, w] = true;
        for (var e = p - 1; e >= 0; e--)
        {
            var any = false;
            for (var w = n; w >= start; w--)
            {
                if (pattern[e] is AnyWords)
                {
                    any |= complete[e + 1, w];
                    complete[e, w] = any;
                    continue;
                }
                foreach (var next in Steps(pattern[e], tokens, w, lastHash))
                    if (complete[e + 1, next]) { complete[e, w] = true; break; }
            }
        }
        if (!complete[0, start]) return;
        for (var e = 0; e < p; e++)
        {
            if (pattern[e] is not Secret) continue;
            for (var w = start; w < n; w++)
                if (reach[e, w] && complete[e + 1, w + 1] && Steps(pattern[e], tokens, w, lastHash).Contains(w + 1)) secret[w] = true;
        }
    }

    /// <summary>Where an element (other than <c>...</c>) can leave the match when it starts at word <paramref name="w"/>.</summary>
    private static IEnumerable<int> Steps(Element element, IReadOnlyList<Token> tokens, int w, int lastHash)
    {
        var word = w < tokens.Count ? tokens[w].Text : null;
        switch (element)
        {
            case Keyword k:
                if (word is not null && Abbreviates(word, k.Word)) yield return w + 1;
                break;
            case AnyWord:
                if (word is not null) yield return w + 1;
                break;
            case Secret s:
                if (word is not null && !(s.UnlessHash && lastHash > w)) yield return w + 1;
                if (word is null && s.Optional) yield return w;
                break;
            case OptionalKeyword o:
                // An exact keyword is taken; an abbreviation may be the keyword or the secret itself: both.
                var exact = word is not null && o.Words.Any(x => x.Equals(word, StringComparison.OrdinalIgnoreCase));
                if (exact || word is not null && o.Words.Any(x => Abbreviates(word, x))) yield return w + 1;
                if (!exact) yield return w;
                break;
            case NotWord not:
                if (word is null || !word.Equals(not.Word, StringComparison.OrdinalIgnoreCase)) yield return w;
                break;
        }
    }

    // Found once per line: asked for each word where a secret may start, a scan to the end of the line
    // from each would make a long line quadratic (the config loader's fuzz found one of 58,000 characters).
    private static int LastHashWord(IReadOnlyList<Token> tokens)
    {
        for (var i = tokens.Count - 1; i >= 0; i--)
            foreach (var hash in HashWords)
                if (hash.Equals(tokens[i].Text, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Whether a typed word is the keyword or an abbreviation of it, as the CLI reads one.</summary>
    private static bool Abbreviates(string word, string keyword) =>
        word.Length > 0 && keyword.StartsWith(word, StringComparison.OrdinalIgnoreCase);
}
