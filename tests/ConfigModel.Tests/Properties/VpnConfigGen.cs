using CsCheck;

namespace AsaEmu.ConfigModel.Tests.Properties;

/// <summary>
/// Generators for the VPN side of a config: ACLs, objects, pools and routes; IPsec transform sets,
/// dynamic and static crypto maps; IKEv1 policies and globals; group-policies, usernames and
/// tunnel-groups with their sub-modes. Names are indexed (ACL0, GP1, ...) so references resolve.
/// </summary>
internal static class VpnConfigGen
{
    private static readonly string[] Encryptions = ["esp-des", "esp-3des", "esp-aes", "esp-aes-192", "esp-aes-256", "esp-null"];
    private static readonly string[] Integrities = ["esp-md5-hmac", "esp-sha-hmac", "esp-none"];
    private static readonly string[] IkeEncryptions = ["des", "3des", "aes", "aes-192", "aes-256"];
    private static readonly string[] PfsGroups = ["group1", "group2", "group5", "group14"];
    private static readonly string[] DfBits = ["clear-df", "copy-df", "set-df"];

    /// <summary>ACL0..ACLn-1 (standard and extended, with remarks), objects, pools POOL0.., routes on if0.</summary>
    public static Gen<List<string>> Addressing(int acls) =>
        Gen.Select(ConfigGen.Network.Array[acls], Gen.Bool.Array[acls], ConfigGen.Text, ConfigGen.Network.Array[2], Gen.Int[1, 255], Gen.Byte,
            (nets, standard, remark, routes, metric, host) =>
            {
                var lines = new List<string>();
                for (var i = 0; i < acls; i++)
                {
                    if (i == 0) lines.Add($"access-list ACL0 remark {remark}");
                    lines.Add(standard[i]
                        ? $"access-list ACL{i} standard permit {nets[i].Net} {nets[i].Mask}"
                        : $"access-list ACL{i} extended permit ip {nets[i].Net} {nets[i].Mask} any4");
                    if (!standard[i]) lines.Add($"access-list ACL{i} extended deny tcp host 198.19.0.{host} any4 eq https");
                }
                lines.Add($"object network OBJ0\n host 198.19.1.{host}\n description {remark}");
                lines.Add("object network OBJ1\n subnet 198.19.2.0 255.255.255.0");
                lines.Add("object network OBJ2\n range 198.19.3.1 198.19.3.9");
                lines.Add("ip local pool POOL0 198.19.10.1-198.19.10.254 mask 255.255.255.0");
                lines.Add("ip local pool POOL1 198.19.11.10-198.19.11.20");
                foreach (var (net, mask) in routes.DistinctBy(r => r.Net + r.Mask))
                    lines.Add($"route if0 {net} {mask} 198.18.0.254 {metric}");
                return lines;
            });

    /// <summary>Transform sets T0.., a dynamic map DYN and a static map MAP bound to if0, IKEv1 policies.</summary>
    public static Gen<List<string>> Crypto(int acls) =>
        Gen.Select(Gen.Int[0, Encryptions.Length - 1].Array[3], Gen.Int[0, Integrities.Length - 1].Array[3], Gen.Bool.Array[6],
            Gen.Int[1, 65535].Array[3], Gen.Int[0, IkeEncryptions.Length - 1].Array[3], Gen.Int[120, 86400], ConfigGen.Ip, Gen.Int[0, PfsGroups.Length - 1],
            (enc, auth, flags, priorities, ike, lifetime, peer, pfs) =>
            {
                var lines = new List<string>();
                for (var i = 0; i < 3; i++)
                    lines.Add($"crypto ipsec {(flags[i] ? "ikev1 " : "")}transform-set T{i} {Encryptions[enc[i]]} {Integrities[auth[i]]}");
                if (flags[3]) lines.Add("crypto ipsec ikev1 transform-set T2 mode transport");
                lines.Add($"crypto ipsec security-association lifetime seconds {lifetime + 120}");
                lines.Add($"crypto ipsec security-association lifetime kilobytes {lifetime * 10}");
                lines.Add($"crypto dynamic-map DYN 10 set {(flags[4] ? "ikev1 " : "")}transform-set T0 T1");
                lines.Add("crypto dynamic-map DYN 10 set reverse-route");
                if (flags[5]) lines.Add($"crypto dynamic-map DYN 10 set pfs {PfsGroups[pfs]}");
                lines.Add($"crypto dynamic-map DYN 20 set ikev1 transform-set T2");
                lines.Add($"crypto dynamic-map DYN 20 set security-association lifetime seconds {lifetime + 200}");
                lines.Add($"crypto map MAP 10 match address ACL{acls - 1}");
                lines.Add($"crypto map MAP 10 set peer {peer}");
                lines.Add("crypto map MAP 10 set ikev1 transform-set T1");
                lines.Add($"crypto map MAP 10 set pfs {PfsGroups[pfs]}");
                lines.Add("crypto map MAP 10 set connection-type bidirectional");
                lines.Add("crypto map MAP 65535 ipsec-isakmp dynamic DYN");
                lines.Add("crypto map MAP interface if0");
                lines.Add($"crypto {(flags[0] ? "isakmp" : "ikev1")} enable if0");
                foreach (var (priority, i) in priorities.Distinct().Select((p, i) => (p, i)))
                {
                    lines.Add($"crypto {(flags[i] ? "ikev1" : "isakmp")} policy {priority}");
                    lines.Add(" authentication pre-share");
                    lines.Add($" encryption {IkeEncryptions[ike[i]]}");
                    lines.Add($" hash {(flags[i + 1] ? "sha" : "md5")}");
                    lines.Add($" group {(flags[i + 2] ? 2 : 14)}");
                    lines.Add($" lifetime {lifetime}");
                }
                lines.Add($"crypto isakmp nat-traversal {lifetime % 3590 + 10}");
                if (flags[2]) lines.Add("crypto isakmp identity address");
                lines.Add($"crypto ipsec df-bit {DfBits[enc[0] % DfBits.Length]} if0");
                lines.Add($"crypto ipsec fragmentation {(flags[1] ? "after" : "before")}-encryption if0");
                return lines;
            });

