using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Dataplane.Outside;
using AsaEmu.TestKit.Ike;
using AsaEmu.TestKit.Outside;
using AsaEmu.TestKit.Time;

namespace AsaEmu.Dataplane.Tests.Ike;

/// <summary>
/// The IKE control loop in process, on the in-memory outside and a fake clock: what goes in through the
/// outside listener, the order the inbox serves, DH work off the loop, shedding under a flood, the
/// one-second tick and the status snapshot.
/// </summary>
public sealed class IkeServiceLoopTests : IAsyncDisposable
{
    private static readonly IPAddress Outside = IPAddress.Parse("203.0.113.1");
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.51.100.7"), 500);
    private static readonly AsaConfig Config = Load();

    private readonly MemoryNetwork _network = new();
    private readonly GatedClock _clock = new();
    private IkeStack? _stack;

    private static AsaConfig Load()
    {
        var load = ConfigLoader.Load(FirstMessages.HeadendConfig("203.0.113.1", "255.255.255.0"));
        Assert.Equal(0, load.Errors);
        return load.Config;
    }

    private IkeStack Start(IkeServiceOptions? options = null)
    {
        _stack = new IkeStack(() => Config, _network, _clock, options: options, ikePort: 500, natTPort: 4500);
        Assert.Empty(_stack.Start());
        return _stack;
    }

    public async ValueTask DisposeAsync()
    {
        _clock.Open();
        if (_stack is not null) await _stack.DisposeAsync();
    }

    private MemoryEndpoint Endpoint(OutsidePort port) => _network.Find(port, Outside) ?? throw new InvalidOperationException($"no {port} endpoint");

    private static async Task<SentDatagram> NextAsync(MemoryEndpoint endpoint)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await endpoint.Outbox.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// Two rounds through the control queue: when the second returns, the step before the first has
    /// published its status (the loop is sequential, and publishes after each step once drained).
    /// </summary>
    private static async Task SettleAsync(IkeService ike)
    {
        await ike.ClearAsync(_ => false, ipsecOnly: true);
        await ike.ClearAsync(_ => false, ipsecOnly: true);
    }

    [Fact]
    public async Task A_first_message_on_port_500_is_answered_from_port_500_after_its_dh_work_is_done_off_the_loop()
    {
        var ike = Start().Ike;
        var (cookie, am1) = FirstMessages.Aggressive(1).Single();

        Endpoint(OutsidePort.Ike).Inject(Client, am1);

        var am2 = await NextAsync(Endpoint(OutsidePort.Ike));
        Assert.Equal(Client, am2.Peer);
        Assert.True(IsakmpHeader.TryRead(am2.Data, out var header));
        Assert.Equal((cookie, ExchangeType.Aggressive), (header.InitiatorCookie, header.Exchange));
        Assert.NotEqual(0UL, header.ResponderCookie);
        await SettleAsync(ike);
        var sa = Assert.Single(ike.Status.Sas);
        Assert.Equal((IkeSaState.AmWaitMsg3, "198.51.100.7", "203.0.113.1"), (sa.State, sa.Peer, sa.Local));
        Assert.Empty(Endpoint(OutsidePort.NatT).Sent);
    }

    [Fact]
    public async Task On_port_4500_ike_comes_and_goes_behind_the_non_esp_marker()
    {
        Start();
        var (cookie, am1) = FirstMessages.Aggressive(1).Single();
        var natTClient = new IPEndPoint(Client.Address, 4500);

        Endpoint(OutsidePort.NatT).Inject(natTClient, NatTFraming.Frame(am1));

        var am2 = await NextAsync(Endpoint(OutsidePort.NatT));
        Assert.Equal(natTClient, am2.Peer);
        Assert.Equal(NatTFraming.Kind.Ike, NatTFraming.Classify(am2.Data));
        Assert.True(IsakmpHeader.TryRead(am2.Data.AsSpan(NatTFraming.MarkerLength), out var header));
        Assert.Equal(cookie, header.InitiatorCookie);
        Assert.Empty(Endpoint(OutsidePort.Ike).Sent);
    }

