using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

public class SaTableTests
{
    private static uint Address(string text) => AsaEmu.ConfigModel.Model.Ipv4.Parse(text).Value;

    [Fact]
    public void Finds_by_inbound_spi_and_by_the_clients_address()
    {
        var table = new SaTable();
        using var a = new IpsecSa(TestSas.Child(1, "198.19.0.10"));
        using var b = new IpsecSa(TestSas.Child(2, "198.19.0.11"));
        table.Add(a);
        table.Add(b);
        Assert.True(table.TryGetByInboundSpi(0x1001, out var found));
        Assert.Same(a, found);
        Assert.True(table.TryGetByDestination(Address("198.19.0.11"), out found));
        Assert.Same(b, found);
        Assert.False(table.TryGetByInboundSpi(0x2001, out _)); // an outbound SPI is not ours to receive
        Assert.False(table.TryGetByDestination(Address("198.19.0.12"), out _));
    }

    [Fact]
    public void A_rekey_takes_over_outbound_traffic_and_removal_falls_back_to_the_old_sa()
    {
        var table = new SaTable();
        using var old = new IpsecSa(TestSas.Child(1, "198.19.0.10"));
        using var rekeyed = new IpsecSa(TestSas.Child(2, "198.19.0.10"));
        table.Add(old);
        table.Add(rekeyed);
        Assert.True(table.TryGetByDestination(Address("198.19.0.10"), out var found));
        Assert.Same(rekeyed, found);
        Assert.True(table.TryGetByInboundSpi(0x1001, out _)); // the old SA still receives until it is deleted

        Assert.Same(rekeyed, table.Remove(rekeyed.Child));
        Assert.True(table.TryGetByDestination(Address("198.19.0.10"), out found));
        Assert.Same(old, found);
        Assert.Null(table.Remove(rekeyed.Child));
        table.Remove(old.Child);
        Assert.Empty(table.All);
        Assert.False(table.TryGetByInboundSpi(0x1001, out _));
    }

    [Fact]
    public void An_sa_installed_for_its_inbound_side_only_carries_nothing_out_until_its_whole_self_replaces_it()
    {
        var table = new SaTable();
        using var old = new IpsecSa(TestSas.Child(1, "198.19.0.10"));
        using var waiting = new IpsecSa(TestSas.Child(2, "198.19.0.10") with { InboundOnly = true });
        using var whole = new IpsecSa(TestSas.Child(2, "198.19.0.10"));
        table.Add(old);
        table.Add(waiting);
        Assert.True(table.TryGetByDestination(Address("198.19.0.10"), out var found));
        Assert.Same(old, found);
        Assert.True(table.TryGetByInboundSpi(waiting.Child.InboundSpi, out found));
        Assert.Same(waiting, found);

        Assert.Same(waiting, table.Add(whole));
        Assert.True(table.TryGetByDestination(Address("198.19.0.10"), out found));
        Assert.Same(whole, found);
        Assert.Equal([old, whole], table.All);
    }

    [Fact]
    public void Installing_the_same_inbound_spi_again_replaces_and_returns_the_old_sa()
    {
        var table = new SaTable();
        using var first = new IpsecSa(TestSas.Child(1));
        using var again = new IpsecSa(TestSas.Child(1));
        Assert.Null(table.Add(first));
        Assert.Same(first, table.Add(again));
        Assert.Same(again, Assert.Single(table.All));
    }

    [Fact]
    public async Task Readers_see_whole_snapshots_while_sas_come_and_go()
    {
        var table = new SaTable();
        using var stable = new IpsecSa(TestSas.Child(1, "198.19.0.10"));
        table.Add(stable);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            long reads = 0;
            do
            {
                if (!table.TryGetByInboundSpi(0x1001, out _) || !table.TryGetByDestination(Address("198.19.0.10"), out _)) return -1;
                reads++;
            }
            while (!stop.IsCancellationRequested);
            return reads;
        });
        for (var i = 2; i < 300; i++)
        {
            using var churn = new IpsecSa(TestSas.Child(i, $"198.19.1.{i % 250}"));
            table.Add(churn);
            table.Remove(churn.Child);
        }
        stop.Cancel();
        Assert.True(await reader > 0);
    }
}
