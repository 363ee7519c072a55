using System.Net;

namespace AsaEmu.Shell.Hosting;

/// <summary>How <c>asaemu</c> runs the appliance, from its command line.</summary>
public sealed record RunOptions(
    /// <summary>Startup-config file given with <c>--config</c>, or null for the data directory's or the built-in one.</summary>
    string? ConfigFile,
    string DataDirectory,
    IPEndPoint? Ssh,
    IPEndPoint? Telnet,
    bool NoConsole,
    /// <summary>The TUN device the ESP dataplane creates for the inside (<c>--tun</c>).</summary>
    string Tun = RunOptions.DefaultTun,
    /// <summary><c>debug crypto ikev1|ipsec LEVEL</c> from start-up (<c>--debug</c>), 0 for off: a daemon has no terminal to type it on.</summary>
    int Debug = 0)
{
    public const string DefaultTun = "asaemu0";
    public const string DefaultDataDirectory = "./asaemu-data";
    public static readonly IPEndPoint DefaultSsh = new(IPAddress.Loopback, 2222);
}
