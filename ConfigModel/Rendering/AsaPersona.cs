using System.Globalization;

namespace AsaEmu.ConfigModel.Rendering;

/// <summary>
/// Who AsaEmu says it is: an ASAv10 (the virtual ASA) running ASA 9.8(4)10, in one place so the
/// version and the model are one edit away. Every <c>show</c> command, the <c>show running-config</c>
/// header and the startup-config read them from here.
/// </summary>
/// <remarks>
/// Why 9.8(4): it is the last long-lived 9.x train that still accepts everything the EzVPN clients
/// AsaEmu serves propose in IKEv1 (Diffie-Hellman groups 1, 2 and 5, DES, 3DES and MD5), which
/// later trains deprecate and then remove [M: ASA 9.13/9.15 release notes]; and it stores every
/// local and enable password as PBKDF2-SHA512 (since 9.7(1)), as automation expects of a 9.x box.
/// Its ASAv <c>show version</c> is public [S: genieparser's <c>ShowVersion</c> golden_output1, an
/// ASAv10 on 9.8(4)10]; the figures below (build, ASDM and FXOS versions, memory, CPU, disks) are
/// that capture's. Changing <see cref="Version"/> changes every place the version is shown.
/// </remarks>
public static class AsaPersona
{
    /// <summary>The ASA software version, as <c>show version</c> and <c>ASA Version</c> print it.</summary>
    public const string Version = "9.8(4)10";
    public const string DeviceManagerVersion = "7.8(2)";
    public const string FxosVersion = "2.2(2.121)";
    public const string Compiled = "Tue 20-Aug-19 12:46 PDT";
    public const string ImageFile = "boot:/asa984-10-smp-k8.bin";

    /// <summary>The platform name after <c>Hardware:</c>; collectors read it with <c>Hardware:\s+([\w-]+)</c>.</summary>
    public const string Platform = "ASAv";
    public const string ModelId = "ASAv10";
    public const int MemoryMb = 2048;
    public const string Cpu = "Xeon E5 series 3491 MHz";
    public const int FlashMb = 8192;

    /// <summary>An ASAv's serial number: 11 characters starting with <c>9A</c> (made up, in the real form).</summary>
    public const string SerialNumber = "9AEMU4SA0V1";

    public const string ChassisDescription = "ASAv Adaptive Security Virtual Appliance";

    /// <summary>The Smart Licensing entitlement of an ASAv10 [S: <c>ASAv-STD-100M</c> for an ASAv5; the 1G name by analogy, M].</summary>
    public const string Entitlement = "ASAv-STD-1G";
    public const string EntitlementDescription = "ASAv10 Standard - 1G";

    /// <summary><c>Hardware:   ASAv, 2048 MB RAM, CPU Xeon E5 series 3491 MHz</c> (show version adds a comma at the end).</summary>
    public static string HardwareLine => string.Create(CultureInfo.InvariantCulture, $"Hardware:   {Platform}, {MemoryMb} MB RAM, CPU {Cpu}");

    /// <summary>
    /// The MAC address of the interface at <paramref name="index"/> in <c>show version</c>'s list
    /// (Management0/0 first, as on an ASAv): one virtual NIC each, from a KVM-style base.
    /// </summary>
    public static string MacAddress(int index) => string.Create(CultureInfo.InvariantCulture, $"5254.00ae.{index:x4}");
}
