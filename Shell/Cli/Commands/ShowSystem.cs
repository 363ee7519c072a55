using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Persistence;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Show commands about the appliance and the session: <c>show logging</c>, <c>show clock</c>,
/// <c>show history</c>, <c>show pager</c>, <c>show terminal</c>, <c>show memory</c>,
/// <c>show inventory</c>, <c>dir</c>, and <c>changeto</c> (refused: this ASA is in single
/// context mode). Layouts marked [M] in the reference are kept in this file's constants.
/// </summary>
public sealed class ShowSystemCommands : IExecArea
{
    /// <summary>What <c>changeto</c> answers in single context mode [M].</summary>
    public const string SingleContextError = "ERROR: Command not valid in single context mode";

    public const long TotalMemory = (long)AsaPersona.MemoryMb * 1024 * 1024; // as show version says
    public const long UsedMemory = 705617920; // 33%, an idle ASAv [S]
    public const long DiskTotal = 8571076608, DiskFree = 8141029376;
    public const long ImageSize = 110440448;

    private static readonly Dictionary<string, string> Help = new()
    {
        ["show"] = "Show running system information",
        ["logging"] = "Show logging configuration and buffer",
        ["clock"] = "Display the system clock",
        ["detail"] = "Display the clock source",
        ["history"] = "Display the session command history",
        ["pager"] = "Display the pager setting",
        ["terminal"] = "Display the terminal settings",
        ["memory"] = "System memory utilization",
        ["inventory"] = "Show the physical inventory",
        ["dir"] = "List files on a filesystem",
        ["/all"] = "List all files",
        ["/recursive"] = "List files recursively",
        ["disk0:"] = "List files on disk0",
        ["flash:"] = "List files on flash (disk0)",
        ["changeto"] = "Change mode to system or context",
        ["context"] = "Change to a context",
        ["system"] = "Change to the system execution space",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "show logging", c => Lines(c, ShowLogging.Lines(c.Appliance.Config, c.Appliance.Events)), help: Help);
        g.Add(ExecScope.Everywhere, "show clock [detail]", c => Lines(c, Clock(c.Appliance.Clock.Now, c.Args.Has("detail"))), help: Help);
        g.Add(ExecScope.Everywhere, "show history", c => Lines(c, SessionState.Of(c.Session).History.Select(l => "  " + l)), help: Help);
        g.Add(ExecScope.Everywhere, "show pager", c => Lines(c, [Pager(c)]), help: Help);
        g.Add(ExecScope.Everywhere, "show terminal", c => Lines(c, Terminal(c)), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show memory", c => Lines(c, Memory()), help: Help);
        g.Add(ExecScope.Everywhere, "show inventory", c => Lines(c, Inventory()), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "dir [/all] [/recursive] [(disk0:|flash:):fs]", c => Lines(c, Dir(c.Appliance)), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "changeto (context <word:name>|system)", c => Lines(c, [SingleContextError]), help: Help);
    }

