using System.Net;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Tests.Fakes;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// The data directory (disk0:) and every file written there: owner-only modes, atomic replacement that
/// follows no planted link, and a <c>copy</c> that cannot reach the appliance's own files or leave disk0:.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests : IDisposable
{
    private const UnixFileMode Rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Outside the data directory: what a planted link points at, which no write may touch.</summary>
    private readonly TempDirectory _outside = new();

    public void Dispose() => _outside.Dispose();

    private static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

    private static string FlashOf(ShowHarness h) => ((FileConfigStore)h.Appliance.Store).Directory;

    [Fact]
    public async Task Write_memory_leaves_the_directory_0700_and_the_startup_config_0600()
    {
        using var h = new ShowHarness();
        var flash = FlashOf(h);
        File.SetUnixFileMode(flash, Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        Assert.EndsWith("[OK]\r\n", await h.Show("write memory"));

        Assert.Equal(Rwx, Mode(flash));
        Assert.Equal(Rw, Mode(Path.Combine(flash, FileConfigStore.FileName)));
        Assert.Equal([FileConfigStore.FileName], Directory.GetFileSystemEntries(flash).Select(Path.GetFileName));
    }

    [Fact]
    public void A_data_directory_made_anew_is_0700_down_to_its_missing_parents()
    {
        var data = new DataDirectory(Path.Combine(_outside.Path, "a", "b"));

        data.Ensure();

        Assert.Equal(Rwx, Mode(Path.Combine(_outside.Path, "a")));
        Assert.Equal(Rwx, Mode(data.Path));
    }

    [Fact]
    public void The_first_boot_makes_the_host_keys_0600_in_a_0700_directory_and_leaves_no_temp_file()
    {
        var data = new DataDirectory(Path.Combine(_outside.Path, "data"));

        SshHostKeys.LoadOrCreate(new FileHostKeyStore(data.HostKeys.Path));

        Assert.Equal(Rwx, Mode(data.Path));
        Assert.Equal(Rwx, Mode(data.HostKeys.Path));
        Assert.Equal([SshHostKeys.Ed25519Name, SshHostKeys.RsaName], Directory.GetFileSystemEntries(data.HostKeys.Path).Select(Path.GetFileName).Order());
        Assert.All(Directory.GetFiles(data.HostKeys.Path), file => Assert.Equal(Rw, Mode(file)));
    }

    [Fact]
    public void A_link_planted_at_the_host_keys_old_temp_name_or_at_the_key_itself_is_replaced_not_followed()
    {
        var data = new DataDirectory(Path.Combine(_outside.Path, "data"));
        data.HostKeys.Ensure();
        var victim = _outside.File("victim");
        File.WriteAllText(victim, "victim\n");
        var key = data.HostKeys.PathOf(SshHostKeys.Ed25519Name);
        File.CreateSymbolicLink(key + ".tmp", victim);
        File.CreateSymbolicLink(key, victim);

        new FileHostKeyStore(data.HostKeys.Path).Save(SshHostKeys.Ed25519Name, "-----BEGIN PRIVATE KEY-----\n");

        Assert.Equal("victim\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(key).LinkTarget);
        Assert.Equal(("-----BEGIN PRIVATE KEY-----\n", Rw), (File.ReadAllText(key), Mode(key)));
    }

    [Fact]
    public async Task Copy_pcap_writes_the_capture_and_its_key_tables_0600()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("capture capout interface outside");

        Assert.Contains("packets copied", await h.Show("copy /noconfirm /pcap capture:capout disk0:/out.pcap"));

        var flash = FlashOf(h);
        Assert.Equal(Rwx, Mode(flash));
        foreach (var file in new[] { "out.pcap", "out.esp_sa", "out.ikev1_decryption_table" })
            Assert.Equal(Rw, Mode(Path.Combine(flash, file)));
        Assert.Equal(3, Directory.GetFileSystemEntries(flash).Length);
    }

    [Theory]
    [InlineData("disk0:/startup-config", "Permission denied")]
    [InlineData("flash:/Startup-Config", "Permission denied")]
    [InlineData("disk0:/ssh", "Permission denied")]
    [InlineData("disk0:/.startup-config.0123456789abcdef.tmp", "Permission denied")]
    [InlineData("disk0:/../x.pcap", "Permission denied")]
    [InlineData("disk0:/./startup-config", "Permission denied")]
    [InlineData("disk0:/ssh/ssh_host_ed25519_key", "No such file or directory")]
    [InlineData("disk0://etc/x.pcap", "No such file or directory")]
    [InlineData("/etc/x.pcap", "Invalid argument")]
    public async Task Copy_refuses_the_appliances_own_files_and_paths_off_disk0_and_the_saved_config_stays(string destination, string reason)
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("capture capout interface outside", "write memory");
        var flash = FlashOf(h);
        var saved = File.ReadAllBytes(Path.Combine(flash, FileConfigStore.FileName));
        var before = Directory.GetFileSystemEntries(flash, "*", SearchOption.AllDirectories).Order().ToList();

        Assert.Equal($"%Error opening {destination} ({reason})\r\n", await h.Show($"copy /noconfirm /pcap capture:capout {destination}"));

        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(flash, FileConfigStore.FileName)));
        Assert.Equal(before, Directory.GetFileSystemEntries(flash, "*", SearchOption.AllDirectories).Order());
        Assert.False(File.Exists("/etc/x.pcap"));
    }

    [Fact]
    public async Task A_link_planted_at_a_copy_or_save_target_is_replaced_and_what_it_points_at_is_untouched()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var flash = FlashOf(h);
        var victim = _outside.File("victim");
        File.WriteAllText(victim, "victim\n");
        foreach (var name in new[] { "out.pcap", "out.esp_sa", FileConfigStore.FileName })
            File.CreateSymbolicLink(Path.Combine(flash, name), victim);

        await h.Show("capture capout interface outside", "write memory", "copy /noconfirm /pcap capture:capout disk0:/out.pcap");

        Assert.Equal("victim\n", File.ReadAllText(victim));
        foreach (var name in new[] { "out.pcap", "out.esp_sa", FileConfigStore.FileName })
        {
            var path = Path.Combine(flash, name);
            Assert.Null(new FileInfo(path).LinkTarget);
            Assert.Equal(Rw, Mode(path));
        }
        Assert.Contains("hostname ciscoasa", h.Appliance.Store.LoadStartup());
    }
}
