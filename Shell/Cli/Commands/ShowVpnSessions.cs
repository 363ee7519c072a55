using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show vpn-sessiondb</c> in its forms: the summary (no keyword, or <c>summary</c>), the remote-access
/// sessions (<c>remote</c>, <c>ra-ikev1-ipsec</c>) with <c>filter name|ipaddress|tunnel-group</c>,
/// one session by <c>index N</c>, the LAN-to-LAN sessions (<c>l2l</c>, <see cref="LanToLanSessions"/>) and <c>license-summary</c>.
/// </summary>
public sealed class ShowVpnSessionCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["vpn-sessiondb"] = "Show VPN Session information",
        ["summary"] = "Show a summary of the VPN sessions",
        ["detail"] = "Show detailed information",
        ["remote"] = "Show IPsec remote access sessions",
        ["ra-ikev1-ipsec"] = "Show IKEv1 IPsec remote access sessions",
        ["l2l"] = "Show LAN-to-LAN sessions",
        ["index"] = "Show the session with this index",
        ["filter"] = "Show only the sessions that match",
        ["name"] = "Sessions of a user",
        ["ipaddress"] = "Sessions with this assigned or public address",
        ["tunnel-group"] = "Sessions of a tunnel group",
        ["license-summary"] = "Show VPN license usage",
    };

    private const string FilterSyntax = "[filter (name <word:user>|ipaddress <ip:ip>|tunnel-group <word:group>)]";

    public void Register(ExecGrammar g)
    {
        const ExecScope scope = ExecScope.Privileged | ExecScope.Config;
        g.Add(scope, "show vpn-sessiondb [summary]", c => Write(c, Summary(VpnTally.Of(c.Appliance).Read(ShowCryptoCommands.Status(c), c.Appliance.Config))), help: Help);
        g.Add(scope, $"show vpn-sessiondb [detail] (remote|ra-ikev1-ipsec) {FilterSyntax}",
            c => Write(c, Sessions(c, (sa, i) => !ShowCryptoCommands.IsLanToLan(c.Appliance.Config, sa) && Matches(c)(sa, i))), help: Help);
        g.Add(scope, "show vpn-sessiondb [detail] index <1-2147483647:index>", c => Write(c, Index(c)), help: Help);
        g.Add(scope, $"show vpn-sessiondb [detail] l2l {FilterSyntax}", c => Write(c, LanToLan(c, Filter(c))), help: Help);
        g.Add(scope, "show vpn-sessiondb license-summary", c => Write(c, LicenseSummary(VpnTally.Of(c.Appliance).Read(ShowCryptoCommands.Status(c), c.Appliance.Config))), help: Help);
    }

    private static Task Write(ExecContext c, IEnumerable<string> lines)
    {
        c.WriteLines(lines);
        return Task.CompletedTask;
    }

    private static IEnumerable<string> Sessions(ExecContext c, Func<IkeSaView, int, bool> keep) =>
        ShowCryptoCommands.Sessions(ShowCryptoCommands.Status(c), c.Appliance.Config, c.Args.Has("detail"), ShowCryptoCommands.Counters(c),
            c.Appliance.Clock.Now, keep);

    private static IEnumerable<string> LanToLan(ExecContext c, SessionFilter filter) =>
        LanToLanSessions.Render(ShowCryptoCommands.Status(c), c.Appliance.Config, c.Args.Has("detail"), ShowCryptoCommands.Counters(c),
            c.Appliance.Clock.Now, filter);

    /// <summary><c>index N</c>: the session with that index, in the layout of its kind (LAN-to-LAN, IKEv1's or IKEv2's, or remote access).</summary>
    private static IEnumerable<string> Index(ExecContext c)
    {
        var index = c.Args.Num("index");
        var status = ShowCryptoCommands.Status(c);
        var session = ShowCryptoCommands.EstablishedSessions(status).FirstOrDefault(s => s.Index == index).Sa;
        var site = session is not null ? ShowCryptoCommands.IsLanToLan(c.Appliance.Config, session) : Ikev2Sessions.Indexed(status).Any(s => s.Index == index);
        return site ? LanToLan(c, new SessionFilter(Index: index)) : Sessions(c, (_, i) => i == index);
    }

    /// <summary>The <c>filter</c> of the command line (every session without one).</summary>
    private static SessionFilter Filter(ExecContext c) => new(c.Args.OptStr("user"), c.Args.OptIp("ip"), c.Args.OptStr("group"));

    private static Func<IkeSaView, int, bool> Matches(ExecContext c)
    {
        var filter = Filter(c);
        return (sa, i) => filter.Keeps(sa, i, site: false);
    }

    /// <summary>A session has an address when the client was assigned it or comes from it.</summary>
    public static bool Matches(IkeSaView sa, Ipv4 address) => sa.AssignedAddress == address || sa.Peer == address.ToString();

    private static string N(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private const string Rule = "---------------------------------------------------------------------------";

    /// <summary>
    /// The 9.x summary [S: genieparser ShowVPNSessionDBSummary golden_output (an IKEv1 IPsec row),
    /// golden_output_2 (a Site-to-Site VPN row, its protocol indented under it, no Inactive column) and
    /// ntc-templates cisco_asa_show_vpn-sessiondb2 (the Tunnels Summary of IKEv1, IPsec, IPsecOverNatT)]:
    /// active, cumulative and peak sessions, remote access and sites apart, the device capacity (250 on
    /// an ASAv10) and load. The remote-access peak is the overall peak less the sites' [M: an approximation].
    /// </summary>
    public static IEnumerable<string> Summary(VpnTally.Counts n)
    {
        const int capacity = 250;
        yield return Rule;
        yield return "VPN Session Summary";
        yield return Rule;
        yield return "                               Active : Cumulative : Peak Concur : Inactive";
        yield return "                             ----------------------------------------------";
        // Each kind with sessions since boot has its row; remote access's alone also with none. Every IKEv2 session is a site's.
        var (sites, remoteCumulative) = (n.Sites, n.Cumulative - n.Sites.Cumulative);
        if (remoteCumulative > 0 || sites.Cumulative == 0)
            yield return N($"{"IKEv1 IPsec/L2TP IPsec",-29}: {n.Active - sites.Active,6} : {remoteCumulative,10} : {Math.Max(n.Ikev1.Peak - n.Ikev1Sites.Peak, n.Active - sites.Active),11}");
        if (sites.Cumulative > 0)
        {
            yield return N($"{"Site-to-Site VPN",-29}: {sites.Active,6} : {sites.Cumulative,10} : {sites.Peak,11}");
            // [S: genieparser golden_output_2, an IKEv2 IPsec row under Site-to-Site VPN]; IKEv2's before IKEv1's [M].
            if (n.Ikev2.Cumulative > 0) yield return N($"{"  IKEv2 IPsec",-29}: {n.Ikev2.Active,6} : {n.Ikev2.Cumulative,10} : {n.Ikev2.Peak,11}");
            var v1 = n.Ikev1Sites;
            if (v1.Cumulative > 0) yield return N($"{"  IKEv1 IPsec",-29}: {v1.Active,6} : {v1.Cumulative,10} : {v1.Peak,11}");
        }
        yield return Rule;
        yield return N($"{"Total Active and Inactive",-29}: {n.Active,6}             Total Cumulative : {n.Cumulative,6}");
        yield return N($"{"Device Total VPN Capacity",-29}: {capacity,6}");
        yield return N($"{"Device Load",-29}: {(n.Active * 100 + capacity / 2) / capacity,5}%");
        yield return Rule;
        yield return Rule;
        yield return "Tunnels Summary";
        yield return Rule;
        yield return "                               Active : Cumulative : Peak Concurrent";
        yield return "                             ----------------------------------------------";
        var tunnels = n.Active + n.TunnelCount;
        if (tunnels > 0 || n.Cumulative > 0)
        {
            // An IKE version's row once it had sessions [M for IKEv2's, after IKEv1's].
            if (n.Ikev1.Cumulative > 0 || n.Ikev2.Cumulative == 0) yield return N($"{"IKEv1",-29}: {n.Ikev1.Active,6} : {n.Ikev1.Cumulative,10} : {n.Ikev1.Peak,15}");
            if (n.Ikev2.Cumulative > 0) yield return N($"{"IKEv2",-29}: {n.Ikev2.Active,6} : {n.Ikev2.Cumulative,10} : {n.Ikev2.Peak,15}");
            foreach (var (protocol, count) in n.Tunnels) yield return N($"{protocol,-29}: {count,6} : {count,10} : {count,15}");
        }
        yield return Rule;
        yield return N($"{"Totals",-29}: {tunnels,6} : {n.Cumulative + n.TunnelCount,10}");
        yield return Rule;
    }

    /// <summary>
    /// The licences and their use [M: the layout from memory of 9.x output; no public capture was
    /// found]: an ASAv10's 250 peers, every EzVPN session counting as Other VPN.
    /// </summary>
    public static IEnumerable<string> LicenseSummary(VpnTally.Counts n)
    {
        yield return Rule;
        yield return "VPN Licenses and Configured Limits Summary";
        yield return Rule;
        yield return "                                       Status : Capacity : Installed :  Limit";
        yield return "                                       -----------------------------------------";
        yield return "AnyConnect Premium               :  ENABLED :      250 :       250 :    NONE";
        yield return "Other VPN (Available by Default) :  ENABLED :      250 :       250 :    NONE";
        yield return "AnyConnect for Mobile            : DISABLED(Requires Premium or Essentials)";
        yield return "Advanced Endpoint Assessment     : DISABLED(Requires Premium)";
        yield return "AnyConnect for Cisco VPN Phone   : DISABLED";
        yield return "VPN-3DES-AES                     :  ENABLED";
        yield return "VPN-DES                          :  ENABLED";
        yield return Rule;
        yield return "";
        yield return Rule;
        yield return "VPN Licenses Usage Summary";
        yield return Rule;
        yield return "                        Local : Shared :      All  :    Peak : Eff.  :";
        yield return "                       In Use : In Use :   In Use :  In Use : Limit : Usage";
        yield return "                       ----------------------------------------------------";
        yield return "AnyConnect Premium    :      0 :      0 :        0 :       0 :   250 :   0%";
        yield return N($"Other VPN             : {n.Active,6} :        : {n.Active,8} : {n.Peak,7} : {250,5} : {(n.Active * 100 + 125) / 250,3}%");
        if (n.Ikev1.Cumulative > 0 || n.Ikev2.Cumulative == 0) yield return N($"  IKEv1 IPsec         : {n.Ikev1.Active,6} :        : {n.Ikev1.Active,8} : {n.Ikev1.Peak,7}");
        if (n.Ikev2.Cumulative > 0) yield return N($"  IKEv2 IPsec         : {n.Ikev2.Active,6} :        : {n.Ikev2.Active,8} : {n.Ikev2.Peak,7}");
        yield return Rule;
    }
}
