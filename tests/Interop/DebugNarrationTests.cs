using System.Text.RegularExpressions;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Interop;

/// <summary>
/// <c>debug crypto isakmp 127</c> while a real vpnc connects: the headend's debug lines (copied to its
/// log by <c>logging debug-trace</c>) follow the templates of reference §2.4 in order, as the
/// in-process session's do (DebugSequenceTests, which also admits no line between them; vpnc's own
/// extra vendor IDs and attributes add lines here).
/// </summary>
[Collection(nameof(VpncTests))]
public partial class DebugNarrationTests
{
    /// <summary><c>... %ASA-7-711001: Nov 27 20:23:02 [IKEv1 DEBUG]Group = EZ, ...</c>: the debug line after the syslog prefix.</summary>
    [GeneratedRegex(@"%ASA-7-711001: (.*)$")]
    private static partial Regex DebugTrace();

    [GeneratedRegex(@"^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \[IKEv1( DEBUG| DECODE)?\]")]
    private static partial Regex Stamped();

    [KitFact]
    public void A_real_vpnc_session_is_narrated_in_the_order_of_the_asa_templates()
    {
        using var hub = new HubSession(HubSession.KitConfig + "\nlogging debug-trace\n", debug: 127);
        using (ConnectedVpnc.Start(hub))
        {
            var (missing, at, _) = DebugTemplates.Walk(Lines(hub.HubLog), ignore: ClientsOwn);
            Assert.True(missing is null, $"template not found after line {at}: {missing}\n{string.Join("\n", Lines(hub.HubLog).Skip(at).Take(15))}");
        }
    }

    /// <summary>
    /// Template lines that narrate the client's own choices, which are vpnc's here, in its order and
    /// number: the vendor IDs it sends (AM1) and the Mode Config attributes it asks for.
    /// </summary>
    private static bool ClientsOwn(string template) =>
        template.StartsWith("[IKEv1 DEBUG]: IP = <P>, processing VID payload", StringComparison.Ordinal)
        || template.StartsWith("[IKEv1 DEBUG]: IP = <P>, Received ", StringComparison.Ordinal)
        || template.Contains("MODE_CFG: Received request for", StringComparison.Ordinal)
        || template.Contains("Received unsupported transaction mode attribute", StringComparison.Ordinal);

    /// <summary>
    /// The IKE debug lines in the templates' form (<c>[IKEv1 DEBUG]: text</c>, no timestamp), a line
    /// that continues the one before (no stamp, such as a proxy ID) joined to it; <c>IPSEC:</c> blocks left out.
    /// </summary>
    private static List<string> Lines(string log)
    {
        var lines = new List<string>();
        var inIke = false;
        foreach (var raw in log.Split('\n'))
        {
            if (DebugTrace().Match(raw.TrimEnd('\r')) is not { Success: true } m) continue;
            var text = m.Groups[1].Value;
            if (Stamped().Match(text) is { Success: true } stamp)
            {
                var tag = stamp.Value[16..];
                lines.Add($"{tag}: {text[stamp.Length..]}");
                inIke = true;
            }
            else if (text.StartsWith("IPSEC", StringComparison.Ordinal)) inIke = false;
            else if (inIke && lines.Count > 0) lines[^1] += "\n" + text;
        }
        return lines;
    }
}
