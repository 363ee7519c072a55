namespace AsaEmu.Shell.Lab;

/// <summary>
/// The lab's names and addresses. They are its own: the interop kit's namespaces (cli, hub, lan)
/// and subnets (198.18.0.0/24, 198.18.1.0/24, pool 198.19.0.0/24) may be in use on the same
/// machine at the same time, so the lab takes other names and other subnets of 198.18.0.0/15.
/// <code>
///   asaemu-lab-cli  eth0 198.18.10.2 &lt;--veth--&gt; outside 198.18.10.1  asaemu-lab-asa  inside 198.18.11.1 &lt;--veth--&gt; eth0 198.18.11.2  asaemu-lab-lan
///   (vpnc, tun0)                                  (asaemu, TUN asaemu0)                                 (the host to ping)
/// </code>
/// </summary>
public static class LabNetwork
{
    public const string ClientNamespace = "asaemu-lab-cli";
    public const string AsaNamespace = "asaemu-lab-asa";
    public const string LanNamespace = "asaemu-lab-lan";
    public static readonly IReadOnlyList<string> Namespaces = [ClientNamespace, AsaNamespace, LanNamespace];

    public const string ClientAddress = "198.18.10.2";
    public const string AsaOutside = "198.18.10.1";
    public const string AsaInside = "198.18.11.1";
    public const string LanHost = "198.18.11.2";
    public const string OutsideNet = "198.18.10.0/24";
    public const string InsideNet = "198.18.11.0/24";
    public const string PoolNet = "198.19.10.0/24";
    public const string ClientVirtualAddress = "198.19.10.100";

    /// <summary>
    /// Site B's LAN in the l2l scenario: the pool's subnet, which the lan host already routes back through
    /// this ASA; its host (site B's inside address) sits on the client namespace's loopback.
    /// </summary>
    public const string SiteBNet = PoolNet;
    public const string SiteBHost = "198.19.10.1";

    /// <summary>The ESP dataplane's TUN device, inside the ASA namespace (so it never meets the host's or the kit's).</summary>
    public const string Tun = "asaemu0";

    /// <summary>
    /// Runtime files: configs, logs, vpnc's private /run. One lab at a time (see <see cref="LabLock"/>).
    /// Not under /run: vpnc gets a private /run bind-mounted over it and must still see its profile.
    /// </summary>
    public const string StateDirectory = "/tmp/asaemu-lab";
}
