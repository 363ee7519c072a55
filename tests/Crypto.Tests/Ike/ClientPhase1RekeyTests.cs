using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// An EzVPN client's phase 1 rekey against the headend, in process (<see cref="EnginePair"/>): the client
/// takes the headend's shorter IKE SA lifetime from RESPONDER-LIFETIME, begins a new aggressive mode at 95%
/// of it, without INITIAL-CONTACT, and the headend lets the new IKE SA take the session over (user,
/// address, IPsec SAs) with neither XAUTH nor Mode Config; the old IKE SA goes with a DELETE and no teardown.
/// </summary>
public class ClientPhase1RekeyTests
{
    private const string ShortLifetimes = """
        crypto ikev1 policy 10
         lifetime 600
        crypto dynamic-map DYN 10 set security-association lifetime seconds 120
        group-policy EZ attributes
         vpn-idle-timeout none
        """;

    private static readonly DateTimeOffset Start = EnginePair.Start;

    private static int Count(EnginePair.Side side, string text) => side.Events.Count(e => e.Text.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void The_client_takes_the_headends_shorter_lifetime_and_rekeys_phase_1_without_xauth_or_mode_config()
    {
        var pair = new EnginePair("crypto ikev1 policy 10\n lifetime 600\n").Connect();
        var (oldClient, oldHeadend) = (pair.Client.Sa, pair.Headend.Sa);
        var address = oldHeadend.AssignedAddress;
        Assert.Equal(600, oldClient.Selection!.LifetimeSeconds); // RESPONDER-LIFETIME lowered the 2147483 s it asked for

        pair.At(Start + TimeSpan.FromSeconds(569));
        Assert.Same(oldClient, pair.Client.Sa);
        pair.At(Start + TimeSpan.FromSeconds(570));

        var (client, headend) = (pair.Client.Sa, pair.Headend.Sa);
        Assert.True(oldClient.Removed && oldHeadend.Removed);
        Assert.Equal(client.CookieI, headend.CookieI);
        Assert.NotEqual(oldClient.CookieI, client.CookieI);
        Assert.Equal((IkeSaState.AmActive, IkeSaState.AmActive), (client.State, headend.State));
        // The session is the same one: its user, address, start and SA pair.
        Assert.Equal(("cisco", address, oldHeadend.Created), (headend.Username, headend.AssignedAddress, headend.SessionStart));
        Assert.Equal(address, client.AssignedAddress);
        Assert.Equal([address!.Value], pair.Headend.Engine.Pools.InUse("POOL"));
        Assert.Equal(pair.Headend.Installed[0].InboundSpi, Assert.Single(headend.Children).InboundSpi);
        Assert.Equal(pair.Client.Installed[0].InboundSpi, Assert.Single(client.Children).InboundSpi);
        Assert.Empty(pair.Client.Removed);
        Assert.Empty(pair.Headend.Removed);
        // XAUTH and Mode Config ran once, for the first phase 1; the rekey's AM3 carried no INITIAL-CONTACT.
        Assert.Equal(1, Count(pair.Headend, "User (cisco) authenticated"));
        Assert.Equal(1, Count(pair.Headend, "Assigned private IP address"));
        Assert.Equal(1, Count(pair.Headend, RemoteAccessText.Phase1Rekey("cisco")));
        Assert.DoesNotContain(pair.Client.Events.Concat(pair.Headend.Events), e => e.Syslog?.Id is 113019 or 713259);
        Assert.Equal(0L, pair.Headend.Engine.Statistics.PreviousTunnels);

        // The new IKE SA outlives the old one's end; the next rekey comes at 95% of its own lifetime.
        pair.At(Start + TimeSpan.FromSeconds(1000));
        Assert.Same(headend, pair.Headend.Sa);
        pair.At(Start + TimeSpan.FromSeconds(570 + 570));
        Assert.NotSame(headend, pair.Headend.Sa);
        Assert.Equal(oldHeadend.Created, pair.Headend.Sa.SessionStart);
    }

    [Fact]
    public void Through_half_an_hour_of_ipsec_and_phase_1_rekeys_the_session_never_loses_its_sa_pair()
    {
        var pair = new EnginePair(ShortLifetimes).Connect();
        var address = pair.Headend.Sa.AssignedAddress;

        for (var t = 5; t <= 1800; t += 5)
        {
            pair.At(Start + TimeSpan.FromSeconds(t));
            var (clients, headends) = (pair.Client.Engine.Sas.Where(s => !s.Superseded).ToList(), pair.Headend.Engine.Sas.Where(s => !s.Superseded).ToList());
            Assert.True(clients.Count == 1 && headends.Count == 1, $"at {t} s: {clients.Count} client and {headends.Count} headend sessions\n" + string.Join("\n", pair.Headend.Events.TakeLast(30).Select(e => e.Text)));
            var (client, headend) = (clients[0], headends[0]);
            Assert.True(client.Established && headend.Established, $"at {t} s");
            Assert.NotEmpty(headend.Children);
            // Every pair the headend holds, the client holds too (its inbound SA is the client's outbound).
            Assert.Equal(headend.Children.Select(c => c.InboundSpi).Order(), client.Children.Select(c => c.OutboundSpi).Order());
            Assert.Equal(address, headend.AssignedAddress);
        }

        Assert.True(Count(pair.Headend, RemoteAccessText.Phase1Rekey("cisco")) >= 3);
        Assert.True(pair.Headend.Installed.Count >= 15); // a Quick Mode rekey every 114 s
        Assert.DoesNotContain(pair.Client.Events.Concat(pair.Headend.Events), e => e.Syslog?.Id is 113019 or 713259);
        Assert.Equal(0L, pair.Headend.Engine.Statistics.PreviousTunnels);
    }

    [Fact]
    public void A_main_mode_client_rekeys_phase_1_the_same_way()
    {
        const string DefaultRaGroup = """
            crypto ikev1 policy 10
             lifetime 600
            tunnel-group DefaultRAGroup general-attributes
             address-pool POOL
             default-group-policy EZ
            tunnel-group DefaultRAGroup ipsec-attributes
             ikev1 pre-shared-key android
            """;
        var profile = new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "DefaultRAGroup", "android", "cisco", "cisco")
        {
            Mode = AsaEmu.Crypto.Isakmp.ExchangeType.IdentityProtection,
        };
        var pair = new EnginePair(DefaultRaGroup, profile).Connect();
        var (oldHeadend, address) = (pair.Headend.Sa, pair.Headend.Sa.AssignedAddress);

        pair.At(Start + TimeSpan.FromSeconds(570));

        var headend = pair.Headend.Sa;
        Assert.True(oldHeadend.Removed);
        Assert.Equal((IkeSaState.MmActive, IkeSaState.MmActive), (pair.Client.Sa.State, headend.State));
        Assert.Equal(("cisco", address), (headend.Username, headend.AssignedAddress));
        Assert.Single(headend.Children);
        Assert.Equal(1, Count(pair.Headend, "User (cisco) authenticated"));
        Assert.Equal(1, Count(pair.Headend, RemoteAccessText.Phase1Rekey("cisco")));
    }

    [Fact]
    public void A_client_that_connects_again_with_initial_contact_is_a_new_session_with_xauth()
    {
        var pair = new EnginePair().Connect();

        pair.RestartClient().Connect();

        Assert.Equal(2, Count(pair.Headend, "User (cisco) authenticated"));
        Assert.Equal(0, Count(pair.Headend, RemoteAccessText.Phase1Rekey("cisco")));
    }
}
