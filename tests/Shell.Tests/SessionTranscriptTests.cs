using System.Text.RegularExpressions;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

public partial class SessionTranscriptTests : IDisposable
{
    private readonly ShowHarness _harness = new(config: null);

    public void Dispose() => _harness.Dispose();

    /// <summary>Boots as after a reload: the saved startup-config if there is one.</summary>
    private Appliance Boot(string startup = "") => _harness.Reload(startup);

    private static Task<string> Run(Appliance appliance, params string[] lines) => ShowHarness.Lines(appliance, lines);

    [GeneratedRegex(@"Cryptochecksum: ?([0-9a-f]{8}) ?([0-9a-f]{8}) ?([0-9a-f]{8}) ?([0-9a-f]{8})")]
    private static partial Regex ChecksumLine();

    private static string Checksum(string output, int which = 0)
    {
        var m = ChecksumLine().Matches(output)[which];
        return string.Concat(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value);
    }

    [Fact]
    public async Task Configure_an_interface_show_it_and_save_it()
    {
        var output = await Run(Boot(),
            "enable", "",
            "conf t",
            "interface GigabitEthernet0/0",
            "nameif outside",
            "security-level 200",
            "ip address 203.0.113.1 255.255.255.0",
            "end",
            "show running-config",
            "write memory");

        var expected =
            "Type help or '?' for a list of available commands.\r\n" +
            "ciscoasa> enable\r\n" +
            "Password: \r\n" +
            "ciscoasa# conf t\r\n" +
            "ciscoasa(config)# interface GigabitEthernet0/0\r\n" +
            "ciscoasa(config-if)# nameif outside\r\n" +
            "INFO: Security level for \"outside\" set to 0 by default.\r\n" +
            "ciscoasa(config-if)# security-level 200\r\n" +
            "                                    ^\r\n" +
            "ERROR: % Invalid input detected at '^' marker.\r\n" +
            "ciscoasa(config-if)# ip address 203.0.113.1 255.255.255.0\r\n" +
            "ciscoasa(config-if)# end\r\n" +
            "ciscoasa# show running-config\r\n" +
            ": Saved\r\n";
        Assert.StartsWith(expected, output);
        Assert.Contains("\r\ninterface GigabitEthernet0/0\r\n nameif outside\r\n security-level 0\r\n ip address 203.0.113.1 255.255.255.0 \r\n!\r\n", output);
        Assert.Contains("\r\nciscoasa# write memory\r\nBuilding configuration...\r\nCryptochecksum: ", output);
        Assert.Matches(@"\r\nCryptochecksum: [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} \r\n\r\n\d+ bytes copied in 0\.010 secs\r\n\[OK\]\r\nciscoasa# $", output);
        Assert.Equal(Checksum(output, 0), Checksum(output, 1));
    }

    [Fact]
    public async Task A_saved_change_is_loaded_by_the_next_boot_with_the_same_checksum()
    {
        var first = await Run(Boot(),
            "enable", "", "configure terminal", "hostname edge1", "interface GigabitEthernet0/0", "nameif outside", "exit", "exit", "wr mem");
        Assert.Contains("edge1(config)# ", first);

        var second = Boot();

        Assert.Equal("edge1", second.Hostname);
        var after = await Run(second, "enable", "", "show running-config", "show startup-config");
        Assert.Contains("\r\nhostname edge1\r\n", after);
        Assert.Contains(" nameif outside\r\n", after);
        var saved = Checksum(first);
        Assert.Equal(saved, Checksum(after, 0));
        Assert.Equal(saved, Checksum(after, 1));
        Assert.Contains(": Written by enable_15 at 09:30:00.000 UTC Mon Nov 2 2026\r\n", after);
    }

