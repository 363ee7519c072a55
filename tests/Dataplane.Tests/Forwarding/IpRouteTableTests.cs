using System.Diagnostics;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Tun;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>
/// The rtnetlink route table against the kernel, in a network namespace of its own (with a veth
/// pair) that the test creates and removes: what it programs is read back with <c>ip route show</c>.
/// </summary>
public sealed class IpRouteTableTests : IDisposable
{
    private const string Device = "rt0";
    private readonly string _ns = $"asaemu-rt{Environment.ProcessId % 100000}";
    private IpRouteTable? _table;

    public void Dispose()
    {
        _table?.Dispose();
        try { IpCommand.Run("netns", "del", _ns); } catch (IOException) { }
    }

    [RootFact]
    public void Routes_are_added_replaced_and_removed_in_the_main_table()
    {
        var table = Open();
        var network = Ipv4.Parse("198.51.100.0");
        var mask = Ipv4.Parse("255.255.255.0");
        var host = Ipv4.Parse("203.0.113.7");

        table.AddRoute(Device, network, mask);
        table.AddRoute(Device, network, mask); // NLM_F_REPLACE: the same route again is no error
        table.AddRoute(Device, host, Ipv4.HostMask);
        IpCommand.Run("-n", _ns, "route", "replace", "192.0.2.0/24", "dev", Device); // the route ip makes, to compare
        var routes = Routes();
        Assert.Contains("192.0.2.0/24 dev rt0 scope link", routes);
        Assert.Contains("198.51.100.0/24 dev rt0 scope link", routes);
        Assert.Contains("203.0.113.7 dev rt0 scope link", routes);
        Assert.Single(routes, r => r.StartsWith("198.51.100.0/24", StringComparison.Ordinal));

        table.RemoveRoute(Device, network, mask);
        table.RemoveRoute(Device, host, Ipv4.HostMask);
        Assert.DoesNotContain(Routes(), r => r.StartsWith("198.51.100.0", StringComparison.Ordinal) || r.StartsWith("203.0.113.7", StringComparison.Ordinal));
    }

    [RootFact]
    public void The_kernels_refusals_are_IOExceptions_with_its_errno_text()
    {
        var table = Open();

        var missing = Assert.Throws<IOException>(() => table.RemoveRoute(Device, Ipv4.Parse("198.51.100.0"), Ipv4.Parse("255.255.255.0")));
        Assert.Equal("ip route del 198.51.100.0/24 dev rt0: No such process", missing.Message);
        var noDevice = Assert.Throws<IOException>(() => table.AddRoute("nosuch0", Ipv4.Parse("198.51.100.0"), Ipv4.Parse("255.255.255.0")));
        Assert.Equal("ip route replace 198.51.100.0/24 dev nosuch0: No such device", noDevice.Message);

        table.Dispose();
        Assert.Throws<ObjectDisposedException>(() => table.AddRoute(Device, Ipv4.Parse("198.51.100.0"), Ipv4.Parse("255.255.255.0")));
    }

    /// <summary>Makes the namespace and its device (a veth pair: no dummy module here), and a table whose socket was opened inside it (on a thread moved there by setns).</summary>
    private IpRouteTable Open()
    {
        try { IpCommand.Run("netns", "del", _ns); } catch (IOException) { } // a run killed before its Dispose
        IpCommand.Run("netns", "add", _ns);
        IpCommand.Run("-n", _ns, "link", "add", Device, "type", "veth", "peer", "name", "rt1");
        IpCommand.Run("-n", _ns, "link", "set", Device, "up");
        IpCommand.Run("-n", _ns, "link", "set", "rt1", "up");

        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle($"/var/run/netns/{_ns}");
                if (Tmds.Linux.LibC.setns((int)ns.DangerousGetHandle(), Tmds.Linux.LibC.CLONE_NEWNET) != 0)
                    throw new IOException($"setns: errno {Tmds.Linux.LibC.errno}");
                _table = new IpRouteTable();
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return _table!;
    }

    private List<string> Routes()
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-n", _ns, "route", "show" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
