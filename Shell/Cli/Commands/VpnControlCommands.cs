using System.Globalization;
using AsaEmu.ConfigModel.Model;
using System.Net;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Ending VPN sessions by hand (reference §2.6): <c>clear crypto isakmp|ikev1 sa [PEER]</c>,
/// <c>clear crypto ipsec sa [peer PEER]</c> (IKEv1's IPsec SAs and IKEv2's Child SAs), <c>vpn-sessiondb logoff name USER|ipaddress IP|tunnel-group
/// NAME|index N|all|remote|l2l [noconfirm]</c>.
/// The sessions end with DELETE messages to the peers and <c>Reason: Administrator Reset</c>. Without
/// <c>noconfirm</c> the ASA asks <c>Do you want to logoff the VPN session(s)? [confirm]</c> and Return logs off;
/// then one <c>INFO: Number of sessions ... logged off : N</c> line [S: public scripts written against real ASAs
/// wait for that prompt and answer Return (a tunnel reset helper), and read <c>INFO: Number of sessions with name
/// "U" logged off : 1</c> (an AnyConnect session killer)]; the wording of the other forms' INFO lines is [M].
/// </summary>
public sealed class VpnControlCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["clear"] = "Reset functions",
        ["crypto"] = "Clear crypto runtime information",
        ["isakmp"] = "Clear ISAKMP SAs",
        ["ikev1"] = "Clear IKEv1 SAs",
        ["ipsec"] = "Clear IPsec SAs",
        ["sa"] = "Clear security associations",
        ["peer"] = "Clear the SAs of one peer",
        ["vpn-sessiondb"] = "Manage VPN sessions",
        ["logoff"] = "Log off VPN sessions",
        ["name"] = "Log off the sessions of a user",
        ["all"] = "Log off every session",
        ["noconfirm"] = "Do not ask for confirmation",
        ["ipaddress"] = "Log off the sessions with this address",
        ["tunnel-group"] = "Log off the sessions of a tunnel group",
        ["index"] = "Log off the session with this index",
        ["remote"] = "Log off every remote access session",
        ["l2l"] = "Log off every LAN-to-LAN session",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Privileged | ExecScope.Config, "clear crypto (isakmp|ikev1) sa [<ip:peer>]", c => Clear(c, c.Args.OptIp("peer"), ipsecOnly: false), help: Help);
        g.Add(ExecScope.Privileged | ExecScope.Config, "clear crypto ipsec sa [peer <ip:peer>]", c => Clear(c, c.Args.OptIp("peer"), ipsecOnly: true), help: Help);
        g.Add(ExecScope.Privileged | ExecScope.Config,
            "vpn-sessiondb logoff (name <word:user>|ipaddress <ip:ip>|tunnel-group <word:group>|index <1-2147483647:index>|(all|remote|l2l):type) [noconfirm]",
            Logoff, help: Help);
    }

    private static async Task Clear(ExecContext c, ConfigModel.Model.Ipv4? peer, bool ipsecOnly)
    {
        if (c.Appliance.Ike is not { } ike) return;
        var address = peer is { } p ? IPAddress.Parse(p.ToString()) : null;
        await ike.ClearAsync(sa => address is null || sa.Peer.Address.Equals(address), ipsecOnly);
        // The IPsec SAs of IKEv2 sites too: their Child SAs go, the IKE SAs stay (clear crypto ikev2 sa ends those).
        if (ipsecOnly) await ike.ClearIkev2Async(sa => address is null || sa.Peer.Address.Equals(address), childSasOnly: true);
    }

    /// <summary>
    /// Which sessions a <c>logoff</c> ends, IKEv1's and IKEv2's, and the INFO line that counts them [M: the wording of
    /// the ipaddress, tunnel-group, index and type forms, after the <c>name</c> and <c>all</c> ones]. A LAN-to-LAN
    /// session's name is its peer's address, as <c>show vpn-sessiondb l2l</c> lists it (<see cref="SessionFilter"/>) [M];
    /// every IKEv2 session is a site's. <paramref name="status"/> gives the session indices (<c>index N</c>) as
    /// <c>show vpn-sessiondb</c> numbers them.
    /// </summary>
    /// <param name="config">Says which sessions are LAN-to-LAN (their tunnel-group's type), for <c>remote</c> and <c>l2l</c>.</param>
    public static (Func<IkeSa, bool> Which, Func<Ikev2Sa, bool> Ikev2, Func<int, string> Info) Selection(string? user, Ipv4? ip, string? group,
        long? index, string? type, Dataplane.Ike.IkeStatus status, AsaConfig config)
    {
        static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
        bool Site(IkeSa sa) => config.IsLanToLanGroup(sa.TunnelGroup);
        // An IKEv2 session is an IKE SA that is up; one a rekey replaced goes with its successor.
        Func<Ikev2Sa, bool> Ikev2(Func<Ikev2Sa, bool> which) => sa => sa.Established && !sa.Superseded && which(sa);
        if (user is not null)
            return (sa => sa.Username == user || Site(sa) && sa.Peer.Address.ToString() == user, Ikev2(sa => sa.Peer.Address.ToString() == user),
                n => $"INFO: Number of sessions with name \"{user}\" logged off : {Count(n)}");
        if (ip is { } address)
            return (sa => sa.AssignedAddress == address || sa.Peer.Address.ToString() == address.ToString(), Ikev2(sa => sa.Peer.Address.ToString() == address.ToString()),
                n => $"INFO: Number of sessions with IP address of {address} logged off : {Count(n)}");
        if (group is not null)
            return (sa => sa.TunnelGroup == group, Ikev2(sa => sa.TunnelGroup == group),
                n => $"INFO: Number of sessions from TunnelGroup \"{group}\" logged off : {Count(n)}");
        if (index is { } i)
        {
            var target = ShowCryptoCommands.EstablishedSessions(status).FirstOrDefault(s => s.Index == i).Sa;
            var target2 = Ikev2Sessions.Indexed(status).FirstOrDefault(s => s.Index == i).Sa;
            return (sa => target is not null && sa.CookieI == target.CookieI, Ikev2(sa => target2 is not null && sa.SpiI == target2.SpiI && sa.SpiR == target2.SpiR),
                n => $"INFO: Number of sessions with index \"{Count(i)}\" logged off : {Count(n)}");
        }
        return (sa => type switch { "l2l" => Site(sa), "remote" => !Site(sa), _ => true }, Ikev2(_ => type != "remote"),
            n => $"INFO: Number of sessions of type \"{type}\" logged off : {Count(n)}");
    }

    private static async Task Logoff(ExecContext c)
    {
        if (!c.Args.Has("noconfirm"))
        {
            c.Session.Write("Do you want to logoff the VPN session(s)? [confirm]");
            var answer = await c.Session.Terminal.ReadLineAsync(secret: false, c.Cancel);
            c.WriteLine();
            if (answer is null || answer.Trim().Length > 0 && !answer.Trim().StartsWith('y')) return;
        }
        var (which, ikev2, info) = Selection(c.Args.OptStr("user"), c.Args.OptIp("ip"), c.Args.OptStr("group"), c.Args.OptNum("index"),
            c.Args.OptStr("type"), ShowCryptoCommands.Status(c), c.Appliance.Config);
        var count = c.Appliance.Ike is { } ike ? await ike.ClearAsync(which) + await ike.ClearIkev2Async(ikev2) : 0;
        c.WriteLine(info(count));
    }
}
