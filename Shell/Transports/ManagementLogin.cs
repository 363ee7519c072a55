using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Transports;

/// <summary>
/// The 605005 (permitted) and 605004 (denied) syslog messages of an SSH or telnet login, naming the
/// interface the client reached: <c>Login permitted from 198.51.100.7/51234 to outside:203.0.113.1/ssh for user "admin"</c>.
/// </summary>
internal static class ManagementLogin
{
    /// <summary>
    /// The interface named when the listener's address is on none of the config's interfaces: the
    /// host-side listener of <c>--ssh</c>/<c>--telnet</c> (127.0.0.1 by default), AsaEmu's
    /// out-of-band management port, as a <c>Management0/0</c> would be on an ASA.
    /// </summary>
    public const string ManagementNameIf = "management";

    public static void Publish(Appliance appliance, IPEndPoint remote, IPEndPoint local, string service, string user, bool permitted)
    {
        var source = Plain(remote.Address);
        var address = Plain(local.Address);
        var nameIf = appliance.Config.NameIfWithAddress(address) ?? ManagementNameIf;
        user = Crypto.Aaa.AaaSyslog.Shown(user);
        appliance.Events.Publish(permitted
            ? SyslogCatalogue.Login(source.ToString(), remote.Port, nameIf, address.ToString(), service, user)
            : SyslogCatalogue.LoginRefused(source.ToString(), remote.Port, nameIf, address.ToString(), service, user));
    }

    /// <summary>An IPv4 client as its IPv4 address (a dual-stack listener sees <c>::ffff:a.b.c.d</c>).</summary>
    public static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
