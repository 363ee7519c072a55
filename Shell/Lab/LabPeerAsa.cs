using System.Diagnostics;
using static AsaEmu.Shell.Lab.LabNetwork;

namespace AsaEmu.Shell.Lab;

/// <summary>
/// Site B of the l2l lab: a second AsaEmu (this same program) in the client namespace, its outside the
/// client's address, its inside <see cref="LabNetwork.SiteBHost"/> on that namespace's loopback, with the
/// mirror image of this ASA's crypto map. It runs as a daemon with its syslog in <see cref="LabFiles.PeerLog"/>;
/// the lab's topology stops it with everything else in its namespaces.
/// </summary>
public sealed class LabPeerAsa(LabFiles files)
{
    public const string Key = "l2l-Secret1";

    /// <summary>
    /// The LAN-to-LAN lines of one site: traffic from <paramref name="localNet"/> to <paramref name="remoteNet"/>
    /// (CIDR) goes to <paramref name="peer"/> in main mode, AES-256/SHA-1, group 14, PFS group 14.
    /// </summary>
    public static IReadOnlyList<string> SiteLines(string localNet, string remoteNet, string peer) =>
    [
        $"access-list L2L extended permit ip {Network(localNet)} {Network(remoteNet)}",
        "crypto ipsec ikev1 transform-set L2L-TS esp-aes-256 esp-sha-hmac",
        "crypto map MAP 10 match address L2L",
        $"crypto map MAP 10 set peer {peer}",
        "crypto map MAP 10 set ikev1 transform-set L2L-TS",
        "crypto map MAP 10 set pfs group14",
        // Before the lab's policy 10 (group 2): the first offer is the one site B takes.
        "crypto ikev1 policy 5",
        " authentication pre-share",
        " encryption aes-256",
        " hash sha",
        " group 14",
        " lifetime 86400",
        $"tunnel-group {peer} type ipsec-l2l",
        $"tunnel-group {peer} ipsec-attributes",
        $" ikev1 pre-shared-key {Key}",
    ];

    /// <summary>Site B's whole config: its two interfaces and the mirror of this ASA's site lines.</summary>
    public static string Config() => string.Join('\n',
    [
        "hostname site-b",
        "interface GigabitEthernet0/0",
        " nameif outside",
        " security-level 0",
        $" ip address {ClientAddress} 255.255.255.0",
        "interface GigabitEthernet0/1",
        " nameif inside",
        " security-level 100",
        $" ip address {SiteBHost} 255.255.255.0",
        "logging enable",
        "logging buffered debugging",
        "crypto map MAP interface outside",
        "crypto ikev1 enable outside",
        .. SiteLines(SiteBNet, InsideNet, AsaOutside),
        "",
    ]);

    /// <summary>Gives site B its inside address and starts it; returns its PID once its IKE socket is bound.</summary>
    public async Task<int> StartAsync(CancellationToken cancel)
    {
        LabProcesses.Must("ip", "-n", ClientNamespace, "addr", "add", $"{SiteBHost}/32", "dev", "lo");
        var path = Environment.ProcessPath ?? throw new LabException("cannot tell this program's path");
        string[] self = Path.GetFileNameWithoutExtension(path) == "dotnet" ? [path, typeof(LabPeerAsa).Assembly.Location] : [path];
        var log = new FileStream(files.PeerLog, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var start = new ProcessStartInfo("ip", ["netns", "exec", ClientNamespace, .. self, "--config", files.PeerConfig, "--no-console",
            "--ssh", "none", "--debug", "255", "--data-dir", files.PeerData])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var process = Process.Start(start) ?? throw new LabException("cannot start site B");
        process.StandardInput.Close();
        _ = Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(log), process.StandardError.BaseStream.CopyToAsync(log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        // Up when its IKE socket listens on the outside address.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!LabProcesses.Run("ip", "netns", "exec", ClientNamespace, "ss", "-Hlnu", "sport", "= :500").Output.Contains(ClientAddress, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > until) throw new LabException($"site B did not start: see {files.PeerLog}");
            await Task.Delay(100, cancel);
        }
        return process.Id;
    }

    /// <summary>A CIDR network as an ACL's address and mask.</summary>
    private static string Network(string cidr)
    {
        var slash = cidr.IndexOf('/');
        return $"{cidr[..slash]} {ConfigModel.Model.Ipv4.MaskFromPrefix(int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture))}";
    }
}
