using System.CommandLine;
using System.Runtime.InteropServices;
using AsaEmu.Shell.Hosting;

namespace AsaEmu.Shell;

public static class Program
{
    /// <summary>
    /// How long SIGTERM/SIGINT wait for an orderly stop (sessions told, IKE SAs deleted, listeners
    /// closed) before the process exits with 128+signal; the 2 s default is too short on a loaded machine.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    // System.CommandLine's own signal handling is off: the lab handles its signals itself, and the
    // appliance's are handled below.
    public static Task<int> Main(string[] args) =>
        AsaEmuCommandLine.Create(RunApplianceAsync).Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

    /// <summary>
    /// The appliance stops in order on SIGTERM/SIGINT and exits with the code it chose (0 for a clean
    /// stop). System.CommandLine's handler could answer 143 for a stop it saw end as a cancelled task,
    /// hiding that code.
    /// </summary>
    private static async Task<int> RunApplianceAsync(RunOptions options, TextWriter error, CancellationToken unused)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            var code = 128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15);
            _ = Task.Delay(StopGrace).ContinueWith(_ => Environment.Exit(code), TaskScheduler.Default);
            stop.Cancel();
        }
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        return await ApplianceHost.RunAsync(options, error, stop.Token);
    }
}
