using CsCheck;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>? and Tab answer any text in any mode without an internal error.</summary>
public class HelpPropertyTests : CliTestBase
{
    private static readonly string[] Words =
    [
        "show", "sh", "run", "running-config", "no", "|", "include", "grep", "-v", "access-list", "ip", "address",
        "crypto", "ikev1", "map", "tunnel-group", "group-policy", "username", "password", "1.2.3.4", "255.255.255.0", "10",
        "remark", "description", "interface", "GigabitEthernet0/0", "nameif", "terminal", "pager", "banner", "motd", "object",
        "host", "extended", "permit", "any", "\u00e9", "\uFFFD", "\x01", "\t", "",
    ];

    private static readonly Gen<string> Word = Gen.OneOf(
        Gen.Int[0, Words.Length - 1].Select(i => Words[i]),
        Gen.String[Gen.Char["ab-/.:|()*+?0129 \t\x1b\u00ff"], 0, 6]);

    private static readonly Gen<string> Text = Gen.Select(Word.Array[0, 7], Gen.Bool, (words, trailing) => string.Join(" ", words) + (trailing ? " " : ""));

    [Theory]
    [InlineData("")]
    [InlineData("enable;")]
    [InlineData("enable;;conf t")]
    [InlineData("enable;;conf t;interface GigabitEthernet0/0")]
    [InlineData("enable;;conf t;tunnel-group EZ ipsec-attributes")]
    [InlineData("enable;;conf t;group-policy GP attributes")]
    [InlineData("enable;;conf t;policy-map global_policy")]
    public async Task Help_and_tab_never_fail(string setup)
    {
        var session = new CliSession(Boot("group-policy GP internal\n"), new FakeTerminal(setup.Length == 0 ? [] : setup.Split(';')));
        await session.RunAsync(CancellationToken.None);

        Text.Sample(text =>
        {
            var help = session.HelpLines(text);
            Assert.DoesNotContain(help, l => l.Contains("Internal error", StringComparison.Ordinal));
            session.Complete(text);
        }, iter: 400);
    }
}
