using System.Text;

namespace AsaEmu.Benchmarks;

/// <summary>A large, valid config of the kinds of lines real ASAs carry, for load benchmarks.</summary>
public static class LargeConfig
{
    public static string Generate(int lines)
    {
        var text = new StringBuilder();
        var count = 0;
        void Add(string line) { text.Append(line).Append('\n'); count++; }
        Add("hostname bench");
        for (var i = 0; count < lines; i++)
        {
            var a = (i >> 8) & 255;
            var b = i & 255;
            switch (i % 12)
            {
                case 0:
                    Add($"interface GigabitEthernet0/{i}");
                    Add($" nameif if{i}");
                    Add($" security-level {i % 100}");
                    Add($" ip address 10.{a}.{b}.1 255.255.255.0");
                    break;
                case 1: Add($"name 172.16.{a}.{b} host{i} description generated host {i}"); break;
                case 2: Add($"ssh 10.{a}.{b}.0 255.255.255.0 if{i - 2}"); break;
                case 3: Add($"timeout xlate {i % 24}:00:00"); break;
                case 4:
                    Add($"policy-map pm{i}");
                    Add(" class inspection_default");
                    Add("  inspect ftp ");
                    break;
                case 5: Add($"banner motd line {i}"); break;
                case 6: Add($"telnet 10.{a}.{b}.0 255.255.255.0 if{i - 6}"); break;
                case 7: Add($"logging host if{i - 7} 10.{a}.{b}.9"); break;
                case 8:
                    Add($"access-list ACL{i} extended permit tcp 10.{a}.{b}.0 255.255.255.0 any4 eq https");
                    Add($"access-list SPLIT{i} standard permit 172.16.{a}.{b} 255.255.255.255");
                    break;
                case 9:
                    Add($"crypto ipsec ikev1 transform-set T{i} esp-aes-256 esp-sha-hmac");
                    Add($"crypto map MAP {i % 65000 + 1} match address ACL{i - 1}");
                    Add($"crypto map MAP {i % 65000 + 1} set peer 198.18.{a}.{b}");
                    Add($"crypto map MAP {i % 65000 + 1} set ikev1 transform-set T{i}");
                    break;
                case 10:
                    Add($"group-policy GP{i} internal");
                    Add($"group-policy GP{i} attributes");
                    Add($" dns-server value 10.{a}.{b}.53");
                    Add(" vpn-tunnel-protocol ikev1");
                    Add($"username user{i} password pw{i} privilege 3");
                    break;
                default:
                    Add($"tunnel-group TG{i} type remote-access");
                    Add($"tunnel-group TG{i} general-attributes");
                    Add($" default-group-policy GP{i - 1}");
                    Add($"tunnel-group TG{i} ipsec-attributes");
                    Add($" ikev1 pre-shared-key key{i}");
                    break;
            }
        }
        return text.ToString();
    }
}
