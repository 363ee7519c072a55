namespace AsaEmu.Shell.Persistence;

/// <summary>Where the startup-config lives: read at boot and by <c>show startup-config</c>, written by <c>write memory</c>.</summary>
public interface IConfigStore
{
    /// <summary>The saved startup-config text, or null when none was ever saved.</summary>
    string? LoadStartup();

    /// <summary>
    /// Replaces the startup-config. Either the new text is stored whole or, when this throws,
    /// the previous text is still there.
    /// </summary>
    void SaveStartup(string text);
}
