using System.Globalization;
using System.Net;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Ending VPN sessions by hand (reference §2.6): <c>clear crypto isakmp|ikev1 sa [PEER]</c>,
/// <c>clear crypto ipsec sa [peer PEER]</c>, <c>vpn-sessiondb logoff name USER|ipaddress IP|tunnel-group
/// NAME|index N|all|remote|l2l [noconfirm]</c>.
/// The sessions end with DELETE messages to the peers and <c>Reason: Administrator Reset</c>.
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
        await ike.ClearAsync(sa => peer is null || sa.Peer.Address.Equals(IPAddress.Parse(peer.Value.ToString())), ipsecOnly);
    }

    /// <summary>
    /// Which sessions a <c>logoff</c> ends, and the INFO line that counts them [M: the wording of the
    /// ipaddress, tunnel-group, index and type forms, after the <c>name</c> and <c>all</c> ones].
    /// </summary>
    private static (Func<IkeSa, bool> Which, Func<int, string> Info) Selection(ExecContext c)
    {
        static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
        if (c.Args.OptStr("user") is { } user)
            return (sa => sa.Username == user, n => $"INFO: Number of sessions with name \"{user}\" logged off : {Count(n)}");
        if (c.Args.OptIp("ip") is { } ip)
            return (sa => sa.AssignedAddress == ip || sa.Peer.Address.ToString() == ip.ToString(),
                n => $"INFO: Number of sessions with IP address of {ip} logged off : {Count(n)}");
        if (c.Args.OptStr("group") is { } group)
            return (sa => sa.TunnelGroup == group, n => $"INFO: Number of sessions from TunnelGroup \"{group}\" logged off : {Count(n)}");
        if (c.Args.OptNum("index") is { } index)
        {
            // The index of show vpn-sessiondb: the session's place among the established ones, read now.
            var target = ShowCryptoCommands.EstablishedSessions(ShowCryptoCommands.Status(c)).FirstOrDefault(s => s.Index == index).Sa;
            return (sa => target is not null && sa.CookieI == target.CookieI,
                n => $"INFO: Number of sessions with index \"{Count(index)}\" logged off : {Count(n)}");
        }
        var type = c.Args.Str("type");
        // AsaEmu's sessions are all remote access: l2l ends none.
        return (sa => type != "l2l", n => $"INFO: Number of sessions of type \"{type}\" logged off : {Count(n)}");
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
        var (which, info) = Selection(c);
        var count = c.Appliance.Ike is { } ike ? await ike.ClearAsync(which) : 0;
        c.WriteLine(info(count));
    }
}
