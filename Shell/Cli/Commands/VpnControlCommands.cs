using System.Globalization;
using System.Net;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// Ending VPN sessions by hand (reference §2.6): <c>clear crypto isakmp|ikev1 sa [PEER]</c>,
/// <c>clear crypto ipsec sa [peer PEER]</c>, <c>vpn-sessiondb logoff name USER|all [noconfirm]</c>.
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
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Privileged | ExecScope.Config, "clear crypto (isakmp|ikev1) sa [<ip:peer>]", c => Clear(c, c.Args.OptIp("peer"), ipsecOnly: false), help: Help);
        g.Add(ExecScope.Privileged | ExecScope.Config, "clear crypto ipsec sa [peer <ip:peer>]", c => Clear(c, c.Args.OptIp("peer"), ipsecOnly: true), help: Help);
        g.Add(ExecScope.Privileged | ExecScope.Config, "vpn-sessiondb logoff (name <word:user>|all) [noconfirm]", Logoff, help: Help);
    }

    private static async Task Clear(ExecContext c, ConfigModel.Model.Ipv4? peer, bool ipsecOnly)
    {
        if (c.Appliance.Ike is not { } ike) return;
        await ike.ClearAsync(sa => peer is null || sa.Peer.Address.Equals(IPAddress.Parse(peer.Value.ToString())), ipsecOnly);
    }

    private static async Task Logoff(ExecContext c)
    {
        var user = c.Args.OptStr("user");
        if (!c.Args.Has("noconfirm"))
        {
            c.Session.Write("Do you want to logoff the VPN session(s)? [confirm]");
            var answer = await c.Session.Terminal.ReadLineAsync(secret: false, c.Cancel);
            c.WriteLine();
            if (answer is null || answer.Trim().Length > 0 && !answer.Trim().StartsWith('y')) return;
        }
        var count = c.Appliance.Ike is { } ike ? await ike.ClearAsync(sa => user is null || sa.Username == user) : 0;
        c.WriteLine(user is null
            ? $"INFO: Number of sessions of type \"all\" logged off : {count.ToString(CultureInfo.InvariantCulture)}"
            : $"INFO: Number of sessions with name \"{user}\" logged off : {count.ToString(CultureInfo.InvariantCulture)}");
    }
}
