using System.Text;

namespace AsaEmu.Shell.Persistence;

/// <summary>
/// The startup-config as the file <c>startup-config</c> in the data directory, written as every file
/// there is (<see cref="DataDirectory.Write(string, Action{Stream})"/>): owner-only, through a temp file
/// renamed over the old one, so an interrupted save leaves either the old or the new file, never a torn one.
/// </summary>
public class FileConfigStore : IConfigStore
{
    public const string FileName = "startup-config";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public FileConfigStore(string directory)
    {
        Data = new DataDirectory(directory);
    }

    public DataDirectory Data { get; }

    public string Directory => Data.Path;

    public string StartupPath => Data.PathOf(FileName);

    public string? LoadStartup() => File.Exists(StartupPath) ? File.ReadAllText(StartupPath, Utf8) : null;

    public void SaveStartup(string text)
    {
        var content = Utf8.GetBytes(text);
        Data.Write(FileName, stream => WriteContent(stream, content));
    }

    /// <summary>Writes the text to the temp file (a seam for tests that simulate a failing disk).</summary>
    protected virtual void WriteContent(Stream stream, byte[] content) => stream.Write(content);
}
