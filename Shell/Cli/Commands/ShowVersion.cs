using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show version</c> of an ASAv on 9.8(4)10 (<see cref="AsaPersona"/>), line for line as the
/// public capture prints it [S: genieparser ShowVersion golden_output1, ASAv10 9.8(4)10; the
/// licence rows' spacing from a raw ASAv 9.15(1)1 capture, values padded to 15 with no term under
/// Smart Licensing]. Parsers read <c>Hardware:\s+([\w-]+)</c>, <c>Version (\S+)</c>,
/// <c>^(.+) up</c>, <c>image file is "(.+)"</c>, <c>Model Id:</c> and <c>Serial Number: (\S+)</c>.
/// </summary>
public static class ShowVersion
{
    public static IEnumerable<string> Lines(Appliance appliance)
    {
        yield return "";
        yield return $"Cisco Adaptive Security Appliance Software Version {AsaPersona.Version} ";
        yield return $"Firepower Extensible Operating System Version {AsaPersona.FxosVersion}";
        yield return $"Device Manager Version {AsaPersona.DeviceManagerVersion}";
        yield return "";
        yield return $"Compiled on {AsaPersona.Compiled} by builders";
        yield return $"System image file is \"{AsaPersona.ImageFile}\"";
        yield return "Config file at boot was \"startup-config\"";
        yield return "";
        yield return $"{appliance.Hostname} up {AsaTime.Uptime(appliance.Clock.Now - appliance.BootedAt)}";
        yield return "";
        yield return AsaPersona.HardwareLine + ",";
        yield return $"Model Id:   {AsaPersona.ModelId}";
        yield return string.Create(CultureInfo.InvariantCulture, $"Internal ATA Compact Flash, {AsaPersona.FlashMb}MB");
        yield return string.Create(CultureInfo.InvariantCulture, $"Slot 1: ATA Compact Flash, {AsaPersona.FlashMb}MB");
        yield return "BIOS Flash Firmware Hub @ 0x0, 0KB";
        yield return "";
        yield return "";
        foreach (var (i, index) in HardwareOrder(appliance.Config))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{index,2}: Ext: {i.Name,-20}: address is {AsaPersona.MacAddress(index)}, irq {Irq(index)}");
        yield return "";
        foreach (var line in SmartLicence) yield return line;
        yield return "";
        yield return "Licensed features for this platform:";
        foreach (var (feature, value) in Licences)
            yield return $"{feature,-34}: {value,-15}";
        yield return "";
        yield return $"Serial Number: {AsaPersona.SerialNumber}";
        yield return "";
        yield return "Image type          : Release";
        yield return "Key version         : A";
        yield return "";
        yield return appliance.LastChange is { } change
            ? $"Configuration last modified by {change.By} at {AsaTime.Stamp(change.At)}"
            : "Configuration has not been modified since last system restart.";
    }

    /// <summary>
    /// The interfaces in the ASAv's hardware order, with their index: Management0/0 first, then the
    /// data interfaces (<c>show version</c>'s list; the MAC addresses follow it).
    /// </summary>
    public static IEnumerable<(Interface Interface, int Index)> HardwareOrder(AsaConfig config) =>
        config.All<Interface>()
            .OrderBy(i => i.Name.StartsWith("Management", StringComparison.Ordinal) ? 0 : 1)
            .Select((i, index) => (i, index));

    /// <summary>The MAC address of <paramref name="name"/>, as <c>show interface</c> and <c>show version</c> print it.</summary>
    public static string MacOf(AsaConfig config, string name) =>
        HardwareOrder(config).FirstOrDefault(p => p.Interface.Name == name) is { Interface: not null } p
            ? AsaPersona.MacAddress(p.Index) : AsaPersona.MacAddress(0);

    /// <summary>The ASAv's virtual NICs share two interrupts in pairs (11, 11, 10, 10, ...) [S].</summary>
    private static int Irq(int index) => index / 2 % 2 == 0 ? 11 : 10;

    /// <summary>
    /// A registered ASAv10 under Smart Licensing [S: the mode line; the licensed state and throughput
    /// lines are M, by analogy with the unlicensed capture's <c>Eval period</c> / <c>100 Kbps</c>].
    /// </summary>
    private static readonly string[] SmartLicence =
    [
        "License mode: Smart Licensing",
        "ASAv Platform License State: Licensed",
        $"Active entitlement: {AsaPersona.Entitlement}, enforce mode: Authorized",
        "Firewall throughput limited to 1 Gbps",
    ];

    /// <summary>An ASAv10's licensed features [S: ASAv 9.8(4)10 and 9.15(1)1 captures].</summary>
    public static readonly (string Feature, string Value)[] Licences =
    [
        ("Maximum VLANs", "50"),
        ("Inside Hosts", "Unlimited"),
        ("Failover", "Active/Standby"),
        ("Encryption-DES", "Enabled"),
        ("Encryption-3DES-AES", "Enabled"),
        ("Security Contexts", "0"),
        ("Carrier", "Disabled"),
        ("AnyConnect Premium Peers", "250"),
        ("AnyConnect Essentials", "Disabled"),
        ("Other VPN Peers", "250"),
        ("Total VPN Peers", "250"),
        ("AnyConnect for Mobile", "Disabled"),
        ("AnyConnect for Cisco VPN Phone", "Disabled"),
        ("Advanced Endpoint Assessment", "Disabled"),
        ("Shared License", "Disabled"),
        ("Total TLS Proxy Sessions", "2"),
        ("Botnet Traffic Filter", "Enabled"),
        ("Cluster", "Disabled"),
    ];
}
