using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.Shell.Sessions;

/// <summary>
/// Local command authorization (<c>aaa authorization command LOCAL</c>): which form of which
/// command a line is, as <c>privilege ... command</c> names it, and whether a session's level
/// may run it. Without command authorization every command a session's prompt offers runs, as
/// on the ASA ("levels 0 and 15 are the only levels used unless you configure local command
/// authorization" [C]).
/// </summary>
public static class CommandAuthorization
{
    /// <summary>The ASA's answer to a command above the session's level [S: reference §1.4; Ansible matches it].</summary>
    public const string Failed = "Command authorization failed";

    /// <summary>
    /// The form and command of a line's words (written out, after a <c>no</c>): <c>show X</c> is
    /// the show form of X, <c>clear X</c> and <c>clear configure X</c> its clear form, anything
    /// else (and its <c>no</c>) the cmd form of its first word [C].
    /// </summary>
    public static (string Variant, string Command) Form(IReadOnlyList<string> words, bool negated)
    {
        if (words.Count == 0) return (CommandPrivilege.Cmd, "");
        if (negated || words.Count == 1) return (CommandPrivilege.Cmd, words[0]);
        if (words[0] == "show") return (CommandPrivilege.Show, words[1]);
        if (words[0] == "clear")
            return words[1] == "configure" && words.Count > 2 ? (CommandPrivilege.Clear, words[2]) : (CommandPrivilege.Clear, words[1]);
        return (CommandPrivilege.Cmd, words[0]);
    }

    /// <summary>Whether a session at <paramref name="level"/> may run the line whose words are <paramref name="words"/>.</summary>
    public static bool Permits(AsaConfig config, int level, bool inConfig, IReadOnlyList<string> words, bool negated)
    {
        if (!CommandLevels.Enforced(config)) return true;
        var (variant, command) = Form(words, negated);
        return level >= CommandLevels.Required(config, variant, command, inConfig ? CommandPrivilege.Configure : CommandPrivilege.Exec);
    }

    /// <summary>
    /// Whether <c>?</c> and Tab offer a word, given the words before it and itself: <c>show</c>
    /// and <c>clear</c> lead to level-0 forms, so they are always offered; a word that decides the
    /// command is offered when its form is permitted.
    /// </summary>
    public static bool Offers(AsaConfig config, int level, bool inConfig, IReadOnlyList<string> words, bool negated)
    {
        if (!negated && words is ["show"] or ["clear"] or ["clear", "configure"]) return true;
        return Permits(config, level, inConfig, words, negated);
    }

    /// <summary>
    /// The words of a line written out, as far as <paramref name="count"/> words: each keyword a
    /// tree reads it as (the first tree that knows it), else the word in lower case.
    /// </summary>
    public static IReadOnlyList<string> Words(IReadOnlyList<Func<IReadOnlyList<Token>, int, string?>> keywordAt, IReadOnlyList<Token> tokens, int start, int count)
    {
        var words = new List<string>();
        for (var i = start; i < tokens.Count && words.Count < count; i++)
            words.Add(keywordAt.Select(k => k(tokens, i)).FirstOrDefault(w => w is not null) ?? tokens[i].Text.ToLowerInvariant());
        return words;
    }

    /// <summary>The keyword <paramref name="tree"/> reads word <paramref name="index"/> of a line as, or null.</summary>
    public static Func<IReadOnlyList<Token>, int, string?> KeywordIn<T>(CommandTree<T> tree, string line, int start, bool negated) where T : class =>
        (tokens, index) =>
        {
            var match = tree.Match(line, [.. tokens.Take(index + 1)], start, negated);
            return match.Status is MatchStatus.Complete or MatchStatus.Incomplete && match.Node is KeywordNode<T> k ? k.Keyword : null;
        };
}
