using System.Text.RegularExpressions;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary><c>?</c> help (reference §1.5), typed at the end of a line over a pipe.</summary>
public class HelpTests : CliTestBase
{
    [Fact]
    public async Task Show_running_config_space_question_lists_all_pipes_and_cr_then_runs_the_line()
    {
        var output = await Lines(Boot(), "enable", "", "show running-config ?");

        Assert.Contains(
            "ciscoasa# show running-config ?\r\n" +
            "\r\n" +
            "  all    Show all of the configuration, defaults included\r\n" +
            "  WORD   Show the commands that start with these keywords\r\n" +
            "  |      Output modifiers\r\n" +
            "  <cr>\r\n" +
            "ciscoasa# show running-config \r\n" +
            ": Saved\r\n", output);
    }

    [Fact]
    public async Task Every_keyword_of_the_interface_mode_and_of_clear_configure_has_a_description()
    {
        var output = await Lines(Boot(), "enable", "", "configure terminal", "interface GigabitEthernet0/0", "?", "exit", "clear configure ?");

        var interfaceHelp = output[output.IndexOf("configure mode commands/options:", StringComparison.Ordinal)..output.IndexOf("exec mode commands/options:", StringComparison.Ordinal)];
        var clearHelp = output[output.IndexOf("clear configure ?", StringComparison.Ordinal)..];
        clearHelp = clearHelp[..clearHelp.IndexOf("ciscoasa(config)#", StringComparison.Ordinal)];
        foreach (var line in (interfaceHelp + clearHelp).Split("\r\n").Where(l => l.StartsWith("  ", StringComparison.Ordinal)))
            Assert.Matches(@"^  \S+ +\S", line);
        Assert.Contains("  nameif            Assign name to interface", interfaceHelp);
    }

    [Fact]
    public async Task Help_works_after_an_abbreviated_word()
    {
        var output = await Lines(Boot(), "enable", "", "show run ?");

        Assert.Contains("\r\n\r\n  all    Show all of the configuration, defaults included\r\n", output);
        Assert.Contains("  <cr>\r\nciscoasa# show run \r\n", output);
    }

    [Fact]
    public async Task A_partial_word_lists_the_keywords_it_may_stand_for_on_one_line()
    {
        var output = await Lines(Boot(), "enable", "", "co?", "show hostn?");

        Assert.Contains("ciscoasa# co?\r\nconfigure copy\r\nciscoasa# co\r\n", output);
        Assert.Contains("ciscoasa# show hostn?\r\nhostname\r\nciscoasa# show hostn\r\n", output);
    }

