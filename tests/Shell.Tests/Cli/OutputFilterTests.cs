using System.Text.RegularExpressions;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>Output modifiers (reference §1.6) over any EXEC output.</summary>
public class OutputFilterTests : CliTestBase
{
    private const string Config = "hostname edge1\ninterface GigabitEthernet0/0\n nameif outside\ninterface GigabitEthernet0/1\n nameif inside\n";

    /// <summary>The output of the one command in <paramref name="output"/> after its echoed line.</summary>
    private static string After(string output, string command)
    {
        var start = output.IndexOf("edge1# " + command + "\r\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{command}' was not run");
        var body = output[(start + "edge1# ".Length + command.Length + 2)..];
        return body[..body.IndexOf("edge1# ", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Include_checksum_gives_the_one_line_ansible_compares()
    {
        var output = await Lines(Boot(Config), "enable", "", "show running-config | include checksum:");

        Assert.Matches(@"^Cryptochecksum:[0-9a-f]{32}\r\n$", After(output, "show running-config | include checksum:"));
    }

    [Fact]
    public async Task Include_is_case_sensitive_and_keeps_the_blanks_of_the_regex()
    {
        var output = await Lines(Boot(Config), "enable", "", "show run | include nameif o", "show run | include NAMEIF", "sh run | i  nameif");

        Assert.Equal(" nameif outside\r\n", After(output, "show run | include nameif o"));
        Assert.Equal("", After(output, "show run | include NAMEIF"));
        Assert.Equal(" nameif outside\r\n nameif inside\r\n", After(output, "sh run | i  nameif"));
    }

    [Fact]
    public async Task Exclude_drops_the_matching_lines()
    {
        var output = await Lines(Boot(Config), "enable", "", "show running-config", "show running-config | exclude !");

        var all = After(output, "show running-config");
        var filtered = After(output, "show running-config | exclude !");
        Assert.DoesNotContain("!", filtered);
        Assert.Equal(all.Split("\r\n").Where(l => !l.Contains('!')), filtered.Split("\r\n"));
    }

    [Fact]
    public async Task Begin_starts_at_the_first_matching_line()
    {
        var output = await Lines(Boot(Config), "enable", "", "show running-config", "show running-config | begin ^interface");

        var all = After(output, "show running-config");
        Assert.Equal(all[all.IndexOf("\r\ninterface ", StringComparison.Ordinal)..][2..], After(output, "show running-config | begin ^interface"));
    }

    [Fact]
    public async Task Grep_includes_and_grep_v_excludes()
    {
        var output = await Lines(Boot(Config), "enable", "", "show run | grep ^interface", "show run | grep -v e");

        Assert.Equal("interface GigabitEthernet0/0\r\ninterface GigabitEthernet0/1\r\n", After(output, "show run | grep ^interface"));
        var lines = After(output, "show run | grep -v e").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotContain("e", l));
    }

    [Fact]
    public async Task Filters_apply_to_any_exec_output_and_in_config_mode()
    {
        var output = await Lines(Boot(Config), "enable", "", "show curpriv | include level", "conf t", "show run | include ^hostname");

        Assert.Equal("Current privilege level : 15\r\n", After(output, "show curpriv | include level"));
        Assert.Contains("edge1(config)# show run | include ^hostname\r\nhostname edge1\r\nedge1(config)# ", output);
    }

    [Fact]
    public async Task A_bad_modifier_a_missing_regex_and_a_bad_regex_are_refused()
    {
        var output = await Lines(Boot(Config), "enable", "", "show run | xyz a", "show run | include", "show run | include (");

        Assert.Contains("edge1# show run | xyz a\r\n" + new string(' ', "edge1# show run | ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n", output);
        Assert.Contains("edge1# show run | include\r\nERROR: % Incomplete command\r\n", output);
        Assert.Contains("edge1# show run | include (\r\n" + new string(' ', "edge1# show run | include ".Length) + "^\r\n", output);
    }

    [Fact]
    public async Task A_refused_command_before_a_pipe_gets_its_error_unfiltered()
    {
        var output = await Lines(Boot(Config), "show run | include hostname", "enable", "", "show foo | include hostname", "sh cry ipsec | include x");

        // show running-config needs privileged EXEC; the caret sits under the word refused.
        Assert.Contains("edge1> show run | include hostname\r\n" + new string(' ', "edge1> show ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n", output);
        Assert.Contains("edge1# show foo | include hostname\r\n" + new string(' ', "edge1# show ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n", output);
        Assert.Contains("edge1# sh cry ipsec | include x\r\nERROR: % Incomplete command\r\n", output);
    }

    [Fact]
    public async Task A_pipe_inside_a_config_line_is_part_of_the_line()
    {
        var output = await Lines(Boot(Config), "enable", "", "conf t", "banner motd a | b", "show run | include banner");

        Assert.Contains("edge1(config)# banner motd a | b\r\nedge1(config)# ", output);
        Assert.Contains("edge1(config)# show run | include banner\r\nbanner motd a | b\r\n", output);
    }

    [Fact]
    public async Task A_regex_that_takes_too_long_counts_as_no_match()
    {
        var output = await Lines(Boot(Config + "banner motd " + new string('a', 40) + "!\n"), "enable", "",
            "show run | include ^(a+)+$");

        Assert.DoesNotMatch(new Regex("^aaaa", RegexOptions.Multiline), After(output, "show run | include ^(a+)+$"));
    }
}
