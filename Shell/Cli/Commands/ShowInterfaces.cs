using System.Globalization;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show interface [NAME] [detail|summary|stats]</c> and <c>show ip address</c> of an ASAv
/// (virtio NICs), with the traffic AsaEmu counted (<see cref="TrafficView"/>) and the hardware
/// counters of an idle virtual NIC. Layout [S]: ntc-templates cisco_asa_show_interface1 (an ASAv,
/// tab-indented), genieparser ShowInterfaceDetail golden_output_4 (ASAv, the Control Point and
/// management lines), ShowInterfaceSummary golden_output_4 (the summary's few lines), and an ASAv
/// 9.7(1) lab transcript for <c>show ip address</c>.
/// </summary>
public sealed class ShowInterfaceCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["show"] = "Show running system information",
        ["interface"] = "Show interface status and information",
        ["detail"] = "Show detailed interface information",
        ["summary"] = "Show interface summary",
        ["stats"] = "Show interface statistics (the default)",
        ["name"] = "Interface name or nameif",
        ["ip"] = "Show IP information",
        ["address"] = "Show IP addresses of interfaces",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Everywhere, "show interface [(detail|summary|stats):view]", c => Show(c, null), help: Help);
        g.Add(ExecScope.Everywhere, "show interface <word:name> [(detail|summary|stats):view]", c => Show(c, c.Args.Str("name")), help: Help);
        g.Add(ExecScope.Everywhere, "show ip address [<word:name>]", ShowIpAddress, help: Help);
    }

    private static Task Show(ExecContext c, string? name)
    {
        var config = c.Appliance.Config;
        var interfaces = config.All<Interface>().ToList();
        if (name is not null)
        {
            var found = Find(config, name);
            if (found is null) return NotFound(c, name);
            interfaces = [found];
        }
        var view = c.Args.OptStr("view") ?? "stats";
        c.WriteLines(Lines(config, interfaces, view, TrafficView.Of(c.Appliance)));
        return Task.CompletedTask;
    }

    /// <summary>An interface by its hardware name (abbreviations expanded, <c>gig0/1</c>) or by its nameif.</summary>
    public static Interface? Find(AsaConfig config, string name) =>
        config.Get<Interface>(InterfaceCommands.Canonical(name))
        ?? config.All<Interface>().FirstOrDefault(i => string.Equals(i.Name, InterfaceCommands.Canonical(name), StringComparison.OrdinalIgnoreCase))
        ?? config.All<Interface>().FirstOrDefault(i => i.NameIf == name);

    /// <summary>A name no interface has: the caret under it, as the ASA's parser knows its interfaces.</summary>
    public static Task NotFound(ExecContext c, string name)
    {
        var typed = SessionState.Of(c.Session).History.LastOrDefault() ?? "";
        var column = typed.LastIndexOf(name, StringComparison.Ordinal);
        if (column >= 0) c.WriteLine(new string(' ', c.Session.Prompt.Length + column) + "^");
        c.WriteLine("ERROR: % Invalid input detected at '^' marker.");
        return Task.CompletedTask;
    }

    public static IEnumerable<string> Lines(AsaConfig config, IEnumerable<Interface> interfaces, string view, TrafficView traffic)
    {
        foreach (var i in interfaces)
        {
            var lines = view == "summary" ? Summary(config, i) : Full(config, i, detail: view == "detail", traffic);
            foreach (var line in lines) yield return line;
        }
    }

    // ---- the per-interface blocks ------------------------------------------------------------------

    /// <summary>ASAv vNICs keep their link up when shut: <c>administratively down, line protocol is up</c> [S].</summary>
    private static string Head(Interface i) =>
        $"Interface {i.Name} \"{i.NameIf ?? ""}\", is {(i.Shutdown ? "administratively down" : "up")}, line protocol is up";

    private static IEnumerable<string> Addressing(AsaConfig config, Interface i)
    {
        if (i.Description is { } description) yield return $"\tDescription: {description}";
        if (i.NameIf is null) yield return "\tAvailable but not configured via nameif";
        var mtu = i.NameIf is null ? "not set" : i.Mtu.ToString(CultureInfo.InvariantCulture);
        yield return $"\tMAC address {ShowVersion.MacOf(config, i.Name)}, MTU {mtu}";
        yield return i.Ip is { Learned: false } ip ? $"\tIP address {ip.Address}, subnet mask {ip.Mask}" : "\tIP address unassigned";
    }

    private static IEnumerable<string> Full(AsaConfig config, Interface i, bool detail, TrafficView view)
    {
        var t = i.NameIf is null || i.Shutdown ? InterfaceTraffic.None : view.For(config, i.NameIf);
        yield return Head(i);
        yield return "  Hardware is net_virtio, BW 1000 Mbps, DLY 10 usec";
        yield return "\tAuto-Duplex(Full-duplex), Auto-Speed(1000 Mbps)";
        yield return "\tInput flow control is unsupported, output flow control is unsupported";
        foreach (var line in Addressing(config, i)) yield return line;
        yield return N($"\t{t.PacketsIn} packets input, {t.BytesIn} bytes, 0 no buffer");
        yield return "\tReceived 0 broadcasts, 0 runts, 0 giants";
        yield return "\t0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort";
        yield return "\t0 pause input, 0 resume input";
        yield return "\t0 L2 decode drops";
        yield return N($"\t{t.PacketsOut} packets output, {t.BytesOut} bytes, 0 underruns");
        yield return "\t0 pause output, 0 resume output";
        yield return "\t0 output errors, 0 collisions, 0 interface resets";
        yield return "\t0 late collisions, 0 deferred";
        yield return "\t0 input reset drops, 0 output reset drops";
        yield return "\tinput queue (blocks free curr/low): hardware (0/0)";
        yield return "\toutput queue (blocks free curr/low): hardware (0/0)";
        if (i.NameIf is { } nameIf)
        {
            yield return $"  Traffic Statistics for \"{nameIf}\":";
            yield return N($"\t{t.PacketsIn} packets input, {t.BytesIn} bytes");
            yield return N($"\t{t.PacketsOut} packets output, {t.BytesOut} bytes");
            yield return N($"\t{t.Dropped} packets dropped");
            // The rates are averages AsaEmu does not keep: an idle interface's [M for a busy one].
            foreach (var minutes in new[] { 1, 5 })
            {
                yield return $"      {minutes} minute input rate 0 pkts/sec,  0 bytes/sec";
                yield return $"      {minutes} minute output rate 0 pkts/sec,  0 bytes/sec";
                yield return $"      {minutes} minute drop rate, 0 pkts/sec";
            }
            if (i.ManagementOnly)
            {
                yield return "\tManagement-only interface. Blocked 0 through-the-device packets";
                if (detail)
                {
                    yield return "\t\t0 IPv4 packets originated from management network";
                    yield return "\t\t0 IPv4 packets destined to management network";
                    yield return "\t\t0 IPv6 packets originated from management network";
                    yield return "\t\t0 IPv6 packets destined to management network";
                }
            }
        }
        if (!detail) yield break;
        yield return "  Control Point Interface States:";
        yield return N($"\tInterface number is {ShowVersion.HardwareOrder(config).First(p => p.Interface.Name == i.Name).Index + 2}");
        yield return "\tInterface config status is active";
        yield return $"\tInterface state is {(i.NameIf is not null && !i.Shutdown ? "active" : "not active")}";
    }

    /// <summary><c>show interface summary</c>: the head, description, MAC/MTU and address lines [S: genieparser golden_output_4].</summary>
    private static IEnumerable<string> Summary(AsaConfig config, Interface i)
    {
        yield return Head(i);
        foreach (var line in Addressing(config, i)) yield return line;
        if (i.ManagementOnly && i.NameIf is not null) yield return "\tManagement-only interface. Blocked 0 through-the-device packets";
    }

    // ---- show ip address ---------------------------------------------------------------------------

    /// <summary>
    /// The named interfaces with an address, twice: as configured (System) and as in use (Current);
    /// columns 25, 23, 16, 16 [S: ASAv 9.7(1) lab transcript]. The method is <c>CONFIG</c> for an
    /// address from the boot config, <c>manual</c> for one typed since (as IOS counts them), <c>DHCP</c> when learned.
    /// </summary>
    private static Task ShowIpAddress(ExecContext c)
    {
        var config = c.Appliance.Config;
        var interfaces = config.All<Interface>().Where(i => i.NameIf is not null && i.Ip is not null).ToList();
        if (c.Args.OptStr("name") is { } name)
        {
            if (Find(config, name) is not { } one) return NotFound(c, name);
            interfaces = [.. interfaces.Where(i => i.Name == one.Name)];
        }
        c.WriteLines(IpAddress(config, interfaces, c.Appliance.BootConfig));
        return Task.CompletedTask;
    }

    public static IEnumerable<string> IpAddress(AsaConfig config, IReadOnlyList<Interface> interfaces, AsaConfig boot)
    {
        foreach (var title in new[] { "System IP Addresses:", "Current IP Addresses:" })
        {
            yield return title;
            yield return $"{"Interface",-25}{"Name",-23}{"IP address",-16}{"Subnet mask",-16}Method";
            foreach (var i in interfaces)
            {
                var ip = i.Ip!;
                var address = ip.Learned ? "0.0.0.0" : ip.Address.ToString();
                var mask = ip.Learned ? "0.0.0.0" : ip.Mask.ToString();
                yield return $"{i.Name,-25}{i.NameIf,-23}{address,-16}{mask,-16}{Method(i, boot)}";
            }
        }
    }

    /// <summary><c>CONFIG</c> (from the boot config), <c>manual</c> (typed since), <c>DHCP</c>/<c>PPPoE</c> (learned), <c>unset</c>.</summary>
    public static string Method(Interface i, AsaConfig boot) => i.Ip switch
    {
        null => "unset",
        { Learned: true, Pppoe: true } => "PPPoE",
        { Learned: true } => "DHCP",
        var ip when boot.Get<Interface>(i.Name)?.Ip == ip => "CONFIG",
        _ => "manual",
    };

    private static string N(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
