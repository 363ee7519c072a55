using System.CommandLine;
using AsaEmu.Shell.Hosting;

namespace AsaEmu.Shell;

public static class Program
{
    /// <summary>
    /// How long SIGTERM/SIGINT wait for an orderly stop (sessions told, IKE SAs deleted, listeners
    /// closed) before the process exits with 128+signal; the 2 s default is too short on a loaded machine.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public static Task<int> Main(string[] args) =>
        AsaEmuCommandLine.Create(ApplianceHost.RunAsync).Parse(args)
            .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = StopGrace });
}
