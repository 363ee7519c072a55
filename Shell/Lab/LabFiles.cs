using System.Runtime.InteropServices;

namespace AsaEmu.Shell.Lab;

/// <summary>
/// The lab's runtime files under one directory: the ASA config, the vpnc profile and script
/// wrapper (both made from resources, so the lab needs nothing from the source tree), vpnc's log,
/// what its script was given, the appliance's data directory and vpnc's private /run.
/// </summary>
public sealed class LabFiles(string directory)
{
    public string Directory { get; } = directory;
    public string Config => Path.Combine(Directory, "asa.cfg");
    public string VpncProfile => Path.Combine(Directory, "vpnc.conf");
    public string VpncScript => Path.Combine(Directory, "vpnc-script-wrapper");
    public string VpncLog => Path.Combine(Directory, "vpnc.log");
    public string ScriptEnvironment => Path.Combine(Directory, "vpnc-script-env.log");
    public string VpncRun => Path.Combine(Directory, "vpnc-run");
    public string Data => Path.Combine(Directory, "data");
    /// <summary>Site B of the l2l scenario: its config, its log (syslog and debug), its data directory.</summary>
    public string PeerConfig => Path.Combine(Directory, "site-b.cfg");
    public string PeerLog => Path.Combine(Directory, "site-b.log");
    public string PeerData => Path.Combine(Directory, "site-b-data");

    /// <summary>The lab's ASA config as shipped, before a scenario changes it.</summary>
    public static string BaseConfig => Resource("AsaEmu.Shell.Lab.lab-config.txt");

    /// <summary>
    /// Writes the lab's files into a directory made afresh, readable by root only: it sits under
    /// /tmp, where any user could have put a directory or a link of their own at that name, and root
    /// runs the vpnc script it holds. mkdir(2) refuses a name that exists in any form; Directory.CreateDirectory
    /// would accept someone else's directory silently.
    /// </summary>
    public void Write(LabScenario scenario)
    {
        if (mkdir(Directory, PrivateDirectoryMode) != 0)
            throw new LabException($"cannot make {Directory} (errno {Marshal.GetLastPInvokeError()}); if another user made it, remove it and try again");
        System.IO.Directory.CreateDirectory(VpncRun);
        System.IO.Directory.CreateDirectory(Data);
        var config = BaseConfig;
        if (scenario.ConfigLines.Count > 0)
            config = config.TrimEnd('\n') + "\n! scenario " + scenario.Name + "\n" + string.Join('\n', scenario.ConfigLines) + "\n";
        File.WriteAllText(Config, config);
        File.WriteAllText(VpncProfile, scenario.VpncProfile());
        File.WriteAllText(VpncScript, Resource("AsaEmu.Shell.Lab.vpnc-script-wrapper"));
        File.WriteAllText(VpncLog, "");
        File.WriteAllText(ScriptEnvironment, "");
        if (!scenario.Site) return;
        System.IO.Directory.CreateDirectory(PeerData);
        File.WriteAllText(PeerConfig, LabPeerAsa.Config());
    }

    public void Delete()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException) { }
    }

    /// <summary>rwx for the owner only (0700).</summary>
    private const uint PrivateDirectoryMode = 0x1C0;

    [DllImport("libc", SetLastError = true)]
    private static extern int mkdir(string path, uint mode);

    private static string Resource(string name)
    {
        using var stream = typeof(LabFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
