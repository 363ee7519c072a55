using AsaEmu.Shell.Lab;

namespace AsaEmu.Shell.Tests.Lab;

/// <summary>The lab's files go into a directory it makes itself, private to its owner, never into one found in place.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LabFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"asaemu-labfiles-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_directory_is_made_afresh_and_readable_by_its_owner_only()
    {
        new LabFiles(_directory).Write(LabScenario.Find("default"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.True(File.Exists(Path.Combine(_directory, "vpnc-script-wrapper")));
    }

    [Fact]
    public void A_directory_already_at_that_name_is_refused_and_left_as_it_was()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "vpnc-script-wrapper"), "planted");

        var refused = Assert.Throws<LabException>(() => new LabFiles(_directory).Write(LabScenario.Find("default")));
        Assert.Contains("remove it and try again", refused.Message);
        Assert.Equal("planted", File.ReadAllText(Path.Combine(_directory, "vpnc-script-wrapper")));
    }
}
