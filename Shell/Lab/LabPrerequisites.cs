namespace AsaEmu.Shell.Lab;

/// <summary>What <c>asaemu lab</c> needs from the machine, and how to get what is missing.</summary>
public static class LabPrerequisites
{
    private static readonly string[] Directories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The path of <paramref name="tool"/>, or null.</summary>
    public static string? Which(string tool) => Directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    public static string? VpncScript() =>
        new[] { "/usr/share/vpnc-scripts/vpnc-script", "/etc/vpnc/vpnc-script" }.FirstOrDefault(File.Exists);

    /// <summary>One line per missing thing, saying how to get it; empty when the lab can run.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        var packages = new List<string>();
        if (!OperatingSystem.IsLinux()) return ["the lab needs Linux (network namespaces, veth, TUN)"];
        if (!Environment.IsPrivilegedProcess)
            missing.Add("root: the lab creates network namespaces, veths and TUN devices; run it with sudo");
        if (!File.Exists("/dev/net/tun"))
            missing.Add("/dev/net/tun: load the tun module (modprobe tun); in a container pass --device /dev/net/tun --cap-add NET_ADMIN --cap-add SYS_ADMIN");
        void Need(string tool, string package, string why)
        {
            if (Which(tool) is not null) return;
            missing.Add($"{tool} ({why}): package {package}");
            if (!packages.Contains(package)) packages.Add(package);
        }
        Need("ip", "iproute2", "namespaces, links, addresses");
        Need("vpnc", "vpnc", "the EzVPN client");
        if (VpncScript() is null)
        {
            missing.Add("vpnc-script (sets up vpnc's tun0 and routes): package vpnc-scripts");
            packages.Add("vpnc-scripts");
        }
        Need("ping", "iputils-ping", "lab ping");
        Need("setsid", "util-linux", "runs vpnc in a session of its own");
        Need("mount", "mount", "gives vpnc a private /run");
        if (packages.Count > 0) missing.Add($"install with: apt-get install {string.Join(' ', packages)}");
        return missing;
    }
}
