using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show version</c> in the ASA's layout (reference §1.10), naming AsaEmu as the hardware so
/// that parsers of <c>Hardware:\s+([\w-]+)</c>, <c>Version (\S+)</c>, <c>^(.+) up</c> and
/// <c>Serial Number: (\S+)</c> read it as an ASA.
/// </summary>
public static class ShowVersion
{
    public const string DeviceManagerVersion = "7.8(2)";
    public const string ImageFile = "disk0:/asaemu-k8.bin";
    public const string SerialNumber = "AEMU0000001";

    public static IEnumerable<string> Lines(Appliance appliance)
    {
        var config = appliance.Config;
        yield return "";
        yield return $"Cisco Adaptive Security Appliance Software Version {RunningConfigRenderer.Version} ";
        yield return $"Device Manager Version {DeviceManagerVersion}";
        yield return "";
        yield return "Compiled on Fri 01-Jun-18 12:00 PDT by builders";
        yield return $"System image file is \"{ImageFile}\"";
        yield return "Config file at boot was \"startup-config\"";
        yield return "";
        yield return $"{appliance.Hostname} up {AsaTime.Uptime(appliance.Clock.Now - appliance.BootedAt)}";
        yield return "";
        yield return "Hardware:   AsaEmu, 1024 MB RAM, CPU AsaEmu virtual CPU, 1 core";
        yield return "Internal ATA Compact Flash, 1024MB";
        yield return "";
        var index = 0;
        foreach (var i in config.All<Interface>())
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $" {index}: Ext: {i.Name,-20}: address is 0200.aeae.{index:x4}, irq {(i.Name.StartsWith("Management", StringComparison.Ordinal) ? 11 : 9)}");
            index++;
        }
        if (index > 0) yield return "";
        yield return "Licensed features for this platform:";
        foreach (var (feature, value) in Licences)
            yield return $"{feature,-34}: {value,-15}perpetual";
        yield return "";
        yield return "This platform has an AsaEmu Security Plus license.";
        yield return "";
        yield return $"Serial Number: {SerialNumber}";
        yield return "Running Permanent Activation Key: 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000";
        yield return "Configuration register is 0x1";
        if (appliance.LastChange is { } change)
            yield return $"Configuration last modified by {change.By} at {AsaTime.Stamp(change.At)}";
    }

    private static readonly (string Feature, string Value)[] Licences =
    [
        ("Maximum Physical Interfaces", "Unlimited"),
        ("Maximum VLANs", "100"),
        ("Inside Hosts", "Unlimited"),
        ("Failover", "Active/Active"),
        ("Encryption-DES", "Enabled"),
        ("Encryption-3DES-AES", "Enabled"),
        ("Security Contexts", "2"),
        ("Other VPN Peers", "250"),
        ("Total VPN Peers", "250"),
    ];
}
