using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary><c>aaa authorization command LOCAL</c> and <c>privilege ... command</c>: typed, rendered, removed, reloaded.</summary>
public class AuthorizationCommandTests
{
    private static AsaConfig Load(string text)
    {
        var result = ConfigLoader.Load(text);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d}: {d.Line}"));
        return result.Config;
    }

    private static List<string> Lines(AsaConfig config, string first) =>
        RunningConfigRenderer.Body(config, unmasked: false).Where(l => l.StartsWith(first, StringComparison.Ordinal)).ToList();

    [Fact]
    public void Each_form_is_its_own_line_and_the_mode_is_shown_as_exec_or_configure()
    {
        var config = Load(
            "privilege show level 5 mode enable command running-config\n" +
            "privilege cmd level 5 mode cmd command route\n" +
            "privilege level 3 command filter\n" +
            "privilege clear level 7 mode exec command logging\n");
        Assert.Equal(
        [
            "privilege show level 5 mode exec command running-config",
            "privilege cmd level 5 mode configure command route",
            "privilege show level 3 command filter",
            "privilege clear level 3 command filter",
            "privilege cmd level 3 command filter",
            "privilege clear level 7 mode exec command logging",
        ], Lines(config, "privilege"));
        Assert.Equal(5, CommandLevels.Required(config, "show", "running-config", "exec"));
        Assert.Equal(15, CommandLevels.Required(config, "show", "running-config", "configure"));
        Assert.Equal(3, CommandLevels.Required(config, "cmd", "filter", "configure"));
    }

    [Fact]
    public void A_line_typed_again_changes_the_level_in_place_and_no_removes_it()
    {
        var config = Load("privilege show level 5 command running-config\nprivilege show level 9 command running-config\n");
        Assert.Equal(["privilege show level 9 command running-config"], Lines(config, "privilege"));
        config = ConfigLoader.Load("no privilege show level 9 command running-config\n", start: config).Config;
        Assert.Empty(Lines(config, "privilege"));
        Assert.Equal(15, CommandLevels.Required(config, "show", "running-config", "exec"));
    }

    [Fact]
    public void Aaa_authorization_command_local_turns_enforcement_on_and_no_turns_it_off()
    {
        var config = Load("aaa authentication ssh console LOCAL\naaa authorization command LOCAL\n");
        Assert.True(CommandLevels.Enforced(config));
        Assert.Equal(["aaa authentication ssh console LOCAL", "aaa authorization command LOCAL"], Lines(config, "aaa"));
        Assert.False(CommandLevels.Enforced(ConfigLoader.Load("no aaa authorization command LOCAL\n", start: config).Config));
        Assert.True(CommandLevels.Enforced(Load("aaa authorization command TACSRV LOCAL\n")));
        Assert.False(CommandLevels.Enforced(Load("aaa authorization command TACSRV\n")));
        // Other authorization lines are still kept as they are.
        Assert.Equal(["aaa authorization exec LOCAL auto-enable"], Lines(Load("aaa authorization exec LOCAL auto-enable\n"), "aaa authorization"));
    }

    [Fact]
    public void The_asa_defaults_are_level_0_for_the_documented_commands_and_15_for_the_rest()
    {
        var config = AsaConfig.Empty;
        Assert.Equal(0, CommandLevels.Required(config, "show", "curpriv", "exec"));
        Assert.Equal(0, CommandLevels.Required(config, "cmd", "enable", "exec"));
        Assert.Equal(15, CommandLevels.Required(config, "cmd", "enable", "configure"));
        Assert.Equal(0, CommandLevels.Required(config, "show", "version", "exec"));
        Assert.Equal(15, CommandLevels.Required(config, "cmd", "terminal", "exec"));
        Assert.Equal(15, CommandLevels.Required(config, "show", "running-config", "exec"));
    }

    [Fact]
    public void A_bad_privilege_line_is_an_error_not_a_kept_line()
    {
        var result = ConfigLoader.Load("privilege show level 16 command running-config\nprivilege show level 5 command\n");
        Assert.Equal(2, result.Errors);
        Assert.Empty(result.KeptLines);
    }

    [Fact]
    public void The_rendering_loads_back_to_the_same_config()
    {
        var config = Load(
            "aaa authorization command LOCAL\n" +
            "username ro password ro privilege 5\n" +
            "privilege show level 5 mode exec command running-config\n" +
            "privilege cmd level 5 command terminal\n");
        var reloaded = ConfigLoader.Load(RunningConfigRenderer.Render(config, unmasked: true));
        Assert.Equal(0, reloaded.Errors);
        Assert.Equal(RunningConfigRenderer.Body(config, true), RunningConfigRenderer.Body(reloaded.Config, true));
    }
}
