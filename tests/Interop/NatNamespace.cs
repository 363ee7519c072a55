namespace AsaEmu.Interop;

/// <summary>
/// A NAT router between the kit's netns cli and hub: netns <c>l2lnat</c>, a link to each (198.18.2.0/24
/// on cli's side, 198.18.3.0/24 on hub's), and nftables masquerading whatever leaves towards the hub
/// to its own address 198.18.3.1 with ports from 40000-40999, so the headend sees a peer behind a NAT
/// that moved its ports. cli reaches the headend's 198.18.0.1 through it. Disposing deletes the
/// namespace, which takes its links (and their ends in cli and hub) with it; also after a failure.
/// </summary>
public sealed class NatNamespace : IDisposable
{
    public const string Name = "l2lnat", Inside = "198.18.2.2", Outside = "198.18.3.1";

    public NatNamespace()
    {
        Dispose(); // a run that died before its clean-up
        try
        {
            string[][] steps =
            [
                ["ip", "netns", "add", Name],
                ["ip", "-n", "cli", "link", "add", "cli-nat", "type", "veth", "peer", "name", "nat-cli", "netns", Name],
                ["ip", "-n", Name, "link", "add", "nat-hub", "type", "veth", "peer", "name", "hub-nat", "netns", "hub"],
                ["ip", "-n", "cli", "addr", "add", $"{Inside}/24", "dev", "cli-nat"],
                ["ip", "-n", Name, "addr", "add", "198.18.2.1/24", "dev", "nat-cli"],
                ["ip", "-n", Name, "addr", "add", $"{Outside}/24", "dev", "nat-hub"],
                ["ip", "-n", "hub", "addr", "add", "198.18.3.2/24", "dev", "hub-nat"],
                ["ip", "-n", Name, "link", "set", "lo", "up"],
                ["ip", "-n", "cli", "link", "set", "cli-nat", "up"],
                ["ip", "-n", Name, "link", "set", "nat-cli", "up"],
                ["ip", "-n", Name, "link", "set", "nat-hub", "up"],
                ["ip", "-n", "hub", "link", "set", "hub-nat", "up"],
                ["ip", "netns", "exec", Name, "sysctl", "-qw", "net.ipv4.ip_forward=1"],
                ["ip", "-n", Name, "route", "add", "198.18.0.1/32", "via", "198.18.3.2"],
                ["ip", "-n", "cli", "route", "add", "198.18.0.1/32", "via", "198.18.2.1", "src", Inside],
                ["ip", "netns", "exec", Name, "nft",
                    "add table ip nat; add chain ip nat post { type nat hook postrouting priority 100; }; " +
                    "add rule ip nat post oifname \"nat-hub\" ip protocol udp masquerade to :40000-40999; add rule ip nat post oifname \"nat-hub\" masquerade"],
            ];
            foreach (var step in steps)
            {
                var (code, output) = Probe.Run(step);
                if (code != 0) throw new InvalidOperationException($"{string.Join(' ', step)}: {output}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The masquerade's connection tracking entries (what the NAT translated).</summary>
    public static string Conntrack() => Probe.Run(["ip", "netns", "exec", Name, "cat", "/proc/net/nf_conntrack"]).Output;

    public void Dispose()
    {
        if (File.Exists(Path.Combine("/run/netns", Name))) Probe.Run(["ip", "netns", "del", Name]);
    }
}
