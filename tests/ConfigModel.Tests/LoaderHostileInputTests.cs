using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>What <see cref="ConfigLoaderFuzzTests"/> found, each kept as a case of its own: lines that threw inside the loader.</summary>
public class LoaderHostileInputTests
{
    private const string Before = "hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n ip address 198.18.0.1 255.255.255.0\n";

    /// <summary>
    /// Numbers and addresses took any Unicode digit (Oriya, Arabic-Indic, fullwidth) and then threw
    /// FormatException parsing it; the ASA's parser knows 0-9 only, so the caret goes to the word.
    /// </summary>
    [Theory]
    [InlineData("pager lines \u0B6A0", "\u0B6A0")]
    [InlineData("mtu outside \u0661\u0665\u0660\u0660", "\u0661\u0665\u0660\u0660")]
    [InlineData("ssh 1\u0660.0.0.0 255.0.0.0 outside", "1\u0660.0.0.0")]
    [InlineData("ssh 10.0.0.0 255.\uFF10.0.0 outside", "255.\uFF10.0.0")]
    [InlineData("crypto ikev1 policy \uFF11\uFF10", "\uFF11\uFF10")]
    public void A_number_in_digits_other_than_0_to_9_is_invalid_input_at_its_word(string bad, string word)
    {
        var result = ConfigLoader.Load(Before + bad + "\n");

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(5, diagnostic.LineNumber);
        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", diagnostic.Message);
        Assert.Equal(bad.IndexOf(word, StringComparison.Ordinal), diagnostic.Column);
    }

    /// <summary>
    /// A banner line cut its text at "banner " + the kind's full name, so an abbreviated kind
    /// ("banner mo") ran past the line's end; tabs between the words cut it in the wrong place.
    /// </summary>
    [Fact]
    public void A_banner_line_with_an_abbreviated_kind_or_tabs_keeps_its_text_after_the_kind_as_typed()
    {
        var result = ConfigLoader.Load("banner mo\nbanner mot Hi there\nbanner\tmotd\tTabbed\nbanner motd Welcome\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["", " Hi there", "\tTabbed", " Welcome"], result.Config.Get<Banner>("motd")!.Lines);
        Assert.Contains("banner motd Welcome", RunningConfigRenderer.Render(result.Config, unmasked: true));
    }
}
