namespace AsaEmu.Shell.DefaultConfig;

/// <summary>The built-in startup-config used when neither <c>--config</c> nor a saved one exists.</summary>
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
