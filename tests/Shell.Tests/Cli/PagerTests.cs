using System.Text;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>The pager (reference §1.7) on an interactive terminal.</summary>
public class PagerTests : CliTestBase
{
    private const string More = "<--- More --->";
    private const string Erase = "\r              \r";

    private static string[] Pages(string output, string command)
    {
        var start = output.IndexOf(command + "\r\n", StringComparison.Ordinal);
        Assert.True(start >= 0);
        return output[(start + command.Length + 2)..].Split(More + Erase);
    }

    private static int LineCount(string text) => text.Split("\r\n").Length - 1;

    [Fact]
    public void The_erase_sequence_is_cr_fourteen_blanks_cr()
    {
        Assert.Equal(14, Pager.MorePrompt.Length);
        Assert.Equal("\r" + new string(' ', 14) + "\r", Pager.Erase);
    }

    [Fact]
    public async Task Space_shows_a_page_enter_a_line_and_q_stops()
    {
        var output = await Keys(Boot(), "enable\r\rterminal pager 5\rshow running-config\r \rqshow hostname\r");

        var pages = Pages(output, "show running-config");
        Assert.Equal(4, pages.Length);
        Assert.Equal(5, LineCount(pages[0]));
        Assert.Equal(5, LineCount(pages[1]));
        Assert.Equal(1, LineCount(pages[2]));
        Assert.StartsWith("ciscoasa# show hostname\r\nciscoasa\r\n", pages[3]);
        Assert.StartsWith(": Saved\r\n\r\n:\r\n: Serial Number: ", pages[0]);
    }

    [Fact]
    public async Task Ctrl_c_at_the_more_prompt_stops_too()
    {
        var output = await Keys(Boot(), "enable\r\rterminal pager 3\rshow running-config\r\x03show hostname\r");

        var pages = Pages(output, "show running-config");
        Assert.Equal(2, pages.Length);
        Assert.StartsWith("ciscoasa# show hostname\r\n", pages[1]);
    }

    [Fact]
    public async Task The_config_pager_lines_is_the_default_page()
    {
        var output = await Keys(Boot("pager lines 7\n"), "enable\r\rshow running-config\rq");

        var pages = Pages(output, "show running-config");
        Assert.Equal(7, LineCount(pages[0]));
    }

    [Theory]
    [InlineData("terminal pager 0")]
    [InlineData("no terminal pager")]
    public async Task Terminal_pager_0_and_no_terminal_pager_turn_it_off(string command)
    {
        var output = await Keys(Boot("pager lines 3\n"), $"enable\r\r{command}\rshow running-config\r");

        Assert.DoesNotContain(More, output);
        Assert.Contains(": end\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task A_filtered_output_is_paged_after_the_filter()
    {
        var output = await Keys(Boot("pager lines 2\ninterface GigabitEthernet0/0\ninterface GigabitEthernet0/1\ninterface Management0/0\n"),
            "enable\r\rshow running-config | include ^interface\r q");

        var pages = Pages(output, "show running-config | include ^interface");
        Assert.Equal("interface GigabitEthernet0/0\r\ninterface GigabitEthernet0/1\r\n", pages[0]);
        Assert.StartsWith("interface Management0/0\r\nciscoasa# ", pages[1]);
    }

    [Fact]
    public async Task A_session_on_the_event_bus_keeps_its_interactive_terminal()
    {
        var output = new MemoryStream();
        var terminal = new StreamTerminal(new MemoryStream(Encoding.UTF8.GetBytes("enable\r\rterminal pager 3\rshow running-config\rqsh\tcurp\t\r")), output);
        using var monitor = SessionMonitor.Open(Boot(), terminal, console: true);

        await monitor.Session.RunAsync(CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains(More + Erase + "ciscoasa# sh\b\bshow curp", text);
        Assert.Contains("show curpriv \r\nUsername : enable_15\r\n", text);
    }

    [Fact]
    public async Task Over_a_pipe_the_pager_is_off()
    {
        var output = await Lines(Boot("pager lines 3\n"), "enable", "", "show running-config");

        Assert.DoesNotContain(More, output);
        Assert.Contains(": end\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task The_end_of_input_at_the_more_prompt_ends_the_session()
    {
        var output = await Keys(Boot(), "enable\r\rterminal pager 2\rshow running-config\r");

        Assert.EndsWith(More + Erase + "ciscoasa# ", output);
    }
}
