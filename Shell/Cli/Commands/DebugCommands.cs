using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The debug switches (reference §2.1): <c>debug crypto ikev1|isakmp [1-255]</c> (default level 1),
/// <c>debug crypto ipsec [1-255]</c>, their <c>no</c> and <c>undebug</c> forms, <c>undebug all</c>,
/// <c>no debug all</c> (all silent), <c>show debug</c>, and where the output goes:
/// <c>terminal monitor</c> / <c>terminal no monitor</c> for SSH and telnet sessions.
/// </summary>
public sealed class DebugCommands : IExecArea
{
    public const int DefaultLevel = 1;

    private static readonly Dictionary<string, string> Help = new()
    {
        ["debug"] = "Use the command debug to enable debugging",
        ["undebug"] = "Disable debugging functions (see also 'debug')",
        ["crypto"] = "Debug crypto",
        ["isakmp"] = "Debug ISAKMP (IKEv1)",
        ["ikev1"] = "Debug IKEv1",
        ["ipsec"] = "Debug IPsec",
        ["ikev2"] = "Debug IKEv2",
        ["protocol"] = "IKEv2 protocol debugging",
        ["platform"] = "IKEv2 platform debugging",
        ["level"] = "Debug level (1-255), 1 when omitted",
        ["all"] = "All debugging",
        ["monitor"] = "Copy debug output to the current terminal line",
        ["explain"] = "AsaEmu: follow debug lines with the config lines that decided them",
        ["no"] = "Negate a command",
        ["condition"] = "Filter the crypto debug output by peer, user or group",
        ["peer"] = "Peer IP address",
        ["user"] = "User name",
        ["group"] = "Tunnel group name",
        ["reset"] = "Remove every condition",
        ["debug-condition"] = "Show the crypto debug conditions",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "debug crypto (isakmp|ikev1|ipsec):feature [<1-255:level>]", SetDebug,
            noPrefix: 3, noHandler: ClearDebug, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug crypto (isakmp|ikev1|ipsec):feature [<1-255:level>]", ClearDebug, help: Help);
        // IKEv2: the protocol lines; platform is accepted and shows the same [M].
        g.Add(ExecScope.PrivilegedAndConfig, "debug crypto ikev2 (protocol|platform):part [<1-255:level>]",
            c => { c.Appliance.Events.SetDebug(DebugFeature.Ikev2, (int)(c.Args.OptNum("level") ?? DefaultLevel)); return Task.CompletedTask; },
            noPrefix: 3, noHandler: c => { c.Appliance.Events.SetDebug(DebugFeature.Ikev2, 0); return Task.CompletedTask; }, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug crypto ikev2 (protocol|platform):part [<1-255:level>]",
            c => { c.Appliance.Events.SetDebug(DebugFeature.Ikev2, 0); return Task.CompletedTask; }, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "debug crypto explain", c => Explain(c, true), noPrefix: 3, noHandler: c => Explain(c, false), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug crypto explain", c => Explain(c, false), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "debug crypto condition (peer <ip:peer>|user <word:user>|group <word:group>)", c => Condition(c, add: true),
            noPrefix: 3, noHandler: c => Condition(c, add: false), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "debug crypto condition reset", ClearConditions, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug crypto condition (peer <ip:peer>|user <word:user>|group <word:group>)", c => Condition(c, add: false), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug crypto condition", ClearConditions, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show crypto debug-condition", c => { c.WriteLines(ConditionLines(c.Appliance.Events.Conditions.Current)); return Task.CompletedTask; },
            help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "debug all", _ => Task.CompletedTask, noPrefix: 2, noHandler: AllOff, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug all", AllOff, help: Help);
        g.Add(ExecScope.Everywhere, "show debug", ShowDebug, help: Help);
        // Debug and syslog output carry what only an administrator may read: terminal monitor is
        // a privileged EXEC command (level 15 by default under command authorization); at the
        // user EXEC prompt it gets the caret, as a command above the level is not there [M].
        g.Add(ExecScope.PrivilegedAndConfig, "terminal monitor", c => Monitor(c, true), noPrefix: 2, noHandler: c => Monitor(c, false), help: Help);
        g.Add(ExecScope.Everywhere, "terminal no monitor", c => Monitor(c, false), help: Help);
    }

    public static DebugFeature FeatureOf(string word) => word == "ipsec" ? DebugFeature.Ipsec : DebugFeature.Ikev1;

    private static Task SetDebug(ExecContext c)
    {
        c.Appliance.Events.SetDebug(FeatureOf(c.Args.Str("feature")), (int)(c.Args.OptNum("level") ?? DefaultLevel));
        return Task.CompletedTask;
    }

    private static Task ClearDebug(ExecContext c)
    {
        c.Appliance.Events.SetDebug(FeatureOf(c.Args.Str("feature")), 0);
        return Task.CompletedTask;
    }

    private static Task AllOff(ExecContext c)
    {
        c.Appliance.Events.DebugOff();
        return Task.CompletedTask;
    }

    /// <summary>Adds or removes the condition of the line; <c>no debug crypto condition</c> alone removes them all.</summary>
    private static Task Condition(ExecContext c, bool add)
    {
        var conditions = c.Appliance.Events.Conditions;
        if (!add && !c.Args.Has("peer") && !c.Args.Has("user") && !c.Args.Has("group")) conditions.Clear();
        else if (c.Args.OptIp("peer") is { } peer)
        {
            if (add) conditions.AddPeer(peer); else conditions.RemovePeer(peer);
        }
        else if (c.Args.OptStr("user") is { } user)
        {
            if (add) conditions.AddUser(user); else conditions.RemoveUser(user);
        }
        else if (c.Args.OptStr("group") is { } group)
        {
            if (add) conditions.AddGroup(group); else conditions.RemoveGroup(group);
        }
        return Task.CompletedTask;
    }

    private static Task ClearConditions(ExecContext c)
    {
        c.Appliance.Events.Conditions.Clear();
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>show crypto debug-condition</c> [M: the ASA's wording from memory]: whether filtering is on,
    /// then each kind of filter with its values (peers as <c>ADDR/32</c>).
    /// </summary>
    public static IEnumerable<string> ConditionLines(DebugConditions.Set s)
    {
        if (s.IsEmpty)
        {
            yield return "Crypto conditional debug is turned OFF";
            yield break;
        }
        yield return "Crypto conditional debug is turned ON";
        if (!s.Peers.IsEmpty)
        {
            yield return "IKE peer IP address filters:";
            foreach (var p in s.Peers) yield return $"{p}/32 ";
        }
        if (!s.Users.IsEmpty)
        {
            yield return "IKE user name filters:";
            foreach (var u in s.Users) yield return u;
        }
        if (!s.Groups.IsEmpty)
        {
            yield return "IKE group name filters:";
            foreach (var g in s.Groups) yield return g;
        }
    }

    /// <summary>AsaEmu's extension: debug lines name the config lines that decided them.</summary>
    private static Task Explain(ExecContext c, bool on)
    {
        c.Appliance.Events.Explain = on;
        return Task.CompletedTask;
    }

    private static Task Monitor(ExecContext c, bool on)
    {
        SessionState.Of(c.Session).Monitor = on;
        return Task.CompletedTask;
    }

    /// <summary><c>debug crypto ikev1 enabled at level 127</c>, one line per feature that is on; nothing when none is.</summary>
    public static IEnumerable<string> DebugLines(EventBus bus)
    {
        foreach (var (feature, name) in new[] { (DebugFeature.Ikev1, "ikev1"), (DebugFeature.Ikev2, "ikev2 protocol"), (DebugFeature.Ipsec, "ipsec") })
            if (bus.DebugLevel(feature) is var level and > 0)
                yield return $"debug crypto {name} enabled at level {level}";
        if (AaaServerExecCommands.DebugLine(bus) is { } radius) yield return radius;
        if (bus.Explain) yield return "debug crypto explain enabled";
    }

    private static Task ShowDebug(ExecContext c)
    {
        c.WriteLines(DebugLines(c.Appliance.Events));
        return Task.CompletedTask;
    }
}
