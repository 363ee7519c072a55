using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Text;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>ping [IF] HOST [repeat N] [timeout S] [size N]</c>: real ICMP echoes from the host's stack,
/// reported in the ASA's layout [M]: one <c>!</c> per reply, <c>?</c> per echo lost.
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
        var payload = new byte[Math.Max(0, size - 28)];
        var times = new List<long>();
        var marks = new StringBuilder();
        using var ping = new Ping();
        for (var i = 0; i < repeat && !c.Cancel.IsCancellationRequested; i++)
        {
            PingReply? reply = null;
            try { reply = await ping.SendPingAsync(address, TimeSpan.FromSeconds(timeout), payload, null, c.Cancel); }
            catch (PingException) { }
            catch (OperationCanceledException) { break; }
            var ok = reply?.Status == IPStatus.Success;
            if (ok) times.Add(reply!.RoundtripTime);
            c.Session.Write(ok ? "!" : "?");
            await c.Session.FlushAsync(c.Cancel);
        }
        c.WriteLine();
        var percent = repeat == 0 ? 0 : times.Count * 100 / repeat;
        c.WriteLine(times.Count == 0
            ? $"Success rate is {percent} percent (0/{repeat})"
            : string.Create(CultureInfo.InvariantCulture,
                $"Success rate is {percent} percent ({times.Count}/{repeat}), round-trip min/avg/max = {times.Min()}/{(long)times.Average()}/{times.Max()} ms"));
    }
}
