using System.Text;
using AsaEmu.Dataplane.Tests.Capture;

namespace AsaEmu.Interop;

/// <summary>
/// <c>backup-servers</c> as a real client receives it: strongSwan waiting for the push (vpnc and strongSwan's
/// pull ask for no UNITY_BACKUP_SERVERS, and the ASA answers a request with what it asked for) gets the
/// headend's CFG_SET; its log names each attribute it processed, and tshark, decrypting the headend's
/// capture with the exported keys, shows the value: the list for <c>value</c>, nothing for
/// <c>keep-client-config</c>, an empty attribute (the client clears its list) for <c>clear-client-config</c>.
/// </summary>
[Collection(nameof(VpncTests))]
public sealed class BackupServersTests
{
    private const string Processed = "processing UNITY_BACKUP_SERVERS attribute";

    private static string Config => HubSession.KitConfig + """

        logging debug-trace
        group-policy EZ attributes
         backup-servers 198.18.0.5 198.18.0.6
        """;

    [KitTsharkFact]
    public void The_push_carries_the_list_for_value_nothing_for_keep_client_config_and_an_empty_list_for_clear_client_config()
    {
        using var hub = new HubSession(Config, debug: 127);
        Assert.DoesNotContain("ERROR", hub.Show("capture capout interface outside"));

        var (charon, pushed) = Connect(hub, "value");
        Assert.Contains(Processed, charon);
        Assert.Contains("Type: UNITY_BACKUP_SERVERS (28681)", pushed);
        Assert.Contains(Convert.ToHexStringLower(Encoding.ASCII.GetBytes("198.18.0.5,198.18.0.6")), pushed);

        hub.Show("configure terminal", "group-policy EZ attributes", "backup-servers keep-client-config", "end");
        (charon, pushed) = Connect(hub, "keep");
        Assert.DoesNotContain(Processed, charon);
        Assert.Contains("Type: INTERNAL_IP4_ADDRESS (1)", pushed); // the push went, without the attribute
        Assert.DoesNotContain("UNITY_BACKUP_SERVERS", pushed);

        hub.Show("configure terminal", "group-policy EZ attributes", "backup-servers clear-client-config", "end");
        (charon, pushed) = Connect(hub, "clear");
        Assert.Contains(Processed, charon);
        Assert.True(pushed.Contains("Config Attribute (t=28681,l=0): UNITY_BACKUP_SERVERS", StringComparison.Ordinal), pushed);
    }

    /// <summary>
    /// Connects strongSwan waiting for the push and, while it is up, exports the capture with the keys; its
    /// charon log, and tshark's decoding of the CFG_SET the headend pushed in this session. Disconnects.
    /// </summary>
    private static (string Charon, string Pushed) Connect(HubSession hub, string name)
    {
        try
        {
            StrongSwanClientTests.ConnectWaitingForPush(hub);
            Assert.Contains("packets copied in", hub.Show($"copy /noconfirm /pcap capture:capout disk0:/{name}.pcap"));
            var charon = File.ReadAllText(Path.Combine(hub.State, "cli-ss", "charon.log"));
            var flash = Path.Combine(hub.State, "data");
            var tables = new Dictionary<string, string>
            {
                ["esp_sa"] = File.ReadAllText(Path.Combine(flash, $"{name}.esp_sa")),
                ["ikev1_decryption_table"] = File.ReadAllText(Path.Combine(flash, $"{name}.ikev1_decryption_table")),
            };
            // CFG_SET is 3 (draft-dukes-ike-mode-cfg-02 §3.3).
            var pushed = Tshark.Read(Path.Combine(flash, $"{name}.pcap"), tables, "-Y", "isakmp.cfg.type == 3", "-O", "isakmp", "-V");
            // The next session's capture starts empty: an earlier push must not count for it.
            hub.Show("clear capture capout");
            Assert.True(pushed.Contains("Type: INTERNAL_IP4_ADDRESS (1)", StringComparison.Ordinal), $"no decrypted CFG_SET\n{pushed}\n{hub.HubLog}");
            return (charon, pushed);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
    }
}
