using System.Diagnostics;
using AsaEmu.Dataplane.Tests.Capture;

namespace AsaEmu.Interop;

/// <summary>A kit fact that also needs tshark to open what the headend exported.</summary>
public sealed class KitTsharkFactAttribute : FactAttribute
{
    public KitTsharkFactAttribute()
    {
        Skip = Kit.MissingPrerequisite() ?? (Tshark.Path is null ? "needs tshark (apt-get install tshark) to open the exported capture" : null);
    }
}

/// <summary>
/// <c>capture</c> on the outside of the real headend while vpnc connects and pings, exported with
/// <c>copy /pcap</c>: tshark, given the tables written beside the file, shows the IKE exchanges and
/// the pings inside ESP decrypted.
/// </summary>
[Collection(nameof(VpncTests))]
public class CaptureTests
{
    [KitTsharkFact]
    public void A_capture_on_outside_opens_decrypted_in_tshark_with_the_exported_tables()
    {
        using var hub = new HubSession();
        var set = hub.Show("capture capout interface outside", "capture capin interface inside match icmp any any");
        Assert.DoesNotContain("ERROR", set);
        using (ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["DH"] = "dh2", ["NATT"] = "natt", ["PFS"] = "server" }))
        {
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");

            var shown = hub.Show("show capture capin", "copy /noconfirm /pcap capture:capout disk0:/capout.pcap");
            Assert.Contains("198.19.0.10 > 198.18.1.2: icmp: echo request", shown);
            Assert.Contains("198.18.1.2 > 198.19.0.10: icmp: echo reply", shown);
            Assert.Contains("packets copied in", shown);
        }

        var flash = Path.Combine(hub.State, "data");
        var tables = new Dictionary<string, string>
        {
            ["esp_sa"] = File.ReadAllText(Path.Combine(flash, "capout.esp_sa")),
            ["ikev1_decryption_table"] = File.ReadAllText(Path.Combine(flash, "capout.ikev1_decryption_table")),
        };
        var pcap = Path.Combine(flash, "capout.pcap");
        var icmp = Tshark.Read(pcap, tables, "-Y", "esp && icmp", "-T", "fields", "-e", "ip.src", "-e", "ip.dst", "-e", "icmp.type", "-e", "esp.icv_good");
        Assert.Contains("198.18.0.2,198.19.0.10\t198.18.0.1,198.18.1.2\t8\t1", icmp);
        Assert.Contains("198.18.0.1,198.18.1.2\t198.18.0.2,198.19.0.10\t0\t1", icmp);

        // XAUTH and Mode Config travel encrypted in transaction exchanges: their attributes show only when decrypted.
        var ike = Tshark.Read(pcap, tables, "-Y", "isakmp.cfg.attr", "-T", "fields", "-e", "isakmp.exchangetype",
            "-e", "isakmp.cfg.attr.xauth.user_name", "-e", "isakmp.cfg.attr.internal_ip4_address");
        Assert.True(ike.Contains("\tcisco\t"), $"no decrypted XAUTH user name\n{ike}\n{tables["ikev1_decryption_table"]}");
        Assert.True(ike.Contains("\t198.19.0.10"), $"no decrypted Mode Config address\n{ike}");
    }
}
