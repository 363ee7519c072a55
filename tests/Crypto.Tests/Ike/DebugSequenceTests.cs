using System.Text.RegularExpressions;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The debug lines of a whole EzVPN session (aggressive mode, XAUTH, Mode Config, Quick Mode)
/// follow the template sequence of reference §2.4 (<see cref="DebugTemplates"/>), line by line:
/// each template line must appear in this order, and no other line may come between them.
/// </summary>
public class DebugSequenceTests
{


    [Fact]
    public void Decisions_name_the_config_lines_behind_them()
    {
        var events = AggressiveModeExchangeTests.Session();

        var proposal = events.Single(e => e.Text.StartsWith("IKE SA Proposal # 1", StringComparison.Ordinal));
        Assert.Contains(proposal.ConfigRefs, r => r.Text == "crypto ikev1 policy 10");
        Assert.Contains(proposal.ConfigRefs, r => r.Text.Trim() == "group 2");
        var landed = events.Single(e => e.Text.StartsWith("Connection landed", StringComparison.Ordinal));
        Assert.Contains(landed.ConfigRefs, r => r.Text == "tunnel-group EZ type remote-access" && r.LineNumber > 0);
        var ipsec = events.Single(e => e.Text.StartsWith("IPSec SA Proposal", StringComparison.Ordinal));
        Assert.Contains(ipsec.ConfigRefs, r => r.Text.StartsWith("crypto dynamic-map DYN 10", StringComparison.Ordinal));
        Assert.Contains(ipsec.ConfigRefs, r => r.Text.StartsWith("crypto ipsec ikev1 transform-set TRA", StringComparison.Ordinal));
    }

    [Fact]
    public void The_session_is_counted_in_the_global_statistics()
    {
        var engine = AggressiveModeExchangeTests.SessionEngine();
        var stats = engine.Statistics;
        Assert.Equal(7, stats.InPackets); // AM1, AM3, XAUTH reply and ACK, Mode Config request, QM1, QM3
        Assert.Equal(6, stats.OutPackets); // AM2, XAUTH request and status, Mode Config reply, RESPONDER-LIFETIME, QM2
        Assert.Equal(1, stats.InP2Exchanges);
        Assert.True(stats.InOctets > 1000 && stats.OutOctets > 1000);
        Assert.Equal(0, stats.ResponderFails + stats.AuthFails + stats.DecryptFails + stats.NoSaFails);
    }

    private static string Render(AsaEvent e) =>
        $"[IKEv1{(e.Tag == DebugTag.Debug ? " DEBUG" : e.Tag == DebugTag.Decode ? " DECODE" : "")}]: {e.Context}{e.Text}";



    [Fact]
    public void A_vpnc_session_is_narrated_in_the_order_of_the_asa_templates()
    {
        // The IPSEC: blocks of debug crypto ipsec are checked on their own (AggressiveModeExchangeTests).
        var lines = AggressiveModeExchangeTests.Session().Where(e => e.Debug && e.Category == EventCategory.Isakmp).Select(Render).ToList();

        var (missing, at, skipped) = DebugTemplates.Walk(lines);
        Assert.True(missing is null, $"template not found after line {at}: {missing}\n--- from there ---\n{string.Join("\n", lines.Skip(at).Take(12))}");
        Assert.True(skipped.Count == 0, "lines no template accounts for:\n" + string.Join("\n", skipped));
    }
}