    private static Task Lines(ExecContext c, IEnumerable<string> lines)
    {
        c.WriteLines(lines);
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>show clock [detail]</c>: the time, and with <c>detail</c> where it comes from: AsaEmu takes the
    /// host's clock, as an ASA without NTP keeps its hardware calendar [M: the detail line's wording].
    /// </summary>
    public static IEnumerable<string> Clock(DateTimeOffset now, bool detail)
    {
        yield return AsaTime.Stamp(now);
        if (detail) yield return "Time source is hardware calendar";
    }

    /// <summary><c>pager lines 24</c>: the session's page length, else the config's; <c>no pager</c> when paging is off.</summary>
    public static string Pager(ExecContext c)
    {
        var lines = c.Session.PagerLines ?? c.Appliance.Config.Get<PagerLines>()?.Lines ?? PagerLines.Default;
        return lines == 0 ? "no pager" : $"pager lines {lines}";
    }

    /// <summary>A blank line, <c>Width = 80, no monitor</c> (or <c>monitor</c>), <c>terminal interactive</c>.</summary>
    public static IEnumerable<string> Terminal(ExecContext c)
    {
        yield return "";
        yield return $"Width = {c.Session.Width}, {(SessionState.Of(c.Session).Monitor ? "monitor" : "no monitor")}";
        yield return "terminal interactive";
    }

    /// <summary>
    /// The free/used/total block, then the ASAv's virtual platform memory [S: an ASAv's
    /// <c>show memory</c> in mockdevices; a licensed ASAv10's <c>Allowed</c>/<c>Compliant</c> values are M].
    /// Ansible's facts read the numbers with <c>Free memory.+ (\d+) .+(\d\d)</c>.
    /// </summary>
    public static IEnumerable<string> Memory()
    {
        var free = TotalMemory - UsedMemory;
        string Row(string label, long bytes) =>
            string.Create(CultureInfo.InvariantCulture, $"{label,-19}{bytes,10} bytes ({(bytes * 100 + TotalMemory / 2) / TotalMemory,2}%)");
        yield return Row("Free memory:", free);
        yield return Row("Used memory:", UsedMemory);
        yield return "-------------     ------------------";
        yield return string.Create(CultureInfo.InvariantCulture, $"{"Total memory:",-19}{TotalMemory,10} bytes (100%)");
        yield return "";
        yield return "Virtual platform memory";
        yield return "-----------------------";
        yield return string.Create(CultureInfo.InvariantCulture, $"Provisioned       {AsaPersona.MemoryMb,4} MB");
        yield return string.Create(CultureInfo.InvariantCulture, $"Allowed           {AsaPersona.MemoryMb,4} MB");
        yield return "Status            Compliant";
    }

    /// <summary>
    /// The ASAv's one inventory entry [S: an ASAv 9.15(1)1 <c>show inventory</c> as genieparser parsed it;
    /// the line layout, PID padded to 18 and VID to 8, from ASA 5500-X captures in ntc-templates].
    /// </summary>
    public static IEnumerable<string> Inventory()
    {
        yield return $"Name: \"Chassis\", DESCR: \"{AsaPersona.ChassisDescription}\"";
        yield return $"PID: {AsaPersona.Platform,-18}, VID: {"V01",-8}, SN: {AsaPersona.SerialNumber}";
        yield return "";
    }

    /// <summary>A <c>disk0:</c> listing [M]: the system image, the saved startup-config and the files copied there.</summary>
    public static IEnumerable<string> Dir(Appliance appliance)
    {
        yield return "Directory of disk0:/";
        yield return "";
        yield return Entry(11, ImageSize, appliance.BootedAt, AsaPersona.ImageFile[(AsaPersona.ImageFile.IndexOf(':') + 2)..]);
        if (appliance.Store.LoadStartup() is { } text)
        {
            var when = appliance.Store is FileConfigStore f && File.Exists(f.StartupPath)
                ? new DateTimeOffset(File.GetLastWriteTimeUtc(f.StartupPath), TimeSpan.Zero)
                : appliance.BootedAt;
            yield return Entry(12, System.Text.Encoding.UTF8.GetByteCount(text), when, FileConfigStore.FileName);
        }
        // Files copied to disk0: (copy /pcap capture:...), beside the startup-config.
        if (appliance.Store is FileConfigStore store && Directory.Exists(store.Directory))
            foreach (var (file, inode) in new DirectoryInfo(store.Directory).GetFiles()
                .Where(f => f.Name != FileConfigStore.FileName && !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal).Select((f, i) => (f, 13 + i)))
                yield return Entry(inode, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), file.Name);
        yield return "";
        // 9.x adds the percentage [S: ntc-templates cisco_asa_dir2, 9.9(2)]; Ansible's facts need it.
        yield return string.Create(CultureInfo.InvariantCulture, $"{DiskTotal} bytes total ({DiskFree} bytes free/{DiskFree * 100 / DiskTotal}% free)");
    }

    private static string Entry(int inode, long size, DateTimeOffset when, string name) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{inode,-7}-rwx  {size,-12} {when.UtcDateTime.ToString("HH:mm:ss MMM dd yyyy", CultureInfo.InvariantCulture)}  {name}");
}
