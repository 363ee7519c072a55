using System.Text;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>The line editor of interactive terminals (reference §1.4, §1.5), fed bytes as telnet and SSH do.</summary>
public class LineEditorTests : CliTestBase
{
    [Fact]
    public async Task Typed_characters_are_echoed_exactly_as_received()
    {
        var output = await Keys(Boot(), "show curpriv\rterminal width 511\r");

        Assert.StartsWith("Type help or '?' for a list of available commands.\r\nciscoasa> show curpriv\r\nUsername : enable_1\r\n", output);
        Assert.Contains("\r\nciscoasa> terminal width 511\r\nciscoasa> ", output);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r\0")]
    [InlineData("\n")]
    [InlineData("\r")]
    public async Task Each_line_end_is_one_enter(string end)
    {
        var output = await Keys(Boot(), $"show hostname{end}show hostname{end}");

        Assert.Equal(2, CountOf(output, "ciscoasa> show hostname\r\nciscoasa\r\n"));
        Assert.EndsWith("\r\nciscoasa> ", output);
    }

    [Fact]
    public async Task Backspace_and_delete_keys_erase_on_screen()
    {
        var output = await Keys(Boot(), "shx\x7fow hostnamz\bew\x1b[D\x1b[3~\r");

        Assert.Contains("ciscoasa> shx\b \bow hostnamz\b \bew\b", output);
        Assert.Contains("\r\nciscoasa\r\n", output);
    }

    [Fact]
    public async Task Ctrl_a_e_u_w_and_the_arrows_edit_the_line()
    {
        var output = await Keys(Boot(),
            "how hostname\x01s\x05\r" +          // Ctrl-A, insert, Ctrl-E
            "garbage\x15show hostname\r" +       // Ctrl-U
            "show garbage\x17hostname\r" +       // Ctrl-W
            "shw hostname\x01\x1b[C\x1b[Co\r");  // Home, Right, Right, insert

        Assert.Equal(4, CountOf(output, "\r\nciscoasa\r\n"));
        Assert.DoesNotContain("ERROR", output);
        Assert.Contains("ciscoasa> how hostname" + new string('\b', 12) + "show hostname" + new string('\b', 12) + "how hostname\r\n", output);
        Assert.Contains("ciscoasa> garbage" + new string('\b', 7) + new string(' ', 7) + new string('\b', 7) + "show hostname\r\n", output);
    }

    /// <summary>
    /// What a terminal shows, line by line, for the output: characters overwrite, backspace moves
    /// left, CR LF ends the line, blanks at the end do not show. Nothing wraps: a line longer than
    /// the terminal's width was written past its last column.
    /// </summary>
    private static List<string> Screen(string output)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var column = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            if (c == '\r' && i + 1 < output.Length && output[i + 1] == '\n') { lines.Add(line.ToString().TrimEnd(' ')); line.Clear(); column = 0; i++; }
            else if (c == '\b') column = Math.Max(0, column - 1);
            else
            {
                if (column < line.Length) line[column] = c; else line.Append(c);
                column++;
            }
        }
        lines.Add(line.ToString().TrimEnd(' '));
        return lines;
    }

    private const string LongAcl =
        "access-list SPLIT extended permit tcp host 198.18.1.10 host 198.19.0.10 eq 443 log 7 interval 300 inactive";

    [Fact]
    public async Task A_line_wider_than_the_terminal_scrolls_with_a_dollar_in_the_first_column()
    {
        var output = await Keys(Boot(), "enable\r\rconfigure terminal\r" + LongAcl + "\rshow running-config access-list SPLIT\r");

        // 80 columns, an 18-column prompt: the window moves ten at a time and nothing is written past column 79.
        var screen = Screen(output);
        var typed = Assert.Single(screen, l => l.StartsWith("ciscoasa(config)# $", StringComparison.Ordinal));
        AssertScrolledToTheEnd(typed, "ciscoasa(config)# ", LongAcl);
        Assert.Contains(AclAsShown, screen); // the command ran
    }

    /// <summary>The prompt, a <c>$</c>, and the end of the text, within 80 columns and using at least 70 of them.</summary>
    private static void AssertScrolledToTheEnd(string shown, string prompt, string text)
    {
        Assert.StartsWith(prompt + "$", shown);
        Assert.True(text.EndsWith(shown[(prompt.Length + 1)..], StringComparison.Ordinal), $"[{shown}]");
        Assert.InRange(shown.Length, 70, 79);
    }

    /// <summary><see cref="LongAcl"/> as show running-config prints it.</summary>
    private const string AclAsShown =
        "access-list SPLIT extended permit tcp host 198.18.1.10 host 198.19.0.10 eq https log 7 interval 300 inactive";

    [Fact]
    public async Task Moving_home_on_a_long_line_shows_its_start_and_edits_still_reach_the_whole_line()
    {
        // Typed without its first letter, which Ctrl-A then puts in; Ctrl-E and two backspaces retype the end.
        var output = await Keys(Boot(), "enable\r\rconfigure terminal\r" + LongAcl[1..] + "\u0001a\u0005\b\bve\rshow running-config access-list SPLIT\r");

        var screen = Screen(output);
        Assert.Contains(AclAsShown, screen);
        var typed = Assert.Single(screen, l => l.StartsWith("ciscoasa(config)# $", StringComparison.Ordinal));
        AssertScrolledToTheEnd(typed, "ciscoasa(config)# ", LongAcl);
    }

    [Fact]
    public async Task With_terminal_width_511_a_long_line_is_echoed_exactly_as_typed()
    {
        var output = await Keys(Boot(), "terminal width 511\renable\r\rconfigure terminal\r" + LongAcl + "\r");

        Assert.Contains("ciscoasa(config)# " + LongAcl + "\r\n", output);
    }

    [Fact]
    public async Task Ctrl_c_abandons_the_line()
    {
        var output = await Keys(Boot(), "show version\x03show hostname\r");

        Assert.Contains("ciscoasa> show version^C\r\nciscoasa> show hostname\r\nciscoasa\r\n", output);
        Assert.DoesNotContain("Cisco Adaptive Security Appliance", output);
    }

    [Fact]
    public async Task Ctrl_z_ends_config_mode()
    {
        var output = await Keys(Boot(), "enable\r\rconf t\rinterface GigabitEthernet0/0\r\x1ashow curpriv\r\x1a");

        Assert.Contains("ciscoasa(config-if)# ^Z\r\nciscoasa# show curpriv\r\n", output);
        Assert.EndsWith("Current Mode/s : P_PRIV\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task Up_and_down_walk_the_history()
    {
        var output = await Keys(Boot(), "show hostname\rshow curpriv\r\x1b[A\x1b[A\r\x1b[A\x1b[B\x1b[Bshow ver\x1b[A\x1b[B\x03");

        Assert.Equal(2, CountOf(output, "\r\nciscoasa\r\n"));
        Assert.EndsWith("show ver\b\b\b\b\b\b\b\bshow hostname\b\b\b\b\b\b\b\b\b\b\b\b\bshow ver     \b\b\b\b\b^C\r\nciscoasa> ", output);
    }

    [Fact]
    public async Task Question_mark_prints_help_and_redraws_the_prompt_and_the_line()
    {
        var output = await Keys(Boot(), "enable\r\rshow running-config ?all | include checksum:\r");

        Assert.Contains("ciscoasa# show running-config ?\r\n\r\n  all ", output);
        Assert.Contains("  <cr>\r\nciscoasa# show running-config all | include checksum:\r\nCryptochecksum:", output);
    }

    [Fact]
    public async Task Question_mark_after_a_partial_word_lists_the_keywords()
    {
        var output = await Keys(Boot(), "enable\r\rco?\x03");

        Assert.Contains("ciscoasa# co?\r\nconfigure copy\r\nciscoasa# co^C\r\n", output);
    }

    [Fact]
    public async Task Ctrl_v_types_a_literal_question_mark()
    {
        var output = await Keys(Boot(), "enable\r\rshow run | include ^hostname ciscoas\x16?\r");

        Assert.Contains("ciscoasa# show run | include ^hostname ciscoas?\r\nhostname ciscoasa\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task Tab_completes_a_unique_prefix()
    {
        var output = await Keys(Boot(), "enable\r\rsh\tcur\t\r");

        Assert.Contains("ciscoasa# sh\b\bshow cur" + new string('\b', 8) + "show curpriv \r\nUsername : enable_15\r\n", output);
    }

    [Fact]
    public async Task Tab_on_an_ambiguous_prefix_lists_the_candidates()
    {
        var output = await Keys(Boot(), "enable\r\rco\tnf\tt\r");

        Assert.Contains("ciscoasa# co\r\nconfigure  copy\r\nciscoasa# conf", output);
        Assert.Contains("ciscoasa(config)# ", output);
    }

    [Fact]
    public async Task Tab_in_a_sub_mode_completes_global_commands_as_well()
    {
        var output = await Keys(Boot(), "enable\r\rconf t\rint g0/0\rhostn\tasa2\r");

        Assert.Contains("(config-if)# hostn\b\b\b\b\bhostname asa2\r\nasa2(config)# ", output);
    }

    [Fact]
    public async Task A_password_is_echoed_as_stars_and_never_in_clear()
    {
        var output = await Keys(Boot("enable password s3cret\n"), "enable\rs3cx\x7fret\r");

        Assert.Contains("ciscoasa> enable\r\nPassword: ****\b \b***\r\nciscoasa# ", output);
        Assert.DoesNotContain("s3c", output.Replace("enable password", ""));
    }

    [Fact]
    public async Task A_question_mark_in_a_password_is_part_of_it()
    {
        var output = await Keys(Boot("enable password a?b\n"), "enable\ra?b\r");

        Assert.Contains("Password: ***\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task Control_characters_and_escape_sequences_do_not_reach_the_line()
    {
        var output = await Keys(Boot(), "\x01\x02\x06\x0b\x0e\x10\x12\x14\x19\x1b[99~\x1bOZ\x1b\x1b[5;5Hshow hostname\x07\x1c\x1d\x1e\x1f\r");

        Assert.Contains("\r\nciscoasa\r\n", output);
        Assert.DoesNotContain("ERROR", output);
    }

    [Fact]
    public async Task Invalid_utf8_and_control_bytes_never_end_the_session()
    {
        var bytes = new List<byte>();
        bytes.AddRange([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x00, 0x80, 0x9b, 0xf8, 0x88, 0x80, 0x80, 0x80]);
        bytes.AddRange(Encoding.UTF8.GetBytes("\r"));
        for (var b = 0; b < 32; b++)
            if (b is not (3 or 10 or 13 or 26)) bytes.Add((byte)b);
        bytes.AddRange(Encoding.UTF8.GetBytes("\rsh\u00e9\u4e2d\ud83d\ude00\r\x1b[\r\x1b"));
        bytes.AddRange(Encoding.UTF8.GetBytes("[Dshow hostname\r"));

        var output = await Keys(Boot(), bytes.ToArray());

        Assert.Contains("ERROR: % Invalid input detected at '^' marker.", output);
        Assert.Contains("\r\nciscoasa> show hostname\r\nciscoasa\r\n", output);
        Assert.EndsWith("ciscoasa> ", output);
    }

    [Fact]
    public async Task Control_characters_and_odd_unicode_over_a_pipe_are_answered_as_errors()
    {
        var output = await Lines(Boot(), "\x01\x02show\x7f", "\0", "\x1b[A", "sh\uFFFDow ver", "\ud800", "  \t ", "|", "show | include", "show hostname");

        Assert.Contains("ciscoasa> show hostname\r\nciscoasa\r\n", output);
        Assert.DoesNotContain("Internal error", output);
    }

    [Fact]
    public async Task Invalid_utf8_over_the_piped_console_is_read_as_replacement_characters()
    {
        var bytes = new byte[] { 0xff, 0xc3, 0x28, (byte)'\n' }.Concat(Encoding.UTF8.GetBytes("show hostname\n")).ToArray();
        var output = new StringWriter();
        var terminal = new AsaEmu.Shell.Transports.ConsoleTerminal(new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false)), output, keys: false);

        await new CliSession(Boot(), terminal).RunAsync(CancellationToken.None);

        Assert.Contains("ciscoasa> show hostname\r\nciscoasa\r\nciscoasa> ", output.ToString());
        Assert.Contains("ciscoasa> \ufffd\ufffd(\r\n", output.ToString());
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_cut_without_echo()
    {
        var cut = await Keys(Boot(), new string('a', LineEditor.MaxLength + 5000) + "\rshow hostname\r");
        var atLimit = await Keys(Boot(), new string('a', LineEditor.MaxLength) + "\rshow hostname\r");

        Assert.Equal(atLimit, cut); // the keys past the limit left no trace
        Assert.Contains("ciscoasa> show hostname\r\nciscoasa\r\n", cut);
    }

    [Fact]
    public void The_key_decoder_reads_split_sequences_and_line_ends()
    {
        var decoder = new KeyDecoder();
        var keys = new List<TerminalKey>();
        foreach (var b in new byte[] { 0x1b, (byte)'[', (byte)'A', 0xc3, 0xa9, (byte)'\r', (byte)'\n', (byte)'\r', 0, 0x7f, 0x03, 0x1b, (byte)'[', (byte)'3', (byte)'~' })
            decoder.Feed([b], keys);

        Assert.Equal(
            [new TerminalKey(KeyKind.Up), TerminalKey.Of('é'), TerminalKey.Enter, TerminalKey.Enter, new TerminalKey(KeyKind.Backspace), TerminalKey.Ctrl('C'), new TerminalKey(KeyKind.Delete)],
            keys);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
