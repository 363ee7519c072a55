using System.Collections.Concurrent;
using System.Threading.Channels;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;
using AsaEmu.TestKit.Ike;
using AsaEmu.TestKit.Outside;
using AsaEmu.TestKit.Time;

namespace AsaEmu.Dataplane.Tests.Ike;

/// <summary>
/// Two IKE services in process over IKEv2 on the in-memory outside and one fake clock, each with a
/// dataplane double that counts bytes: the one-second tick polls the IKEv2 Child SAs' counts as it does
/// IKEv1's, so the crypto map's kilobyte lifetime rekeys a Child SA and the group policy's idle timeout
/// ends a tunnel that carried nothing.
/// </summary>
public sealed class Ikev2UsageTests : IAsyncDisposable
{
    private readonly MemoryNetwork _network = new();
    private readonly GatedClock _clock = new();
    private readonly List<IkeStack> _stacks = [];

    private static string Site(string outside, string localNet, string remoteNet, string peer, string extra) => $"""
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address {outside} 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address {localNet[..^1]}1 255.255.255.0
        access-list VPN extended permit ip {localNet} 255.255.255.0 {remoteNet} 255.255.255.0
        crypto ipsec ikev2 ipsec-proposal P
         protocol esp encryption aes-256
         protocol esp integrity sha-1
        crypto map MAP 10 match address VPN
        crypto map MAP 10 set peer {peer}
        crypto map MAP 10 set ikev2 ipsec-proposal P
        crypto map MAP 10 set security-association lifetime kilobytes 1000
        crypto map MAP interface outside
        crypto ikev2 policy 10
         encryption aes-256
         integrity sha256
         group 14
         prf sha256
        crypto ikev2 enable outside
        tunnel-group {peer} type ipsec-l2l
        tunnel-group {peer} ipsec-attributes
         ikev2 remote-authentication pre-shared-key shared
         ikev2 local-authentication pre-shared-key shared
        {extra}
        """;

    /// <summary>The IPsec SA pairs a service installed and removed, and the bytes each carried as the test says.</summary>
    private sealed class CountingSas(TimeProvider clock) : IIpsecSas
    {
        private readonly ConcurrentDictionary<uint, ChildSa> _installed = new();
        private readonly SemaphoreSlim _polled = new(0);
        private long _lastPoll;

        public ConcurrentDictionary<uint, ChildSaUsage> Usage { get; } = new();
        public Channel<(bool Installed, ChildSa Child)> Changes { get; } = Channel.CreateUnbounded<(bool, ChildSa)>();
        public IReadOnlyCollection<ChildSa> Installed => [.. _installed.Values];

        public void Install(ChildSa child)
        {
            _installed[child.InboundSpi] = child;
            Changes.Writer.TryWrite((true, child));
        }

        public void Remove(ChildSa child)
        {
            if (_installed.TryRemove(child.InboundSpi, out _)) Changes.Writer.TryWrite((false, child));
        }

        public ChildSaUsage? UsageOf(uint inboundSpi)
        {
            Interlocked.Exchange(ref _lastPoll, clock.GetUtcNow().UtcTicks);
            _polled.Release();
            return _installed.ContainsKey(inboundSpi) ? Usage.GetValueOrDefault(inboundSpi) : null;
        }

        /// <summary>The next change: a pair installed (true) or removed.</summary>
        public async Task<(bool Installed, ChildSa Child)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await Changes.Reader.ReadAsync(timeout.Token);
        }