    [Fact]
    public async Task The_caret_counts_the_prompt_in_global_config()
    {
        var output = await Run(Boot(), "en", "", "conf t", "hostnme asa");

        Assert.Contains("ciscoasa(config)# hostnme asa\r\n" + new string(' ', 18) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\nciscoasa(config)# ", output);
    }

    [Fact]
    public async Task A_bad_line_in_a_sub_mode_is_reported_by_the_sub_mode_and_keeps_it()
    {
        var output = await Run(Boot(), "en", "", "conf t", "int g0/1", "security-level", "show runing", "nameif inside");

        Assert.Contains("ciscoasa(config-if)# security-level\r\nERROR: % Incomplete command\r\nciscoasa(config-if)# ", output);
        Assert.Contains("ciscoasa(config-if)# show runing\r\n" + new string(' ', 26) + "^\r\n", output);
        Assert.Contains("ciscoasa(config-if)# nameif inside\r\nINFO: Security level for \"inside\" set to 100 by default.\r\n", output);
    }

    [Fact]
    public async Task Incomplete_and_ambiguous_commands_get_the_asa_messages()
    {
        var output = await Run(Boot(), "enable", "", "show", "co", "conf t", "interface");

        Assert.Contains("ciscoasa# show\r\nERROR: % Incomplete command\r\n", output);
        Assert.Contains("ciscoasa# co\r\nERROR: % Ambiguous command:  \"co\"\r\n", output);
        Assert.Contains("ciscoasa(config)# interface\r\nERROR: % Incomplete command\r\nciscoasa(config)# ", output);
    }

    [Fact]
    public async Task User_exec_cannot_show_the_running_config()
    {
        var output = await Run(Boot(), "show running-config");

        Assert.Contains("ciscoasa> show running-config\r\n" + new string(' ', 15) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n", output);
    }

    [Fact]
    public async Task A_wrong_enable_password_three_times_is_denied()
    {
        var output = await Run(Boot("enable password s3cret\n"), "enable", "a", "b", "c", "enable", "s3cret", "show curpriv");

        Assert.Contains("ciscoasa> enable\r\nPassword: \r\nInvalid password\r\nPassword: \r\nInvalid password\r\nPassword: \r\nAccess denied.\r\nciscoasa> enable\r\nPassword: \r\nciscoasa# ", output);
        Assert.Contains("Username : enable_15\r\nCurrent privilege level : 15\r\nCurrent Mode/s : P_PRIV\r\n", output);
    }

    [Fact]
    public async Task Exec_commands_work_in_config_modes_and_keep_the_mode()
    {
        var output = await Run(Boot(), "enable", "", "conf t", "interface GigabitEthernet0/1", "sh run interface GigabitEthernet0/1",
            "show curpriv", "wr mem", "end", "disable", "show curpriv");

        Assert.Contains("ciscoasa(config-if)# sh run interface GigabitEthernet0/1\r\n!\r\ninterface GigabitEthernet0/1\r\n", output);
        Assert.Contains("Current Mode/s : P_PRIV P_CONF\r\nciscoasa(config-if)# wr mem\r\nBuilding configuration...\r\n", output);
        Assert.Contains("[OK]\r\nciscoasa(config-if)# end\r\nciscoasa# disable\r\nciscoasa> show curpriv\r\nUsername : enable_1\r\nCurrent privilege level : 1\r\nCurrent Mode/s : P_UNPR\r\n", output);
    }

    [Fact]
    public async Task Show_running_config_words_slice_the_config_and_more_system_shows_it_unmasked()
    {
        var appliance = Boot("hostname asa1\ninterface GigabitEthernet0/0\n nameif outside\ninterface GigabitEthernet0/1\n nameif inside\n");

        var output = await Run(appliance, "enable", "", "show run hostname", "more system:running-config", "write terminal");

        Assert.Contains("ciscoasa# ".Replace("ciscoasa", "asa1") + "show run hostname\r\nhostname asa1\r\nasa1# more", output);
        Assert.Equal(2, Regex.Matches(output, ": end\r\n").Count);
        Assert.DoesNotContain(": Written by", output); // nothing saved yet

        // After a save, more system:running-config names its writer, as the saved config does (reference §1.8).
        output = await Run(appliance, "enable", "", "write memory", "more system:running-config", "show running-config");
        Assert.Single(Regex.Matches(output, @"\r\n: Written by enable_15 at \d\d:\d\d:\d\d\.\d{3} UTC "));
    }

    [Fact]
    public async Task Exit_logs_off_and_ends_the_session()
    {
        var output = await Run(Boot(), "exit", "show version");

        Assert.EndsWith("ciscoasa> exit\r\n\r\nLogoff\r\n\r\n", output);
    }

    [Fact]
    public async Task Show_version_names_an_asav_and_the_uptime()
    {
        var appliance = Boot();
        _harness.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(4) + TimeSpan.FromMinutes(5));

        var output = await Run(appliance, "sh ver", "show hostname");

        Assert.Contains($"\r\nCisco Adaptive Security Appliance Software Version {RunningConfigRenderer.Version} \r\n", output);
        Assert.Contains("\r\nciscoasa up 3 days 4 hours\r\n", output);
        Assert.Matches(@"\r\nHardware:\s+ASAv, ", output);
        Assert.Matches(@"\r\nSerial Number: \S+\r\n", output);
        Assert.Contains("ciscoasa> show hostname\r\nciscoasa\r\n", output);
    }

    [Fact]
    public async Task Terminal_settings_are_kept_per_session()
    {
        var appliance = Boot();
        var terminal = new FakeTerminal("terminal pager 0", "terminal width 511");
        var session = new CliSession(appliance, terminal);
        await session.RunAsync(CancellationToken.None);
        Assert.Equal(0, session.PagerLines);
        Assert.Equal(511, session.Width);

        var other = new CliSession(appliance, new FakeTerminal("terminal pager 30", "no terminal pager"));
        await other.RunAsync(CancellationToken.None);
        Assert.Equal(0, other.PagerLines);
        Assert.DoesNotContain("ERROR", terminal.Output);
    }

    [Fact]
    public async Task Copy_running_config_startup_config_asks_for_the_names()
    {
        var output = await Run(Boot(), "enable", "", "copy running-config startup-config", "", "");

        Assert.Contains("ciscoasa# copy running-config startup-config\r\nSource filename [running-config]? \r\nDestination filename [startup-config]? \r\nCryptochecksum: ", output);
        Assert.Contains("[OK]\r\n", output);
        Assert.NotNull(_harness.Store.LoadStartup());
    }

    [Theory]
    [InlineData("write")]
    [InlineData("wr")]
    [InlineData("wr mem")]
    [InlineData("copy /noconfirm running-config startup-config")]
    public async Task Every_save_command_writes_the_startup_config(string command)
    {
        var output = await Run(Boot(), "enable", "", command);

        Assert.Contains("[OK]\r\n", output);
        Assert.Contains("Cryptochecksum:", _harness.Store.LoadStartup());
    }

    [Fact]
    public async Task Show_startup_config_is_what_the_appliance_booted_from_until_a_save_replaces_it()
    {
        var output = await Run(Boot("hostname edge1\n"), "enable", "", "show startup-config", "configure terminal", "hostname edge2", "end", "write memory", "show startup-config");

        var first = output[output.IndexOf("edge1# show startup-config", StringComparison.Ordinal)..output.IndexOf("edge1# configure terminal", StringComparison.Ordinal)];
        Assert.Contains("\r\nhostname edge1\r\n", first);
        var second = output[output.LastIndexOf("edge2# show startup-config", StringComparison.Ordinal)..];
        Assert.Contains("\r\nhostname edge2\r\n", second);
        Assert.Contains(": Written by enable_15 at ", second);
    }

    [Fact]
    public async Task A_piped_ctrl_z_ends_config_mode_and_does_nothing_in_exec()
    {
        var output = await Run(Boot(), "enable", "", "conf t", "interface GigabitEthernet0/0", "\u001a", "show curpriv", "\u001a", "show hostname");

        Assert.Contains("Current Mode/s : P_PRIV\r\n", output);
        Assert.DoesNotContain("ERROR", output);
        Assert.EndsWith("ciscoasa# show hostname\r\nciscoasa\r\nciscoasa# ", output);
    }

    [Fact]
    public async Task Exit_from_a_sub_mode_goes_to_config_then_to_privileged_exec()
    {
        var output = await Run(Boot(), "enable", "", "conf t", "interface GigabitEthernet0/0", "exit", "exit", "exit");

        Assert.Contains("ciscoasa(config-if)# exit\r\nciscoasa(config)# exit\r\nciscoasa# exit\r\n\r\nLogoff\r\n", output);
    }
}
