using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// vpnc as another user or group than the kit's profile: a profile of this login's lines is given
/// before the kit's (vpnc takes the first value it reads), so the kit's file stays as it is.
/// </summary>
public static class VpncLogin
{
    private static int _count;

    /// <summary>Starts vpnc in netns cli as <paramref name="user"/> of tunnel-group <paramref name="group"/>; the caller stops it.</summary>
    /// <param name="knobs">The kit's knobs (NATT, DH, VPNC_EXTRA ...); VPNC_EXTRA is kept after the profile.</param>
    /// <param name="state">Another state directory for vpnc's pid file and script log (a second client beside the first).</param>
    public static Process Login(this HubSession hub, string group, string user, string password, IReadOnlyDictionary<string, string>? knobs = null,
        StringBuilder? output = null, string? state = null, string key = "cisco")
    {
        var profile = Path.Combine(hub.State, $"vpnc-login-{Interlocked.Increment(ref _count)}.conf");
        File.WriteAllText(profile, $"IPSec ID {group}\nIPSec secret {key}\nXauth username {user}\nXauth password {password}\n");
        var all = new Dictionary<string, string>(knobs ?? new Dictionary<string, string>());
        all["VPNC_EXTRA"] = $"{(all.TryGetValue("VPNC_EXTRA", out var extra) ? extra + " " : "")}{profile}";
        if (state is not null) all["EZH_STATE"] = state;
        if (File.Exists(ScriptLog(state ?? hub.State))) File.Delete(ScriptLog(state ?? hub.State));
        return hub.StartVpnc(all, output);
    }

    /// <summary>The kit's wrapper's log of what vpnc-script was given, under a state directory.</summary>
    public static string ScriptLog(string state) => Path.Combine(state, "cli-vpnc", "script-env.log");

    /// <summary>What vpnc-script was given under <paramref name="state"/>, or nothing yet.</summary>
    public static string ScriptEnvironment(string state) => File.Exists(ScriptLog(state)) ? File.ReadAllText(ScriptLog(state)) : "";

    /// <summary>
    /// Waits until vpnc has run its script with reason=connect (the tunnel is configured), or has exited.
    /// True when connected.
    /// </summary>
    public static bool Connected(HubSession hub, Process vpnc, string? state = null) =>
        Probe.WaitFor(() => ScriptEnvironment(state ?? hub.State).Contains("\nreason=connect\n") || vpnc.HasExited, TimeSpan.FromSeconds(30))
        && ScriptEnvironment(state ?? hub.State).Contains("\nreason=connect\n");
}
