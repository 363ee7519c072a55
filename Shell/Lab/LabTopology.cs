using static AsaEmu.Shell.Lab.LabNetwork;
using static AsaEmu.Shell.Lab.LabProcesses;

namespace AsaEmu.Shell.Lab;

/// <summary>
/// The lab's three network namespaces and the two veth pairs between them (see <see cref="LabNetwork"/>).
/// No interface of the host is touched and no namespace gets a default route: the lan host routes
/// only the outside link and the pool back to the ASA, the client reaches the lan only through
/// the tunnel. Each namespace gets its own <c>/etc/netns/NS/resolv.conf</c>, which
/// <c>ip netns exec</c> mounts over <c>/etc/resolv.conf</c>, so vpnc's script cannot change the
/// host's. <see cref="Down"/> stops whatever still runs in them and deletes them (and with them
/// the veths and TUN devices).
/// </summary>
public sealed class LabTopology
{
    private const string NetnsEtc = "/etc/netns";
    private bool _createdNetnsEtc;

    /// <summary>True when a namespace of the lab exists (left behind by a lab that was killed).</summary>
    public static bool Exists() => Namespaces.Any(ns => File.Exists(Path.Combine("/run/netns", ns)));

    public void Up()
    {
        _createdNetnsEtc = !Directory.Exists(NetnsEtc);
        foreach (var ns in Namespaces)
        {
            Must("ip", "netns", "add", ns);
            Must("ip", "-n", ns, "link", "set", "lo", "up");
            var etc = Path.Combine(NetnsEtc, ns);
            Directory.CreateDirectory(etc);
            File.WriteAllText(Path.Combine(etc, "resolv.conf"), $"# asaemu lab: the private resolver config of netns {ns} (removed with it)\n");
            // IPv4 only, no reverse-path filter (the tunnel's packets arrive from a TUN device).
            Sysctl(ns, "net/ipv6/conf/all/disable_ipv6", 1, "net/ipv6/conf/default/disable_ipv6", 1,
                "net/ipv4/conf/all/rp_filter", 0, "net/ipv4/conf/default/rp_filter", 0);
        }
        Must("ip", "link", "add", "eth0", "netns", ClientNamespace, "type", "veth", "peer", "name", "outside", "netns", AsaNamespace);
        Must("ip", "link", "add", "inside", "netns", AsaNamespace, "type", "veth", "peer", "name", "eth0", "netns", LanNamespace);
        Must("ip", "-n", ClientNamespace, "addr", "add", $"{ClientAddress}/24", "dev", "eth0");
        Must("ip", "-n", AsaNamespace, "addr", "add", $"{AsaOutside}/24", "dev", "outside");
        Must("ip", "-n", AsaNamespace, "addr", "add", $"{AsaInside}/24", "dev", "inside");
        Must("ip", "-n", LanNamespace, "addr", "add", $"{LanHost}/24", "dev", "eth0");
        Must("ip", "-n", ClientNamespace, "link", "set", "eth0", "up");
        Must("ip", "-n", AsaNamespace, "link", "set", "outside", "up");
        Must("ip", "-n", AsaNamespace, "link", "set", "inside", "up");
        Must("ip", "-n", LanNamespace, "link", "set", "eth0", "up");
        // The lan host answers the client's outside address and its virtual address through the ASA; nothing else.
        Must("ip", "-n", LanNamespace, "route", "add", OutsideNet, "via", AsaInside);
        Must("ip", "-n", LanNamespace, "route", "add", PoolNet, "via", AsaInside);
        // The ASA forwards between its TUN device (decrypted traffic) and the inside.
        Sysctl(AsaNamespace, "net/ipv4/ip_forward", 1);
    }

    /// <summary>Stops every process left in the lab's namespaces and deletes them; safe to call twice.</summary>
    public void Down()
    {
        // Everything in these namespaces is the lab's (the names are its own).
        Stop(Namespaces.SelectMany(InNamespace).Distinct().ToList(), TimeSpan.FromSeconds(3));
        foreach (var ns in Namespaces)
        {
            if (File.Exists(Path.Combine("/run/netns", ns))) Run("ip", "netns", "del", ns);
            var etc = Path.Combine(NetnsEtc, ns);
            try
            {
                File.Delete(Path.Combine(etc, "resolv.conf"));
                if (Directory.Exists(etc)) Directory.Delete(etc);
            }
            catch (IOException) { }
        }
        try
        {
            if (_createdNetnsEtc && Directory.Exists(NetnsEtc) && !Directory.EnumerateFileSystemEntries(NetnsEtc).Any()) Directory.Delete(NetnsEtc);
        }
        catch (IOException) { }
    }

    /// <summary>Writes /proc/sys values inside <paramref name="ns"/> (its /proc/sys/net is that namespace's).</summary>
    private static void Sysctl(string ns, params object[] pairs)
    {
        var script = string.Join("; ", pairs.Chunk(2).Select(p => $"echo {p[1]} > /proc/sys/{p[0]}"));
        Must("ip", "netns", "exec", ns, "sh", "-c", script);
    }
}