    [Fact]
    public async Task Commands_go_before_queued_datagrams_and_a_full_queue_sheds_datagrams_counted_as_dropped()
    {
        var ike = Start(new IkeServiceOptions(InboxCapacity: 4)).Ike;
        var messages = FirstMessages.Aggressive(8).ToList();
        var local = new IPEndPoint(Outside, 500);

        // The loop takes the first message and is held before the engine sees it.
        _clock.Close();
        ike.Receive(local, Client, messages[0].Datagram);
        await _clock.HeldAsync();
        // Four fill the first-message queue; three more find it full.
        foreach (var (_, datagram) in messages.Skip(1)) ike.Receive(local, Client, datagram);
        var clear = ike.ClearAsync(sa => true, ipsecOnly: true);
        _clock.Open();

        // The command ran before the four queued first messages: one negotiation existed then.
        Assert.Equal(1, await clear);
        // Each negotiation exists once its DH work came back from a worker, when its second message goes out.
        for (var answered = 0; answered < 5; answered++) await NextAsync(Endpoint(OutsidePort.Ike));
        await SettleAsync(ike);
        Assert.Equal(5, ike.Status.Sas.Count);
        var statistics = ike.Status.Statistics;
        Assert.Equal((8L, 3L), (statistics.InPackets, statistics.InDropPackets));
    }

    [Fact]
    public async Task While_the_dh_queue_is_full_new_first_messages_are_dropped_undecoded()
    {
        // No worker takes the DH work: two negotiations fill the queue. Each from an address of its own: in a queue
        // this small one address's share is one (IkeEngine.DhQueueCapacity).
        var ike = Start(new IkeServiceOptions(DhWorkers: 0, DhQueueCapacity: 2)).Ike;
        var local = new IPEndPoint(Outside, 500);

        var n = 0;
        foreach (var (_, datagram) in FirstMessages.Aggressive(3)) ike.Receive(local, new IPEndPoint(IPAddress.Parse($"198.18.0.{10 + n++}"), 500), datagram);

        await SettleAsync(ike);
        Assert.Equal(2, ike.Status.Sas.Count(sa => sa.State == IkeSaState.AmWaitDh));
        Assert.Equal(1, ike.Status.Statistics.SystemCapacityFails);
        Assert.Empty(Endpoint(OutsidePort.Ike).Sent);
    }

    [Fact]
    public async Task The_one_second_tick_runs_on_the_fake_clock_and_ends_a_negotiation_that_timed_out()
    {
        var ike = Start().Ike;
        Endpoint(OutsidePort.Ike).Inject(Client, FirstMessages.Aggressive(1).Single().Datagram);
        await NextAsync(Endpoint(OutsidePort.Ike));
        await SettleAsync(ike);
        Assert.Single(ike.Status.Sas);

        _clock.Advance(IkeEngine.NegotiationTimeout + TimeSpan.FromSeconds(1));

        // The tick is queued by the timer's callback during Advance; the rounds after it see its step done.
        await SettleAsync(ike);
        Assert.Empty(ike.Status.Sas);
    }

    [Fact]
    public async Task A_status_view_keeps_its_copy_of_the_phase_1_key_after_the_engine_deleted_the_sa()
    {
        var ike = Start().Ike;
        Endpoint(OutsidePort.Ike).Inject(Client, FirstMessages.Aggressive(1).Single().Datagram);
        await NextAsync(Endpoint(OutsidePort.Ike));
        await SettleAsync(ike);
        var view = Assert.Single(ike.Status.Sas);
        var key = Assert.IsType<AsaEmu.Dataplane.Capture.IkeSaKeys>(view.Keys).EncryptionKey;
        var before = key.ToArray();
        Assert.Contains(before, b => b != 0);

        Assert.Equal(1, await ike.ClearAsync(_ => true));
        await SettleAsync(ike);

        Assert.Empty(ike.Status.Sas);
        Assert.Equal(before, key);
    }
}
