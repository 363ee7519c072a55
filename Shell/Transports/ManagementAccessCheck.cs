using System.Net;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Transports;

/// <summary>
/// The <c>ssh</c>/<c>telnet ADDR MASK IF</c> check the listeners make at accept, before a byte
/// is read or written: a connection to an interface's address is let in only when a line of
/// that interface and protocol permits its source (none: nobody, as on the ASA). A connection
/// to an address no interface has is management access (<c>--ssh</c>, <c>--telnet</c> on
/// loopback), which the lines do not govern.
/// </summary>
public static class ManagementAccessCheck
{
    /// <summary>Whether <paramref name="remote"/> may open a <paramref name="protocol"/> session to <paramref name="local"/>.</summary>
    public static bool Permits(AsaConfig config, string protocol, IPAddress local, IPAddress remote)
    {
        if (config.NameIfWithAddress(local) is not { } nameIf)
            return true;
        return Ipv4.TryFrom(remote, out var from) && config.ManagementAccessPermitting(protocol, nameIf, from).Any();
    }
}
