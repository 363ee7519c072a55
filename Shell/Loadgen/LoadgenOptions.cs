using System.Globalization;
using System.Net;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// What <c>asaemu loadgen</c> runs: N EzVPN clients against one headend, each from its own UDP source
/// port on <see cref="Local"/> or, with <see cref="Sources"/>, on one of that many consecutive addresses from it, started at <see cref="Rate"/> a second (0: as fast as
/// <see cref="Concurrency"/> negotiations at once allow), kept up for <see cref="Hold"/> once all are settled.
/// </summary>
/// <param name="Username">The XAUTH user; <c>{n}</c> in it (and in <paramref name="Password"/>) becomes the client's number from 1,
/// so that each has a user of its own (an ASA logs off the oldest beyond vpn-simultaneous-logins, 3 by default).</param>
public sealed record LoadgenOptions(
    IPEndPoint Server,
    IPAddress Local,
    int Tunnels,
    string Group,
    string Key,
    string Username,
    string Password)
{
    public double Rate { get; init; }
    public int Concurrency { get; init; } = 200;
    public int DhGroup { get; init; } = 2;
    public bool NatTraversal { get; init; } = true;
    public int? PfsGroup { get; init; }
    public bool Xauth { get; init; } = true;

    /// <summary>Phase 1 in Main Mode (identity protection) instead of aggressive mode: the headend keys it by
    /// the address (DefaultRAGroup for a remote-access client), so <see cref="Group"/> is that group.</summary>
    public bool MainMode { get; init; }

    /// <summary>How many consecutive addresses from <see cref="Local"/> the clients are spread over, client n on the
    /// ((n - 1) mod Sources)-th, so the headend sees that many peers (each must be local: e.g. a route of type local).</summary>
    public int Sources { get; init; } = 1;

    /// <summary>How long one client may take from its first message to its IPsec SA pair before it counts as failed (timeout).</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the tunnels are kept up (DPD answered) once every client has settled; zero ends at once.</summary>
    public TimeSpan Hold { get; init; }

    /// <summary>An address behind the headend that the sampled tunnels send ICMP echo requests to through their ESP (null: no traffic).</summary>
    public IPAddress? Ping { get; init; }

    /// <summary>How many tunnels send the echoes, spread evenly over the clients.</summary>
    public int PingTunnels { get; init; } = 100;

    /// <summary>Echo requests per tunnel, one a second from when it is up.</summary>
    public int PingCount { get; init; } = 3;

    public static readonly int[] DhGroups = [1, 2, 5, 14, 15, 16, 19, 20];

    /// <summary>The first thing wrong with the options, in words for the command line; null when they can run.</summary>
    public string? Problem() =>
        Tunnels < 1 ? "--tunnels must be at least 1"
        : Sources < 1 ? "--sources must be at least 1"
        : Tunnels > 65000L * Sources ? "--tunnels: at most 65000 clients per source address (one UDP source port each)"
        : Rate < 0 || double.IsNaN(Rate) || double.IsInfinity(Rate) ? "--rate must be 0 (as fast as possible) or a positive number of tunnels a second"
        : Concurrency < 1 ? "--concurrency must be at least 1"
        : Array.IndexOf(DhGroups, DhGroup) < 0 ? $"--dh-group {DhGroup}: one of {string.Join(", ", DhGroups)}"
        : PfsGroup is { } pfs && Array.IndexOf(DhGroups, pfs) < 0 ? $"--pfs {pfs}: one of {string.Join(", ", DhGroups)}"
        : SetupTimeout <= TimeSpan.Zero ? "--timeout must be positive"
        : Hold < TimeSpan.Zero ? "--hold must not be negative"
        : Server.Port is < 1 or > 65535 ? "--port must be 1-65535"
        : Server.Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork ? "the headend must be an IPv4 address"
        : Local.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork ? "--source must be an IPv4 address"
        : Sources > 1 && (long)LocalIpv4.Value + Sources - 1 > uint.MaxValue ? "--sources: the addresses run past 255.255.255.255"
        : Group.Length == 0 ? "--group must not be empty"
        : Ping is { AddressFamily: not System.Net.Sockets.AddressFamily.InterNetwork } ? "--ping must be an IPv4 address"
        : Ping is not null && !NatTraversal ? "--ping needs NAT-T: the ESP goes in UDP through each client's port"
        : PingTunnels < 1 ? "--ping-tunnels must be at least 1"
        : PingCount is < 1 or > 65535 ? "--ping-count must be 1-65535"
        : null;

    /// <summary>Whether client <paramref name="n"/> (from 1) is one of the <see cref="PingTunnels"/> that send echoes: every (Tunnels / PingTunnels)-th from the first.</summary>
    public bool Pinging(int n)
    {
        if (Ping is null) return false;
        var step = Math.Max(1, Tunnels / Math.Min(PingTunnels, Tunnels));
        return (n - 1) % step == 0 && (n - 1) / step < PingTunnels;
    }

    /// <summary>Client <paramref name="n"/>'s (from 1) source address.</summary>
    public IPAddress SourceFor(int n) =>
        Sources == 1 ? Local : new IPAddress(new Ipv4(LocalIpv4.Value + (uint)((n - 1) % Sources)).ToBytes());

    /// <summary><see cref="Local"/> as an <see cref="Ipv4"/> (0.0.0.0 for an IPv6 one, which <see cref="Problem"/> refuses).</summary>
    private Ipv4 LocalIpv4 => Ipv4.TryFrom(Local, out var v4) ? v4 : Ipv4.Any;

    /// <summary>Client <paramref name="n"/>'s (from 1) value of a field with an optional <c>{n}</c>.</summary>
    public static string ForClient(string template, int n) => template.Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
