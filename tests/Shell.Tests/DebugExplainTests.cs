using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Tests;

/// <summary>AsaEmu's <c>debug crypto explain</c>: debug lines followed by the config lines that decided them.</summary>
public class DebugExplainTests
{
    private static readonly AsaEvent Proposal = AsaEvent.Ike(9, "IKE SA Proposal # 1, Transform # 2 acceptable  Matches global IKE entry # 10", DebugTag.Debug)
        with { Peer = "198.18.0.2", Group = "EZ", ConfigRefs = [new SourceRef(14, "crypto ikev1 policy 10"), new SourceRef(17, " group 2")] };

    [Fact]
    public void Without_explain_a_debug_line_is_the_asa_line_alone()
    {
        Assert.Single(EventFormat.DebugLines(Proposal));
    }

    [Fact]
    public void With_explain_the_config_lines_follow()
    {
        var lines = EventFormat.DebugLines(Proposal, explain: true).ToList();
        Assert.Equal(3, lines.Count);
        Assert.EndsWith("Group = EZ, IP = 198.18.0.2, IKE SA Proposal # 1, Transform # 2 acceptable  Matches global IKE entry # 10", lines[0]);
        Assert.Equal("    (explain) decided by config line 14: crypto ikev1 policy 10", lines[1]);
        Assert.Equal("    (explain) decided by config line 17: group 2", lines[2]);
    }

    [Fact]
    public async Task Debug_crypto_explain_switches_on_and_off_and_shows_in_show_debug()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        Assert.Contains("debug crypto explain enabled", await h.Show("debug crypto ikev1 127", "debug crypto explain", "show debug"));
        Assert.True(h.Appliance.Events.Explain);
        await h.Show("no debug crypto explain");
        Assert.False(h.Appliance.Events.Explain);
    }
}
