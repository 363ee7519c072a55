using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Tests.Fakes;
using AsaEmu.TestKit.Persistence;

namespace AsaEmu.Shell.Tests;

public class ApplianceTests
{
    [Fact]
    public async Task Concurrent_sessions_never_lose_each_others_changes()
    {
        var appliance = new Appliance(AsaConfig.Empty, new MemoryConfigStore(), new FakeClock());
        var changes = 0;
        appliance.ConfigChanged += (_, _) => Interlocked.Increment(ref changes);

        await Task.WhenAll(Enumerable.Range(1, 8).Select(session => Task.Run(() =>
        {
            var config = new ConfigSession(ConfigGrammar.Default);
            for (var i = 1; i <= 25; i++)
            {
                var line = $"name 10.{session}.{i}.1 host-{session}-{i}";
                appliance.Update("enable_15", c => { var r = config.Apply(c, line); return (r.Config, r); });
            }
        })));

        Assert.Equal(200, appliance.Config.Count<NameEntry>());
        Assert.Equal(200, changes);
    }

    [Fact]
    public void An_update_that_changes_nothing_raises_no_event()
    {
        var appliance = new Appliance(AsaConfig.Empty, new MemoryConfigStore(), new FakeClock());
        ConfigChange? seen = null;
        appliance.ConfigChanged += (_, c) => seen = c;

        appliance.Update("enable_15", c => (c, 0));

        Assert.Null(seen);
        Assert.Null(appliance.LastChange);
    }

    [Fact]
    public void Save_writes_the_unmasked_config_with_who_and_when()
    {
        var store = new MemoryConfigStore();
        var clock = new FakeClock();
        var (appliance, _) = Appliance.Boot("hostname asa1\n", store, clock);

        var saved = appliance.SaveStartup("enable_15");

        Assert.Contains(": Written by enable_15 at 09:30:00.000 UTC Mon Nov 2 2026\n", store.Text);
        Assert.Contains($"Cryptochecksum:{saved.Checksum}\n", store.Text);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(store.Text!), saved.Bytes);
    }

    [Theory]
    [InlineData(0, "0 mins 0 secs")]
    [InlineData(61, "1 min 1 sec")]
    [InlineData(2 * 3600 + 5 * 60, "2 hours 5 mins")]
    [InlineData(41 * 86400 + 19 * 3600 + 59, "41 days 19 hours")]
    [InlineData(86400 + 3600, "1 day 1 hour")]
    public void Uptime_reads_as_the_asa_writes_it(int seconds, string expected) =>
        Assert.Equal(expected, AsaTime.Uptime(TimeSpan.FromSeconds(seconds)));
}
