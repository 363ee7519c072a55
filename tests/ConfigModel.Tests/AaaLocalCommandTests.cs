using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using static AsaEmu.ConfigModel.Tests.AccessListCommandTests;

namespace AsaEmu.ConfigModel.Tests;

/// <summary><c>aaa local authentication attempts max-fail N</c>: typed, shown with the aaa lines, removed by its <c>no</c> form.</summary>
public class AaaLocalCommandTests
{
    private const string Typed = "http server enable\nusername ops password opspass privilege 5\n"
        + "aaa local authentication attempts max-fail 3\naaa authentication ssh console LOCAL\nhostname fw1\n";

    [Fact]
    public void The_line_is_shown_in_the_aaa_section_and_comes_back_the_same_after_a_reload()
    {
        var first = Load(Typed);
        Assert.Empty(first.Diagnostics);
        Assert.Equal(3, first.Config.Get<AaaLocalMaxFail>()!.Attempts);

        var body = Body(first.Config).ToList();
        var maxFail = body.IndexOf("aaa local authentication attempts max-fail 3");
        Assert.True(maxFail > body.IndexOf("hostname fw1"));
        Assert.True(maxFail < body.IndexOf("http server enable"));
        Assert.True(maxFail < body.FindIndex(l => l.StartsWith("username ops ", StringComparison.Ordinal)));

        var again = Load(string.Join("\n", body) + "\n");
        Assert.Empty(again.Diagnostics);
        Assert.Equal(body, Body(again.Config));
    }

    [Fact]
    public void A_new_number_replaces_the_old_one_in_its_place()
    {
        var config = Load("aaa local authentication attempts max-fail 3\naaa authentication ssh console LOCAL\naaa local auth attempts max-fail 16\n").Config;

        Assert.Equal(["aaa local authentication attempts max-fail 16", "aaa authentication ssh console LOCAL"], Lines(config, "aaa "));
    }

    [Theory]
    [InlineData("no aaa local authentication attempts max-fail 3")]
    [InlineData("no aaa local authentication attempts max-fail")]
    [InlineData("clear configure aaa")]
    public void The_no_form_and_clear_configure_aaa_remove_it(string line)
    {
        var result = ConfigLoader.Load(line + "\n", start: Load("aaa local authentication attempts max-fail 5\n").Config);

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Config.Get<AaaLocalMaxFail>());
        Assert.Empty(Lines(result.Config, "aaa local"));
    }

    [Theory]
    [InlineData("aaa local authentication attempts max-fail 0")]
    [InlineData("aaa local authentication attempts max-fail 17")]
    public void A_number_outside_1_to_16_is_refused(string line)
    {
        var result = Load(line + "\n");

        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", Assert.Single(result.Diagnostics).Message);
        Assert.Null(result.Config.Get<AaaLocalMaxFail>());
    }
}