    /// <summary>Group-policies GP0/GP1, usernames, tunnel-groups, with attribute sub-modes and sub-mode no forms.</summary>
    public static Gen<List<string>> RemoteAccess(int acls) =>
        Gen.Select(ConfigGen.Name, ConfigGen.Text, Gen.Int[1, 35791394], Gen.Int[10, 3600], Gen.Int[2, 10], Gen.Bool.Array[8], ConfigGen.Name,
            (key, banner, timeout, threshold, retry, flags, user) =>
            {
                var lines = new List<string>
                {
                    "group-policy GP0 internal",
                    "group-policy GP0 attributes",
                    $" banner value {banner}",
                    " dns-server value 198.19.0.53 198.19.0.54",
                    " wins-server value 198.19.0.55",
                    $" vpn-idle-timeout {timeout}",
                    " vpn-session-timeout none",
                    $" vpn-tunnel-protocol {(flags[0] ? "ikev1 ssl-client" : "IPSec svc")}",
                    $" password-storage {(flags[1] ? "enable" : "disable")}",
                    $" split-tunnel-policy {(flags[2] ? "tunnelspecified" : "tunnelall")}",
                    $" split-tunnel-network-list value ACL0",
                    $" default-domain value {key}.example",
                    $" split-dns value {key}.example corp.example",
                    " address-pools value POOL0",
                    $" pfs {(flags[3] ? "enable" : "disable")}",
                };
                if (flags[4]) lines.Add(" no split-dns");
                lines.Add("group-policy GP1 internal");
                lines.Add($"username {user} password {key} privilege {(flags[5] ? 15 : 3)}");
                lines.Add($"username {user} attributes");
                lines.Add(" vpn-framed-ip-address 198.19.20.1 255.255.255.0");
                lines.Add(" vpn-group-policy GP1");
                lines.Add(" service-type remote-access");
                lines.Add("username other nopassword");
                lines.Add("tunnel-group TG0 type remote-access");
                lines.Add("tunnel-group TG0 general-attributes");
                lines.Add(" address-pool POOL0 POOL1");
                lines.Add(" default-group-policy GP0");
                lines.Add(" strip-realm");
                lines.Add("tunnel-group TG0 ipsec-attributes");
                lines.Add($" {(flags[6] ? "ikev1 " : "")}pre-shared-key {key}");
                lines.Add($" {(flags[5] ? "ikev1 " : "")}trust-point TP0");
                lines.Add($" isakmp keepalive threshold {threshold} retry {retry}");
                lines.Add(" peer-id-validate nocheck");
                lines.Add("tunnel-group 198.18.7.7 type ipsec-l2l");
                lines.Add("tunnel-group 198.18.7.7 ipsec-attributes");
                lines.Add($" ikev1 pre-shared-key {key}x");
                if (flags[7]) lines.Add(" no peer-id-validate");
                return lines;
            });
}
