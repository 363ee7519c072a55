using System.Net;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Tests.Ike;

/// <summary>The control loop's three queues: control first and lossless, then work under way, then first messages, the last two shed.</summary>
public sealed class IkeInboxTests
{
    private static async Task<List<string>> ReadAll(IkeInbox<string> inbox)
    {
        var items = new List<string>();
        while (inbox.Count > 0) items.Add(await inbox.ReadAsync(CancellationToken.None));
        return items;
    }

    [Fact]
    public async Task Control_items_come_first_then_datagrams_under_way_then_first_messages_each_in_order()
    {
        var inbox = new IkeInbox<string>();
        inbox.PostFirstMessage("am1 a");
        inbox.PostUnderWay("am3 x");
        inbox.PostControl("dh x");
        inbox.PostFirstMessage("am1 b");
        inbox.PostControl("tick");
        inbox.PostUnderWay("qm1 y");

        Assert.Equal(["dh x", "tick", "am3 x", "qm1 y", "am1 a", "am1 b"], await ReadAll(inbox));
    }

    [Fact]
    public async Task Full_datagram_queues_shed_and_count_what_they_shed_and_the_control_queue_takes_everything()
    {
        var inbox = new IkeInbox<string>(underWayCapacity: 2, firstMessageCapacity: 3);
        var underWay = Enumerable.Range(0, 10).Count(i => inbox.PostUnderWay($"u{i}"));
        var first = Enumerable.Range(0, 10).Count(i => inbox.PostFirstMessage($"f{i}"));
        // A flood can fill the datagram queues; DH results and ticks still get in, all of them.
        for (var i = 0; i < 100_000; i++) inbox.PostControl($"c{i}");

        Assert.Equal((2, 3, 15L), (underWay, first, inbox.Shed));
        var items = await ReadAll(inbox);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => $"c{i}").Concat(["u0", "u1", "f0", "f1", "f2"]), items);

        // Room again once read.
        Assert.True(inbox.PostFirstMessage("f10"));
        Assert.Equal("f10", await inbox.ReadAsync(CancellationToken.None));
    }

    private static readonly IPAddress Flooder = IPAddress.Parse("198.18.0.10"), Client = IPAddress.Parse("198.18.0.2");

    [Fact]
    public async Task Datagram_queues_serve_source_addresses_in_turn_so_a_busy_one_holds_another_back_by_one_item()
    {
        var inbox = new IkeInbox<string>();
        foreach (var n in Enumerable.Range(1, 4)) inbox.PostFirstMessage($"flood {n}", Flooder);
        inbox.PostFirstMessage("client am1", Client);
        foreach (var n in Enumerable.Range(1, 3)) inbox.PostUnderWay($"flood repeat {n}", Flooder);
        inbox.PostUnderWay("client am3", Client);

        Assert.Equal(["flood repeat 1", "client am3", "flood repeat 2", "flood repeat 3", "flood 1", "client am1", "flood 2", "flood 3", "flood 4"],
            await ReadAll(inbox));
    }

    [Fact]
    public async Task A_full_datagram_queue_takes_a_quieter_source_in_place_of_the_busiest_ones_oldest_and_refuses_the_busiest()
    {
        var inbox = new IkeInbox<string>(firstMessageCapacity: 4);
        foreach (var n in Enumerable.Range(1, 4)) Assert.True(inbox.PostFirstMessage($"flood {n}", Flooder));

        Assert.False(inbox.PostFirstMessage("flood 5", Flooder));
        Assert.True(inbox.PostFirstMessage("client am1", Client));

        Assert.Equal(2L, inbox.Shed);
        Assert.Equal(["flood 2", "client am1", "flood 3", "flood 4"], await ReadAll(inbox));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_for_an_item_in_any_queue_and_stops_on_cancellation()
    {
        var inbox = new IkeInbox<string>();
        foreach (var post in new Action<string>[] { s => inbox.PostFirstMessage(s), s => inbox.PostUnderWay(s), inbox.PostControl })
        {
            var read = inbox.ReadAsync(CancellationToken.None).AsTask();
            Assert.False(read.IsCompleted);
            post("item");
            Assert.Equal("item", await read);
        }

        using var stop = new CancellationTokenSource();
        var waiting = inbox.ReadAsync(stop.Token).AsTask();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Writers_on_many_threads_lose_nothing_the_queues_took()
    {
        var inbox = new IkeInbox<int>(underWayCapacity: 64, firstMessageCapacity: 64);
        var taken = 0;
        var reading = Task.Run(async () =>
        {
            var count = 0;
            while (await inbox.ReadAsync(CancellationToken.None) >= 0) count++;
            return count;
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                var ok = (i % 3) switch { 0 => inbox.PostFirstMessage(i), 1 => inbox.PostUnderWay(i), _ => Post(inbox, i) };
                if (ok) Interlocked.Increment(ref taken);
            }
        })));
        var shed = inbox.Shed;
        // The end mark goes last in the last queue: everything taken before it is read before it.
        while (!inbox.PostFirstMessage(-1)) await Task.Yield();

        Assert.Equal(taken, await reading);
        Assert.Equal(40_000, taken + shed);
    }

    private static bool Post(IkeInbox<int> inbox, int item)
    {
        inbox.PostControl(item);
        return true;
    }
}
