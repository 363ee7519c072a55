using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Tests;

public class CommandHelpTests
{
    private static CommandTree<ConfigHandler> Global => ConfigGrammar.Default.Tree(ModeKind.Global);

    [Fact]
    public void Question_mark_after_a_space_lists_what_may_follow()
    {
        var help = CommandHelp.Options(Global, "ssh ");

        Assert.Null(help.ErrorColumn);
        Assert.False(help.CanEnd);
        Assert.Contains(help.Options, o => o.Label == "timeout");
        Assert.Contains(help.Options, o => o.Label == "version");
        Assert.Contains(help.Options, o => o.Label == "A.B.C.D");
        Assert.Equal("A.B.C.D", help.Options[^1].Label);
    }

    [Fact]
    public void A_complete_command_offers_cr()
    {
        Assert.True(CommandHelp.Options(Global, "names ").CanEnd);
        Assert.True(CommandHelp.Options(Global, "hostname fw ").CanEnd);
    }

    [Fact]
    public void Question_mark_after_a_partial_word_lists_the_keywords_it_may_stand_for()
    {
        Assert.Equal(["name", "names"], CommandHelp.Completions(Global, "nam").Order());
        Assert.Equal(["timeout"], CommandHelp.Completions(Global, "ssh ti"));
        Assert.Empty(CommandHelp.Completions(Global, "hostnme fw ti"));
    }

    [Fact]
    public void Tab_completes_a_unique_prefix_only()
    {
        Assert.Equal("hostname ", CommandHelp.Complete(Global, "hostn"));
        Assert.Equal("ssh timeout ", CommandHelp.Complete(Global, "ssh tim"));
        Assert.Null(CommandHelp.Complete(Global, "nam"));
    }

    [Fact]
    public void Help_after_a_bad_word_points_at_it()
    {
        Assert.Equal(4, CommandHelp.Options(Global, "ssh bogus ").ErrorColumn);
    }
}