        /// <summary>Waits for a tick's poll of the counts at <paramref name="at"/> or later.</summary>
        public async Task PolledAsync(DateTimeOffset at)
        {
            while (Interlocked.Read(ref _lastPoll) < at.UtcTicks)
                Assert.True(await _polled.WaitAsync(TimeSpan.FromSeconds(30)), "no tick polled the counts");
        }
    }

    private (IkeService A, CountingSas SasA, IkeService B, CountingSas SasB) Start(string extraA = "", string extraB = "")
    {
        IkeService Stack(string config, CountingSas sas)
        {
            var load = ConfigLoader.Load(config);
            Assert.Equal(0, load.Errors);
            var stack = new IkeStack(() => load.Config, _network, _clock, sas: sas, ikePort: 500, natTPort: 4500);
            _stacks.Add(stack);
            Assert.Empty(stack.Start());
            return stack.Ike;
        }
        var (sasA, sasB) = (new CountingSas(_clock), new CountingSas(_clock));
        return (Stack(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", extraA), sasA), sasA,
            Stack(Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extraB), sasB), sasB);
    }

    public async ValueTask DisposeAsync()
    {
        _clock.Open();
        foreach (var stack in _stacks) await stack.DisposeAsync();
    }

    /// <summary>A's LAN sends to B's: the tunnel comes up, one Child SA pair installed at each end.</summary>
    private static async Task<(ChildSa A, ChildSa B)> UpAsync(IkeService a, CountingSas sasA, CountingSas sasB)
    {
        a.Initiate(Ipv4.Parse("10.1.0.5"), Ipv4.Parse("10.2.0.9"));
        var (installedA, childA) = await sasA.NextAsync();
        var (installedB, childB) = await sasB.NextAsync();
        Assert.True(installedA && installedB);
        Assert.Equal(childA.InboundSpi, childB.OutboundSpi);
        return (childA, childB);
    }

    /// <summary>
    /// Time passes (a second unless said): the tick's step has polled the counts and run, and the status
    /// it left is published, once this returns.
    /// </summary>
    private async Task TickAsync(IkeService ike, CountingSas sas, TimeSpan? by = null)
    {
        _clock.Advance(by ?? TimeSpan.FromSeconds(1));
        await sas.PolledAsync(_clock.GetUtcNow());
        // The tick's step polls first; two rounds through the control queue after it: its status is out.
        await ike.ClearAsync(_ => false, ipsecOnly: true);
        await ike.ClearAsync(_ => false, ipsecOnly: true);
    }

    [Fact]
    public async Task The_dataplanes_count_past_95_percent_of_the_kilobyte_lifetime_rekeys_the_child_sa_at_both_ends()
    {
        var (a, sasA, _, sasB) = Start();
        var (oldA, oldB) = await UpAsync(a, sasA, sasB);
        Assert.Equal(1000, oldA.LifetimeKilobytes);

        sasA.Usage[oldA.InboundSpi] = new ChildSaUsage(BytesIn: 960 * 1024, BytesOut: 1000);
        await TickAsync(a, sasA);

        // The new pair first, then the old one goes (§2.8: the end that began the rekey deletes it).
        var changesA = new[] { await sasA.NextAsync(), await sasA.NextAsync() };
        var changesB = new[] { await sasB.NextAsync(), await sasB.NextAsync() };
        Assert.True(changesA[0].Installed && !changesA[1].Installed && changesA[1].Child == oldA);
        Assert.True(changesB[0].Installed && !changesB[1].Installed && changesB[1].Child == oldB);
        Assert.NotEqual(oldA.InboundSpi, changesA[0].Child.InboundSpi);
        Assert.Equal(changesA[0].Child.InboundSpi, changesB[0].Child.OutboundSpi);
        Assert.Equal([changesA[0].Child], sasA.Installed);
    }

    [Fact]
    public async Task A_tunnel_that_carries_nothing_for_the_idle_timeout_ends_and_traffic_keeps_it()
    {
        var (a, sasA, _, sasB) = Start("group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 1", "group-policy DfltGrpPolicy attributes\n vpn-idle-timeout none");
        var (childA, _) = await UpAsync(a, sasA, sasB);

        // Traffic 40 s in; 50 s later (90 s after it came up) it is still there.
        await TickAsync(a, sasA, TimeSpan.FromSeconds(40));
        sasA.Usage[childA.InboundSpi] = new ChildSaUsage(100, 100);
        await TickAsync(a, sasA);
        await TickAsync(a, sasA, TimeSpan.FromSeconds(50));
        Assert.Single(a.Status.Ikev2Sas);
        Assert.False(sasA.Changes.Reader.TryRead(out _));

        // A minute after the traffic it ends, and the DELETE takes it down at the other end too.
        await TickAsync(a, sasA, TimeSpan.FromSeconds(10));

        Assert.Equal((false, childA), await sasA.NextAsync());
        Assert.False((await sasB.NextAsync()).Installed);
        Assert.Empty(a.Status.Ikev2Sas);
    }
}
