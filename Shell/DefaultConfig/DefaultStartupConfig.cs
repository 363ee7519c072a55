namespace AsaEmu.Shell.DefaultConfig;

/// <summary>
/// The built-in startup-config used when neither <c>--config</c> nor a saved one exists: an EzVPN headend
/// with the lines a 9.8 box carries at its defaults (the timeout block as 9.7 and later print it, with
/// <c>sctp</c> in <c>timeout conn</c>, <c>timeout conn-holddown</c> and <c>timeout igp stale-route</c>
/// [S: the netutils ASAv 9.7(1)24 capture; sctp also in the mockdevices 9.5(2) config]), and the Smart Call Home
/// block: the CiscoTAC-1 profile as 9.x prints it [S: the oxidized ASA 5512 9.12(4) capture] and the Smart
/// Licensing profile an ASAv adds, License [S: the mockdevices ASAv 9.5(2) config].
/// </summary>
public static class DefaultStartupConfig
{
    public const string SourceName = "(built-in startup-config)";

    public static string Text { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(DefaultStartupConfig).Assembly.GetManifestResourceStream("AsaEmu.Shell.DefaultConfig.startup-config.txt")
            ?? throw new InvalidOperationException("the built-in startup-config resource is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
