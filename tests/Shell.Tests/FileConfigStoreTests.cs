using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

public class FileConfigStoreTests
{
    [Fact]
    public void Nothing_saved_yet_loads_as_null()
    {
        using var dir = new TempDirectory();
        Assert.Null(new FileConfigStore(dir.Path).LoadStartup());
    }

    [Fact]
    public void A_save_replaces_the_startup_config_and_leaves_no_temp_file()
    {
        using var dir = new TempDirectory();
        var store = new FileConfigStore(dir.Path);

        store.SaveStartup("hostname one\n");
        store.SaveStartup("hostname two\n");

        Assert.Equal("hostname two\n", store.LoadStartup());
        Assert.Equal("hostname two\n", File.ReadAllText(dir.File("startup-config")));
        Assert.Equal(["startup-config"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_save_creates_the_data_directory()
    {
        using var dir = new TempDirectory();
        var store = new FileConfigStore(Path.Combine(dir.Path, "nested", "data"));

        store.SaveStartup("hostname asa1\n");

        Assert.Equal("hostname asa1\n", File.ReadAllText(Path.Combine(dir.Path, "nested", "data", "startup-config")));
    }

    [Fact]
    public void A_save_that_fails_while_writing_keeps_the_old_file_whole()
    {
        using var dir = new TempDirectory();
        new FileConfigStore(dir.Path).SaveStartup("hostname old\n");
        var failing = new DiskFullStore(dir.Path);

        Assert.Throws<IOException>(() => failing.SaveStartup("hostname new\n" + new string('x', 10_000)));

        Assert.Equal("hostname old\n", failing.LoadStartup());
        Assert.Equal(["startup-config"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    /// <summary>Writes half of the temp file, then fails as a full disk would.</summary>
    private sealed class DiskFullStore(string directory) : FileConfigStore(directory)
    {
        protected override void WriteContent(Stream stream, byte[] content)
        {
            stream.Write(content, 0, content.Length / 2);
            throw new IOException("No space left on device");
        }
    }
}