    [Fact]
    public async Task A_question_mark_inside_a_piped_line_is_answered_where_it_was_typed()
    {
        var output = await Lines(Boot(), "enable", "", "show hostn?ame", "show run | include ^hostname c\x16?iscoasa");

        Assert.Contains("ciscoasa# show hostn?ame\r\nhostname\r\nciscoasa# show hostname\r\nciscoasa\r\nciscoasa# ", output);
        Assert.Contains("c\x16?iscoasa\r\nhostname ciscoasa\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task A_partial_word_nothing_starts_with_is_unrecognized()
    {
        var output = await Lines(Boot(), "enable", "", "xyz?");

        Assert.Contains("ciscoasa# xyz?\r\nERROR: % Unrecognized command\r\nciscoasa# xyz\r\n", output);
    }

    [Fact]
    public async Task A_bad_word_before_the_question_mark_gets_the_caret()
    {
        var output = await Lines(Boot(), "enable", "", "show xyz ?");

        Assert.Contains("ciscoasa# show xyz ?\r\n" + new string(' ', "ciscoasa# show ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n", output);
    }

    [Fact]
    public async Task An_ambiguous_word_before_the_question_mark_is_reported_as_ambiguous()
    {
        var output = await Lines(Boot(), "enable", "", "show r ?");

        Assert.Contains("ciscoasa# show r ?\r\nERROR: % Ambiguous command:  \"show r\"\r\n", output);
    }

    [Fact]
    public async Task User_exec_help_shows_only_user_commands()
    {
        var output = await Lines(Boot(), "?");

        Assert.Contains("ciscoasa> ?\r\nexec mode commands/options:\r\n", output);
        Assert.Contains("\r\n  enable ", output);
        Assert.Contains("\r\n  login ", output);
        Assert.DoesNotContain("configure", output);
    }

    [Fact]
    public async Task Config_mode_help_starts_with_the_asa_header_and_lists_exec_commands_after()
    {
        var output = await Lines(Boot(), "enable", "", "conf t", "?");

        var start = output.IndexOf("ciscoasa(config)# ?\r\n", StringComparison.Ordinal);
        Assert.True(start >= 0);
        var help = output[(start + "ciscoasa(config)# ?\r\n".Length)..];
        Assert.StartsWith("configure mode commands/options:\r\n  aaa ", help);
        var exec = help.IndexOf("exec mode commands/options:\r\n", StringComparison.Ordinal);
        Assert.True(exec > 0);
        Assert.Contains("  hostname ", help[..exec]);
        Assert.Contains("  no ", help[..exec]);
        Assert.Contains("  show ", help[exec..]);
    }

    [Fact]
    public async Task Options_are_padded_to_one_column()
    {
        var output = await Lines(Boot(), "enable", "", "terminal ?");

        var help = output[output.IndexOf("ciscoasa# terminal ?\r\n\r\n", StringComparison.Ordinal)..];
        help = help["ciscoasa# terminal ?\r\n\r\n".Length..help.IndexOf("ciscoasa# terminal \r\n", StringComparison.Ordinal)];
        var lines = help.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var columns = lines.Select(l => Regex.Match(l, @"^  (\S+)( +)\S")).Where(m => m.Success).ToList();
        Assert.True(columns.Count >= 2);
        Assert.Single(columns.Select(m => m.Groups[1].Length + m.Groups[2].Length).Distinct());
        Assert.Equal(3, columns.Min(m => m.Groups[2].Length));
        Assert.Contains(lines, l => Regex.IsMatch(l, "^  pager +Control page length for pagination$"));
    }

    [Fact]
    public async Task A_sub_mode_merges_its_own_global_and_exec_commands()
    {
        var output = await Lines(Boot(), "enable", "", "conf t", "interface GigabitEthernet0/1", "nameif ?", "hostn?", "show cu?", "xyz?");

        Assert.Contains("ciscoasa(config-if)# nameif ?\r\n\r\n  WORD ", output);
        Assert.Contains("ciscoasa(config-if)# hostn?\r\nhostname\r\n", output);
        Assert.Contains("ciscoasa(config-if)# show cu?\r\ncurpriv\r\n", output);
        Assert.Contains("ciscoasa(config-if)# xyz?\r\nERROR: % Unrecognized command\r\n", output);
    }

    [Fact]
    public async Task The_no_form_has_help_too()
    {
        var output = await Lines(Boot(), "enable", "", "conf t", "no pager ?", "no?", "no ?");

        Assert.Contains("ciscoasa(config)# no pager ?\r\n\r\n  lines", output);
        Assert.Contains("  <0-2147483647>", output);
        Assert.Contains("ciscoasa(config)# no?\r\nno\r\n", output);
        var no = output[output.IndexOf("ciscoasa(config)# no ?", StringComparison.Ordinal)..];
        Assert.Contains("\r\n  hostname ", no);
        Assert.Contains("\r\n  terminal ", no);
        Assert.DoesNotContain("\r\n  show ", no);
    }

    [Fact]
    public async Task After_a_pipe_help_lists_the_output_modifiers()
    {
        var output = await Lines(Boot(), "enable", "", "show running-config | ?", "show run | in?");

        Assert.Contains(
            "ciscoasa# show running-config | ?\r\n\r\n" +
            "  begin     Begin with the line that matches\r\n" +
            "  exclude   Exclude lines that match\r\n" +
            "  grep      Include/exclude lines that match\r\n" +
            "  include   Include lines that match\r\n", output);
        Assert.Contains("ciscoasa# show run | in?\r\ninclude\r\n", output);
    }
}
