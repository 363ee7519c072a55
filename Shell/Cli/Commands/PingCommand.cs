using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>ping [IF] HOST [repeat N] [timeout S] [size N]</c>: real ICMP echoes (<see cref="IcmpEcho"/>) from
/// the interface's address, reported in the ASA's layout [M]: one <c>!</c> per reply, <c>?</c> per echo
/// lost. To a site behind a crypto map the first one starts the tunnel and is lost, as on the ASA (<c>?!!!!</c>).
/// </summary>
public sealed class PingCommand : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["ping"] = "Test connectivity from specified interface to an IP address",
        ["repeat"] = "Specify repeat count",
        ["timeout"] = "Specify timeout interval",
        ["size"] = "Specify datagram size",
    };

    public void Register(ExecGrammar g)
    {
        foreach (var spec in new[] { "ping <ip:host>", "ping <word:if> <ip:host>" })
            g.Add(ExecScope.Everywhere, spec + " [repeat <1-100:repeat>] [timeout <1-3600:timeout>] [size <28-65535:size>]", Run, help: Help);
    }

    private static async Task Run(ExecContext c)
    {
        var host = c.Args.Ip("host");
        var repeat = (int)(c.Args.OptNum("repeat") ?? 5);
        var timeout = (int)(c.Args.OptNum("timeout") ?? 2);
        var size = (int)(c.Args.OptNum("size") ?? 100);
        c.WriteLine("Type escape sequence to abort.");
        c.WriteLine($"Sending {repeat}, {size}-byte ICMP Echos to {host}, timeout is {timeout} seconds:");
        await c.Session.FlushAsync(c.Cancel);
        var address = IPAddress.Parse(host.ToString());
        // The named interface's address is the echoes' source, as the ASA sends them (a crypto ACL sees it).
        var source = c.Args.OptStr("if") is { } nameIf && c.Appliance.Config.InterfaceNamed(nameIf)?.Ip is { } ip
            ? IPAddress.Parse(ip.Address.ToString()) : null;
        var times = new List<long>();
        using var raw = IcmpEcho.Open(source);
        using var ping = raw is null ? new Ping() : null;
        for (var i = 0; i < repeat && !c.Cancel.IsCancellationRequested; i++)
        {
            long? rtt;
            try
            {
                rtt = raw is not null
                    ? await raw.SendAsync(address, (ushort)i, Math.Max(0, size - 28), TimeSpan.FromSeconds(timeout), c.Appliance.Clock, c.Cancel)
                    : await HostPing(ping!, address, size, timeout, c.Cancel);
            }
            catch (OperationCanceledException) { break; }
            if (rtt is { } t) times.Add(t);
            c.Session.Write(rtt is null ? "?" : "!");
            await c.Session.FlushAsync(c.Cancel);
        }
        c.WriteLine();
        var percent = repeat == 0 ? 0 : times.Count * 100 / repeat;
        c.WriteLine(times.Count == 0
            ? $"Success rate is {percent} percent (0/{repeat})"
            : string.Create(CultureInfo.InvariantCulture,
                $"Success rate is {percent} percent ({times.Count}/{repeat}), round-trip min/avg/max = {times.Min()}/{(long)times.Average()}/{times.Max()} ms"));
    }

    /// <summary>Without the right to a raw socket: the host's own ping, from whatever source it picks.</summary>
    private static async Task<long?> HostPing(Ping ping, IPAddress address, int size, int timeout, CancellationToken cancel)
    {
        try
        {
            var reply = await ping.SendPingAsync(address, TimeSpan.FromSeconds(timeout), new byte[Math.Max(0, size - 28)], null, cancel);
            return reply.Status == IPStatus.Success ? reply.RoundtripTime : null;
        }
        catch (PingException)
        {
            return null;
        }
    }
}
