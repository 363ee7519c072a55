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

    /// <summary>
    /// Starts a second vpnc beside the first, from <see cref="SecondAddress.Address"/> (which the caller added
    /// with a <see cref="SecondAddress"/>) with its own tun device and state directory (<paramref name="state"/>).
    /// </summary>
    public static Process LoginSecond(this HubSession hub, string group, string user, string password, out string state,
        IReadOnlyDictionary<string, string>? knobs = null, StringBuilder? output = null)
    {
        state = Path.Combine(hub.State, "second");
        var all = new Dictionary<string, string>(knobs ?? new Dictionary<string, string>());
        all["VPNC_EXTRA"] = $"--local-addr {SecondAddress.Address} --ifname tun1{(all.TryGetValue("VPNC_EXTRA", out var extra) ? " " + extra : "")}";
        return hub.Login(group, user, password, all, output, state);
    }

    /// <summary>
    /// The address of a second client beside the first (198.18.0.2) on netns cli's link to the hub, for as long as
    /// the test needs it: added here (a leftover from another test fails the add), removed on dispose.
    /// </summary>
    public sealed class SecondAddress : IDisposable
    {
        public const string Address = "198.18.0.3";

        public SecondAddress()
        {
            var (code, output) = Probe.InNetns("cli", "ip", "addr", "add", $"{Address}/24", "dev", "cli-hub");
            Assert.True(code == 0, $"cannot add {Address} in netns cli: {output}");
        }

        public void Dispose() => Probe.InNetns("cli", "ip", "addr", "del", $"{Address}/24", "dev", "cli-hub");
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
