using System.Text;

namespace AsaEmu.Shell.Persistence;

/// <summary>
/// The startup-config as the file <c>startup-config</c> in the data directory. A save writes a
/// temp file in the same directory, flushes it to the disk, then renames it over the old file, so
/// an interrupted save leaves either the old or the new file, never a torn one.
/// </summary>
public class FileConfigStore : IConfigStore
{
    public const string FileName = "startup-config";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public FileConfigStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public string StartupPath => Path.Combine(Directory, FileName);

    public string? LoadStartup() => File.Exists(StartupPath) ? File.ReadAllText(StartupPath, Utf8) : null;

    public void SaveStartup(string text)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteTemp(temp, Utf8.GetBytes(text));
            File.Move(temp, StartupPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes and fsyncs the temp file (a seam for tests that simulate a failing disk).</summary>
    protected virtual void WriteTemp(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
