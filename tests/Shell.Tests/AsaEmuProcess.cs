using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AsaEmu.Shell.Tests;

/// <summary>The built asaemu executable run as a child process, as users and tools run it.</summary>
public static class AsaEmuProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "asaemu.dll");

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>A TCP port free on the loopback right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port (the SSH server is up).</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nothing listens on 127.0.0.1:{port}");
    }

    /// <summary>Stops a daemon the way an init system does: SIGTERM, then waits.</summary>
    public static void Stop(Process process)
    {
        if (process.HasExited) return;
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
    }
}
