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
            switch (i % 8)
            {
                case 0:
                    Add($"interface GigabitEthernet0/{i}");
                    Add($" nameif if{i}");
                    Add($" security-level {i % 100}");
                    Add($" ip address 10.{a}.{b}.1 255.255.255.0");
                    break;
                case 1: Add($"name 172.16.{a}.{b} host{i} description generated host {i}"); break;
                case 2: Add($"ssh 10.{a}.{b}.0 255.255.255.0 if{i - 2 - (i - 2) % 8}"); break;
                case 3: Add($"timeout xlate {i % 24}:00:00"); break;
                case 4:
                    Add($"policy-map pm{i}");
                    Add(" class inspection_default");
                    Add("  inspect ftp ");
                    break;
                case 5: Add($"banner motd line {i}"); break;
                case 6: Add($"telnet 10.{a}.{b}.0 255.255.255.0 if{i - 6}"); break;
                default: Add($"logging host if{i - 7} 10.{a}.{b}.9"); break;
            }
        }
        return text.ToString();
    }
}
