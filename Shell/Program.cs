using AsaEmu.Shell.Hosting;

namespace AsaEmu.Shell;

public static class Program
{
    public static Task<int> Main(string[] args) =>
        AsaEmuCommandLine.Create(ApplianceHost.RunAsync).Parse(args).InvokeAsync();
}
