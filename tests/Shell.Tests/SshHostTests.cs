using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Hosting;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Tests.Fakes;
using AsaEmu.TestKit.Persistence;

namespace AsaEmu.Shell.Tests;

/// <summary>The interface SSH listeners follow the <c>ssh ADDR MASK IF</c> lines as they are typed (on loopback, a free port for 22).</summary>
public sealed class SshHostTests
{
    private const string Interfaces = """
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 127.0.0.1 255.0.0.0
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address 192.0.2.1 255.255.255.0
        """;

    private static readonly MemoryHostKeyStore Keys = new();

    private static void Type(Appliance appliance, string line)
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        var result = appliance.Update("enable_15", c => { var r = session.Apply(c, line); return (r.Config, r); });
        Assert.Null(result.Error);
    }

    private static async Task<string> BannerAsync(IPEndPoint at)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(at);
        using var reader = new StreamReader(client.GetStream());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadLineAsync(deadline.Token) ?? "";
    }

    private static bool Refused(IPEndPoint at)
    {
        using var client = new TcpClient();
        try { client.Connect(at); return false; }
        catch (SocketException) { return true; }
    }

    [Fact]
    public async Task Ssh_lines_typed_for_an_interface_open_and_close_its_listener_at_once()
    {
        var (appliance, _) = Appliance.Boot(Interfaces, new MemoryConfigStore(), new FakeClock());
        var problems = Problems(appliance);
        // Port 0 for the interfaces' port 22: each listener takes a free port.
        await using var host = SshHost.Start(appliance, management: null, Keys, CancellationToken.None, interfaces: true, interfacePort: 0);
        Assert.Empty(host.InterfaceEndPoints);

        Type(appliance, "ssh 127.0.0.0 255.0.0.0 inside");
        var at = Assert.Single(host.InterfaceEndPoints);
        Assert.Equal(IPAddress.Loopback, at.Address);
        Assert.Equal("SSH-2.0-Cisco-1.25", await BannerAsync(at));

        var stopped = Logged(appliance, "ssh server stopped");
        Type(appliance, "no ssh 127.0.0.0 255.0.0.0 inside");
        Assert.Empty(host.InterfaceEndPoints);
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Refused(at), "the listener stayed open");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_ssh_servers_diagnostics_reach_the_log_as_asaemu_messages()
    {
        var (appliance, _) = Appliance.Boot(Interfaces + "\nlogging enable\nlogging buffered debugging\n", new MemoryConfigStore(), new FakeClock());
        await using var host = SshHost.Start(appliance, management: new IPEndPoint(IPAddress.Loopback, 0), Keys, CancellationToken.None, interfaces: false);

        Assert.Contains($"%ASAEMU-7: ssh server listening on {host.ManagementEndPoint}", appliance.Events.Buffer.Lines);
    }

    /// <summary>Completes when a line containing <paramref name="text"/> is published to <paramref name="appliance"/>'s log.</summary>
    private static Task Logged(Appliance appliance, string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        appliance.Events.Subscribe("test", e => { if (e.Text.Contains(text, StringComparison.Ordinal)) seen.TrySetResult(); return false; }, _ => { });
        return seen.Task;
    }

    /// <summary>The host problems published to <paramref name="appliance"/>'s log from now on (publishing is synchronous).</summary>
    private static List<string> Problems(Appliance appliance)
    {
        var problems = new List<string>();
        appliance.Events.Subscribe("test", e => { if (Events.HostLog.IsProblem(e)) lock (problems) problems.Add(e.Text); return false; }, _ => { });
        return problems;
    }

    private static async Task<string> BannerFromAsync(IPEndPoint at, string from)
    {
        using var client = new TcpClient(new IPEndPoint(IPAddress.Parse(from), 0));
        await client.ConnectAsync(at);
        using var reader = new StreamReader(client.GetStream());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { return await reader.ReadLineAsync(deadline.Token) ?? "(closed)"; }
        catch (IOException) { return "(closed)"; }
    }

    [Fact]
    public async Task On_an_interface_only_the_sources_its_ssh_lines_permit_get_a_version_line()
    {
        var (appliance, _) = Appliance.Boot(Interfaces, new MemoryConfigStore(), new FakeClock());
        await using var host = SshHost.Start(appliance, management: null, Keys, CancellationToken.None, interfaces: true, interfacePort: 0);
        Type(appliance, "ssh 127.0.0.2 255.255.255.255 inside");
        // A line for another interface lets nobody in on this one.
        Type(appliance, "ssh 127.0.0.3 255.255.255.255 outside");
        var at = Assert.Single(host.InterfaceEndPoints);

        Assert.Equal("SSH-2.0-Cisco-1.25", await BannerFromAsync(at, "127.0.0.2"));
        Assert.Equal("(closed)", await BannerFromAsync(at, "127.0.0.3"));
        Assert.Equal("(closed)", await BannerFromAsync(at, "127.0.0.4"));

        // The lines are read at each accept.
        Type(appliance, "ssh 127.0.0.4 255.255.255.255 inside");
        Assert.Equal("SSH-2.0-Cisco-1.25", await BannerFromAsync(at, "127.0.0.4"));
    }

    [Fact]
    public async Task The_management_listener_admits_sources_no_line_permits()
    {
        var (appliance, _) = Appliance.Boot(Interfaces + "\nssh 127.0.0.2 255.255.255.255 inside\n", new MemoryConfigStore(), new FakeClock());
        await using var host = SshHost.Start(appliance, management: new IPEndPoint(IPAddress.Loopback, 0), Keys, CancellationToken.None, interfaces: false);
        var at = host.ManagementEndPoint!;

        Assert.Equal("SSH-2.0-Cisco-1.25", await BannerFromAsync(at, "127.0.0.3"));
    }

    [Fact]
    public async Task An_interface_address_this_host_lacks_is_said_once_while_it_lasts()
    {
        var (appliance, _) = Appliance.Boot(Interfaces, new MemoryConfigStore(), new FakeClock());
        var problems = Problems(appliance);
        await using var host = SshHost.Start(appliance, management: null, Keys, CancellationToken.None, interfaces: true, interfacePort: 0);

        Type(appliance, "ssh 0.0.0.0 0.0.0.0 outside");
        Type(appliance, "hostname other");

        // Said to the log once (its stderr line is asaemu: cannot listen ...).
        Assert.StartsWith("cannot listen for SSH on 192.0.2.1:0: ", Assert.Single(problems));
        Assert.Empty(host.InterfaceEndPoints);
    }
}
