using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// vpnc through tunnels that the headend's transform-set restricts to one ESP transform each
/// (configs/hub-*.cfg: the kit's config with a single transform-set). vpnc proposes all it knows;
/// the SA must come up with the one transform allowed, and pings must cross the tunnel with it.
/// vpnc refuses 3DES and MD5 unless told they are acceptable (--enable-weak-encryption,
/// --enable-weak-authentication), as a current vpnc user must too.
/// </summary>
[Collection(nameof(VpncTests))]
public class TransformTests
{
    public static TheoryData<string, string, string> Transforms => new()
    {
        // config file, what vpnc says it got (vpnc's names: cipher-hash), vpnc options it needs for it
        { "hub-aes256-sha1.cfg", "aes256-sha1", "" },
        { "hub-3des-sha1.cfg", "3des-sha1", "--enable-weak-encryption" },
        { "hub-aes128-md5.cfg", "aes128-md5", "--enable-weak-authentication" },
    };

    [KitTheory]
    [MemberData(nameof(Transforms))]
    public void Vpnc_gets_the_only_transform_the_transform_set_allows_and_pings_through_it(string config, string selected, string vpncOptions)
    {
        using var hub = new HubSession(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", config)));
        using (ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["VPNC_DEBUG"] = "1", ["VPNC_EXTRA"] = vpncOptions }))
        {
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the {selected} tunnel\n{hub.HubLog}");
            Assert.True(Probe.Ping("198.18.1.2", 1300), $"no answer to 1300-byte pings through the {selected} tunnel\n{hub.HubLog}");
        }
        // vpnc prints its choice at --debug 1 (stdout is a pipe, so it is complete only after exit).
        var output = hub.VpncOutput;
        Assert.Contains($"IPSEC SA selected {selected}", output);
        Assert.Single(output.Split('\n'), l => l.Contains("IPSEC SA selected", StringComparison.Ordinal));
        var log = hub.HubLog;
        Assert.Contains("%ASA-5-713119: Group = EZ, Username = cisco, IP = 198.18.0.2, PHASE 1 COMPLETED", log);
        Assert.Contains("Security negotiation complete for User (cisco)  Responder, Inbound SPI = 0x", log);
        Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-5-713259"), TimeSpan.FromSeconds(10)), hub.HubLog);
    }
}
