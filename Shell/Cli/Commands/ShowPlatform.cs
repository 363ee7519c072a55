using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The platform and management show commands of an ASAv: <c>show module</c>, <c>show license all</c>,
/// <c>show failover [state]</c>, <c>show cpu usage [detailed]</c>, <c>show processes cpu-usage</c>,
/// <c>show resource usage</c>, <c>show ntp status</c>, <c>show ssh sessions</c>, <c>show users</c>,
/// <c>show conn count</c>, <c>show xlate count</c>. Values come from AsaEmu where it has them (its
/// sessions, its uptime) and are an idle ASAv's elsewhere; layouts marked [M] are kept here.
/// </summary>
public sealed class ShowPlatformCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["show"] = "Show running system information",
        ["module"] = "Show module information",
        ["license"] = "Show license information",
        ["all"] = "Show all license information",
        ["failover"] = "Show failover information",
        ["state"] = "Show failover internal state information",
        ["cpu"] = "Display CPU utilization information",
        ["usage"] = "Display CPU usage",
        ["detailed"] = "Display per-core CPU usage",
        ["processes"] = "Display process information",
        ["cpu-usage"] = "Show CPU usage of each process",
        ["resource"] = "Show resource information",
        ["ntp"] = "Show NTP information",
        ["status"] = "Show NTP status",
        ["ssh"] = "Show SSH information",
        ["sessions"] = "Show active SSH sessions",
        ["users"] = "Show the sessions open on the CLI",
        ["conn"] = "Show connection information",
        ["count"] = "Show the number in use and the most used",
        ["xlate"] = "Show translation information",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Everywhere, "show module [all|details]", c => Lines(c, Module()), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show license [all]", c => Lines(c, License(c.Appliance.BootedAt)), help: Help);
        g.Add(ExecScope.Everywhere, "show failover", c => Lines(c, Failover(c.Appliance.Config)), help: Help);
        g.Add(ExecScope.Everywhere, "show failover state", c => Lines(c, FailoverState), help: Help);
        g.Add(ExecScope.Everywhere, "show cpu [usage]", c => Lines(c, CpuUsage), help: Help);
        g.Add(ExecScope.Everywhere, "show cpu [usage] detailed", c => Lines(c, CpuDetailed), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show processes cpu-usage [non-zero|sorted]", c => Lines(c, ProcessesCpu), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show resource usage [all|system|summary|detail]", c => Lines(c, ResourceUsage(c.Appliance)), help: Help);
        g.Add(ExecScope.Everywhere, "show ntp status", c => Lines(c, NtpStatus), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show ssh sessions", c => Lines(c, SshSessions(c.Appliance.Sessions)), help: Help);
        g.Add(ExecScope.Everywhere, "show users", c => Lines(c, Users(c.Appliance, c.Session)), help: Help);
        // AsaEmu keeps no connection or translation table: IKE and ESP end on the box, which makes no conn [M].
        g.Add(ExecScope.Everywhere, "show conn count", c => Lines(c, [Count(0, 0)]), help: Help);
        g.Add(ExecScope.Everywhere, "show xlate count", c => Lines(c, [Count(0, 0)]), help: Help);
    }

    private static Task Lines(ExecContext c, IEnumerable<string> lines)
    {
        c.WriteLines(lines);
        return Task.CompletedTask;
    }

    private static string N(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    // ---- show module -------------------------------------------------------------------------------

    /// <summary>
    /// The ASAv's one module, slot 0, in the 9.x four-column layout [S: ntc-templates cisco_asa_show_module_02,
    /// 9.3(1) on an ASA 5515-X; the ASAv's values are M: no hardware or firmware version].
    /// </summary>
    public static IEnumerable<string> Module()
    {
        var firstMac = AsaPersona.MacAddress(0);
        var lastMac = AsaPersona.MacAddress(7);
        yield return "";
        yield return "Mod  Card Type                                    Model              Serial No. ";
        yield return "---- -------------------------------------------- ------------------ -----------";
        yield return $"   0 {AsaPersona.ChassisDescription,-44} {AsaPersona.Platform,-18} {AsaPersona.SerialNumber}";
        yield return "";
        yield return "Mod  MAC Address Range                 Hw Version   Fw Version   Sw Version     ";
        yield return "---- --------------------------------- ------------ ------------ ---------------";
        yield return $"   0 {firstMac} to {lastMac}  {"N/A",-12} {"N/A",-12} {AsaPersona.Version}";
        yield return "";
        yield return "Mod  SSM Application Name           Status           SSM Application Version";
        yield return "---- ------------------------------ ---------------- --------------------------";
        yield return "";
        yield return "Mod  Status             Data Plane Status     Compatibility";
        yield return "---- ------------------ --------------------- -------------";
        yield return $"   0 {"Up Sys",-18} {"Not Applicable",-21} ";
    }

    // ---- show license all --------------------------------------------------------------------------

    /// <summary>
    /// A registered ASAv10 under Smart Licensing [S: ntc-templates cisco_asa_show_license_all, an ASAv5
    /// registered and authorized; the dates follow the boot time here].
    /// </summary>
    public static IEnumerable<string> License(DateTimeOffset bootedAt)
    {
        static string D(DateTimeOffset t) => t.UtcDateTime.ToString("MMM dd HH:mm:ss yyyy 'UTC'", CultureInfo.InvariantCulture);
        yield return "";
        yield return "Smart Licensing Status";
        yield return "======================";
        yield return "";
        yield return "Smart Licensing is ENABLED";
        yield return "";
        yield return "Registration:";
        yield return "  Status: REGISTERED";
        yield return "  Smart Account: AsaEmu";
        yield return "  Virtual Account: DEFAULT";
        yield return "  Export-Controlled Functionality: Allowed";
        yield return $"  Initial Registration: SUCCEEDED on {D(bootedAt)}";
        yield return "  Last Renewal Attempt: None";
        yield return $"  Next Renewal Attempt: {D(bootedAt.AddDays(180))}";
        yield return $"  Registration Expires: {D(bootedAt.AddDays(365))}";
        yield return "";
        yield return "License Authorization: ";
        yield return $"  Status: AUTHORIZED on {D(bootedAt)}";
        yield return $"  Last Communication Attempt: SUCCESS on {D(bootedAt)}";
        yield return $"  Next Communication Attempt: {D(bootedAt.AddDays(30))}";
        yield return $"  Communication Deadline: {D(bootedAt.AddDays(90))}";
        yield return "";
        yield return "License Usage";
        yield return "==============";
        yield return "";
        yield return $"{AsaPersona.EntitlementDescription} ({AsaPersona.Entitlement}):";
        yield return $"  Description: {AsaPersona.EntitlementDescription}";
        yield return "  Count: 1";
        yield return "  Version: 1.0";
        yield return "  Status: AUTHORIZED";
        yield return "";
        yield return "Product Information";
        yield return "===================";
        yield return $"UDI: PID:{AsaPersona.Platform},SN:{AsaPersona.SerialNumber}";
        yield return "";
        yield return "Agent Version";
        yield return "=============";
        yield return "Smart Agent for Licensing: 1.6.14_rel/129";
    }

    // ---- show failover -----------------------------------------------------------------------------

    /// <summary>
    /// Failover off, as a standalone ASA prints it [S: genieparser ShowFailover golden_output2 for the
    /// lines; the unit is Primary by default and the monitored count is the named interfaces, M].
    /// </summary>
    public static IEnumerable<string> Failover(AsaConfig config)
    {
        var monitored = config.All<Interface>().Count(i => i.NameIf is not null);
        yield return "Failover Off";
        yield return "Failover unit Primary";
        yield return "Failover LAN Interface: not Configured";
        yield return "Reconnect timeout 0:00:00";
        yield return "Unit Poll frequency 1 seconds, holdtime 15 seconds";
        yield return "Interface Poll frequency 5 seconds, holdtime 25 seconds";
        yield return "Interface Policy 1";
        yield return N($"Monitored Interfaces {monitored} of 61 maximum");
        yield return "MAC Address Move Notification Interval not set";
    }

    /// <summary>
    /// <c>show failover state</c> with failover off [S: the header and sections from 9.x captures of an
    /// active/standby pair; the Disabled / Not Detected states of a unit without a mate are M].
    /// </summary>
    public static readonly IReadOnlyList<string> FailoverState =
    [
        "",
        "               State          Last Failure Reason      Date/Time",
        "This host  -   Primary",
        "               Disabled       None",
        "Other host -   Secondary",
        "               Not Detected   None",
        "",
        "====Configuration State===",
        "====Communication State===",
    ];

    // ---- CPU ------------------------------------------------------------------------------------------

    /// <summary>
    /// An idle ASAv's <c>show cpu usage</c>: the utilisation line, then the virtual platform's vCPU block
    /// [S: an ASAv's <c>show cpu</c> in mockdevices; a licensed ASAv10's compliant values are M].
    /// </summary>
    public static readonly IReadOnlyList<string> CpuUsage =
    [
        "CPU utilization for 5 seconds = 0%; 1 minute: 0%; 5 minutes: 0%",
        "",
        "Virtual platform CPU resources",
        "------------------------------",
        "Number of vCPUs              :     1",
        "Number of allowed vCPUs      :     1",
        "vCPU Status                  :  Compliant",
    ];

    /// <summary>One vCPU, idle [S layout: ntc-templates cisco_asa_show_cpu_usage_detailed].</summary>
    public static readonly IReadOnlyList<string> CpuDetailed =
    [
        "Break down of per-core data path versus control point cpu usage:",
        "Core         5 sec               1 min               5 min",
        "Core 0        0.0 ( 0.0 +  0.0)   0.0 ( 0.0 +  0.0)   0.0 ( 0.0 +  0.0)",
        "",
        "Current control point elapsed versus the maximum control point elapsed for:",
        "      5 seconds = 0.0%; 1 minute: 0.0%; 5 minutes: 0.0%",
        "",
        "",
        "CPU utilization of external processes for:",
        "      5 seconds = 0.0%; 1 minute: 0.0%; 5 minutes: 0.0%",
        "",
        "",
        "Total CPU utilization for:",
        "      5 seconds = 0.0%; 1 minute: 0.0%; 5 minutes: 0.0%",
    ];

    /// <summary>A few of the ASA's processes, idle [M: layout and names from memory of 9.x output].</summary>
    public static readonly IReadOnlyList<string> ProcessesCpu =
    [
        "PC         Thread       5Sec     1Min     5Min   Process",
        "-          -            0.0%     0.0%     0.0%   DATAPATH-0-1472",
        "0x08e8a57b 0x7f5b3c4a     0.0%     0.0%     0.0%   IKE Daemon",
        "0x08e8a57b 0x7f5b3c4b     0.0%     0.0%     0.0%   IPsec message handler",
        "0x08e8a57b 0x7f5b3c4c     0.0%     0.0%     0.0%   ssh",
        "0x08e8a57b 0x7f5b3c4d     0.0%     0.0%     0.0%   Logger",
        "0x08e8a57b 0x7f5b3c4e     0.0%     0.0%     0.0%   ci/console",
    ];

    // ---- resources and counts --------------------------------------------------------------------------

    /// <summary>
    /// The single-context resource table [S layout: genieparser ShowResourceUsage, printf
    /// <c>%-20s%9d%13d%11s%14d %s</c>]: SSH and telnet sessions open now and at their peak, the VPN
    /// sessions of the IKE engine; the rest idle.
    /// </summary>
    public static IEnumerable<string> ResourceUsage(Appliance appliance)
    {
        var sessions = appliance.Sessions;
        var ssh = sessions.Open.Count(s => s.Transport == SessionTransport.Ssh);
        var telnet = sessions.Open.Count(s => s.Transport == SessionTransport.Telnet);
        var vpn = VpnTally.Of(appliance).Read(appliance.Ike?.Status ?? Dataplane.Ike.IkeStatus.Empty, appliance.Config);
        string Row(string resource, long current, long peak, string limit) =>
            N($"{resource,-20}{current,9}{peak,13}{limit,11}{0,14} System");
        yield return "";
        yield return $"{"Resource",-20}{"Current",9}{"Peak",13}{"Limit",11}{"Denied",14} Context";
        yield return Row("Telnet", telnet, sessions.Peak(SessionTransport.Telnet), "5");
        yield return Row("SSH Server", ssh, sessions.Peak(SessionTransport.Ssh), "5");
        yield return Row("Syslogs [rate]", 0, 0, "N/A");
        yield return Row("Conns", 0, 0, "N/A");
        yield return Row("Xlates", 0, 0, "N/A");
        yield return Row("Hosts", 0, 0, "N/A");
        yield return Row("Conns [rate]", 0, 0, "N/A");
        yield return Row("Inspects [rate]", 0, 0, "N/A");
        yield return Row("Other VPN Sessions", vpn.Active, vpn.Peak, "250");
    }

    /// <summary><c>N in use, M most used</c> [S: the ASA's conn/xlate count line].</summary>
    public static string Count(long inUse, long mostUsed) => N($"{inUse} in use, {mostUsed} most used");

    /// <summary>
    /// No NTP server answers AsaEmu's clock (the host keeps it): unsynchronized at stratum 16
    /// [M: the IOS-derived layout the ASA shares, from IOS captures; the zero reference time is the NTP era's
    /// start, 1900, as those captures print it].
    /// </summary>
    public static readonly IReadOnlyList<string> NtpStatus =
    [
        "Clock is unsynchronized, stratum 16, no reference clock",
        "nominal freq is 99.9984 Hz, actual freq is 99.9984 Hz, precision is 2**6",
        "reference time is 00000000.00000000 (00:00:00.000 UTC Mon Jan 1 1900)",
        "clock offset is 0.0000 msec, root delay is 0.00 msec",
        "root dispersion is 0.00 msec, peer dispersion is 0.00 msec",
    ];

    // ---- sessions ----------------------------------------------------------------------------------

    /// <summary>
    /// The SSH sessions, a line per direction [S: a 9.x <c>show ssh sessions</c>: SID 4, client 16,
    /// version 8, mode 5, encryption 11, HMAC 9, state 17, then the user]. The HMAC is named as the
    /// ASA names it (<c>sha1</c>, <c>sha2-256</c>); an AEAD cipher has none (<c>-</c>, M).
    /// </summary>
    public static IEnumerable<string> SshSessions(SessionRegistry registry)
    {
        yield return "SID Client IP       Version Mode Encryption Hmac     State            Username";
        foreach (var s in registry.Open.Where(s => s.Transport == SessionTransport.Ssh))
        {
            var a = s.Ssh?.Invoke();
            var user = s.Session.Username ?? s.Session.User;
            yield return N($"{s.Id,-4}{s.Origin,-16}{"2.0",-8}{"IN",-5}{Cipher(a?.CipherIn),-11}{Hmac(a?.MacIn),-9}{"SessionStarted",-17}{user}");
            yield return N($"{"",-28}{"OUT",-5}{Cipher(a?.CipherOut),-11}{Hmac(a?.MacOut),-9}{"SessionStarted",-17}{user}");
        }
    }

    private static string Cipher(string? name) => name switch
    {
        null => "-",
        _ when name.StartsWith("aes128-gcm", StringComparison.Ordinal) => "aes128-gcm",
        _ when name.StartsWith("aes256-gcm", StringComparison.Ordinal) => "aes256-gcm",
        _ => name,
    };

    private static string Hmac(string? name) => name switch
    {
        null or "" => "-",
        "hmac-sha1" => "sha1",
        _ when name.StartsWith("hmac-sha2-256", StringComparison.Ordinal) => "sha2-256",
        _ when name.StartsWith("hmac-sha2-512", StringComparison.Ordinal) => "sha2-512",
        _ => name,
    };

    /// <summary>
    /// The CLI sessions [M: the IOS-style table of <c>show users</c>; the ASA marks the asking session with <c>*</c>].
    /// </summary>
    public static IEnumerable<string> Users(Appliance appliance, CliSession asking)
    {
        yield return "    Line       User       Host(s)              Idle       Location";
        var line = 0;
        foreach (var s in appliance.Sessions.Open)
        {
            var name = s.Transport switch
            {
                SessionTransport.Console => "con 0",
                SessionTransport.Ssh => N($"ssh {s.Id}"),
                _ => N($"vty {s.Id}"),
            };
            var mark = ReferenceEquals(s.Session, asking) ? "*" : " ";
            var location = s.Transport == SessionTransport.Console ? "" : s.Origin;
            yield return N($"{mark}{line++,3} {name,-10} {s.Session.User,-10} {"idle",-20} {"00:00:00",-10} {location}").TrimEnd();
        }
    }
}
