using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The engine against itself: an EzVPN client engine against the headend engine, in process
/// (<see cref="EnginePair"/>). Each scenario checks what both ends hold afterwards, not only what
/// one of them said.
/// </summary>
public class TwoEngineTests
{
    private static readonly DateTimeOffset Start = EnginePair.Start;

    private static void SamePair(ChildSa headend, ChildSa client)
    {
        Assert.Equal((headend.InboundSpi, headend.OutboundSpi), (client.OutboundSpi, client.InboundSpi));
        Assert.Equal(headend.Keys.Inbound.EncryptionKey, client.Keys.Outbound.EncryptionKey);
        Assert.Equal(headend.Keys.Inbound.IntegrityKey, client.Keys.Outbound.IntegrityKey);
        Assert.Equal(headend.Keys.Outbound.EncryptionKey, client.Keys.Inbound.EncryptionKey);
        Assert.Equal(headend.Transform with { TransformSet = "" }, client.Transform with { TransformSet = "" });
        Assert.Equal(headend.UdpEncapsulated, client.UdpEncapsulated);
    }

    [Fact]
    public void Aggressive_mode_xauth_mode_config_and_quick_mode_over_nat_t_bring_up_one_sa_pair_at_both_ends()
    {
        var pair = new EnginePair().Connect();

        Assert.True(pair.Headend.Sa.Established);
        Assert.True(pair.Client.Sa.Established);
        SamePair(Assert.Single(pair.Headend.Installed), Assert.Single(pair.Client.Installed));
        var child = pair.Headend.Installed[0];
        Assert.True(child.UdpEncapsulated);
        Assert.Equal(4500, pair.Headend.Sa.Peer.Port); // the client floated to 4500 for AM3 (RFC 3947 §4)
        Assert.Equal(child.RemoteAddress, pair.Client.Sa.AssignedAddress);
        Assert.Equal("cisco", pair.Headend.Sa.Username);
        var grant = pair.Client.Sa.Configuration!;
        Assert.Equal(["198.18.1.53"], grant.DnsServers.Select(d => d.ToString()));
        Assert.Equal(("198.18.1.0", "255.255.255.0"), (grant.SplitInclude.Single().Network.ToString(), grant.SplitInclude.Single().Mask.ToString()));
        Assert.Equal(("lab.example", "Welcome to the lab"), (grant.DefaultDomain, grant.Banner));
    }

    [Fact]
    public void The_headends_debug_lines_for_an_engine_client_follow_the_tac_note_templates()
    {
        var lines = new EnginePair().Connect().Headend.Events.Where(e => e.Debug && e.Category == EventCategory.Isakmp)
            .Select(e => $"[IKEv1{(e.Tag == DebugTag.Debug ? " DEBUG" : e.Tag == DebugTag.Decode ? " DECODE" : "")}]: {e.Context}{e.Text}").ToList();

        var (missing, at, skipped) = DebugTemplates.Walk(lines);
        Assert.True(missing is null, $"template not found after line {at}: {missing}\n--- from there ---\n{string.Join("\n", lines.Skip(at).Take(12))}");
        Assert.True(skipped.Count == 0, "lines no template accounts for:\n" + string.Join("\n", skipped));
    }

    [Fact]
    public void Without_nat_t_the_sa_stays_on_port_500_in_tunnel_mode()
    {
        var pair = new EnginePair(profile: new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "cisco") { NatTraversal = false })
            .Connect();

        SamePair(Assert.Single(pair.Headend.Installed), Assert.Single(pair.Client.Installed));
        Assert.False(pair.Headend.Installed[0].UdpEncapsulated);
        Assert.Equal(500, pair.Headend.Sa.Peer.Port);
    }

    [Fact]
    public void Without_xauth_mode_config_follows_phase_1_at_once()
    {
        var pair = new EnginePair("tunnel-group EZ ipsec-attributes\n ikev1 user-authentication none\n",
            new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "", "") { Xauth = false }).Connect();

        SamePair(Assert.Single(pair.Headend.Installed), Assert.Single(pair.Client.Installed));
        Assert.Null(pair.Headend.Sa.Username);
        Assert.DoesNotContain(pair.Headend.Events, e => e.Text.Contains("authenticated", StringComparison.Ordinal));
    }

    [Fact]
    public void With_pfs_both_ends_key_the_sa_with_a_second_diffie_hellman()
    {
        var pair = new EnginePair("crypto dynamic-map DYN 10 set pfs group2\n",
            new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "cisco") { PfsGroup = 2 }).Connect();

        SamePair(Assert.Single(pair.Headend.Installed), Assert.Single(pair.Client.Installed));
        Assert.Equal((2, 2), (pair.Headend.Installed[0].PfsGroup, pair.Client.Installed[0].PfsGroup));
    }

    [Fact]
    public void A_wrong_group_key_ends_at_the_client_with_nothing_installed_anywhere()
    {
        var pair = new EnginePair(profile: new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "wrong", "cisco", "cisco")).Connect();

        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Client.Installed);
        Assert.Contains(pair.Client.Events, e => e.Text == "Error processing payload: Payload ID: 8"); // HASH_R did not verify
        // The client gives up after its resends of AM1 go unanswered, the headend at its negotiation timeout.
        pair.At(Start + IkeEngine.NegotiationTimeout);
        Assert.Empty(pair.Headend.Engine.Sas);
    }

    [Fact]
    public void A_wrong_xauth_password_is_refused_three_times_and_both_ends_let_go()
    {
        var pair = new EnginePair(profile: new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "nope")).Connect();

        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Equal(3, pair.Headend.Events.Count(e => e.Syslog?.Id == 713167));
        Assert.Empty(pair.Headend.Installed);
    }

    [Fact]
    public void The_headend_rekeys_at_95_percent_and_the_client_answers_the_new_sa_replaces_the_old_at_both_ends()
    {
        var pair = new EnginePair("crypto ipsec security-association lifetime seconds 600\n").Connect();
        var old = pair.Headend.Installed.Single();

        pair.At(old.Created.AddSeconds(570)); // 95% of 600 s

        Assert.Equal(2, pair.Headend.Installed.Count);
        Assert.Equal(2, pair.Client.Installed.Count);
        SamePair(pair.Headend.Installed[1], pair.Client.Installed[1]);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713049 && e.Text.Contains("Initiator", StringComparison.Ordinal));
        // The EzVPN client began only its first Quick Mode: it leaves rekeys to the headend.
        Assert.Equal(1, pair.Client.Events.Count(e => e.Text.StartsWith("IKE Initiator sending 1st QM pkt", StringComparison.Ordinal)));

        pair.At(old.Created.AddSeconds(600));
        Assert.Equal(old.InboundSpi, Assert.Single(pair.Headend.Removed).InboundSpi);
        Assert.Equal(old.OutboundSpi, Assert.Single(pair.Client.Removed).InboundSpi); // the client was told with a DELETE
        Assert.Single(pair.Headend.Sa.Children);
        Assert.Single(pair.Client.Sa.Children);
    }

    [Fact]
    public void The_client_answers_dead_peer_detection_and_a_silent_client_is_declared_dead()
    {
        var pair = new EnginePair().Connect();
        var up = pair.Now;

        pair.At(up.AddSeconds(300)); // isakmp keepalive threshold 300 retry 2 (remote access)
        Assert.Contains(pair.Headend.Events, e => e.Text.StartsWith("Sending keep-alive of type DPD R-U-THERE", StringComparison.Ordinal));
        Assert.Contains(pair.Client.Events, e => e.Text.StartsWith("Sending keep-alive of type DPD R-U-THERE-ACK", StringComparison.Ordinal));
        Assert.Equal(0, pair.Headend.Sa.DpdOutstanding);

        pair.Drop = (side, _) => side == pair.Client;
        for (var retry = 0; retry <= IkeEngine.DpdMaxRetries; retry++) pair.At(up.AddSeconds(600 + 2 * retry));
        Assert.Contains(pair.Headend.Events, e => e.Syslog == new SyslogId(713123, 3));
        Assert.Empty(pair.Headend.Engine.Sas);
    }

    [Fact]
    public void A_client_that_leaves_deletes_its_sas_and_the_headend_tears_the_session_down()
    {
        var pair = new EnginePair().Connect();

        pair.Do(pair.Client, (engine, config, now) => engine.Clear(config, now, _ => true));

        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Contains(pair.Headend.Events, e => e.Text == "Session is being torn down. Reason: User Requested");
        Assert.Single(pair.Headend.Removed);
    }

    [Fact]
    public void Clear_crypto_isakmp_sa_on_the_headend_ends_the_session_at_the_client_too()
    {
        var pair = new EnginePair().Connect();

        pair.Do(pair.Headend, (engine, config, now) => engine.Clear(config, now, _ => true));

        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Single(pair.Client.Removed);
    }

    [Fact]
    public void A_lost_first_message_is_resent_and_the_session_comes_up()
    {
        var dropped = 0;
        var pair = new EnginePair { Drop = (side, d) => side.Name == "client" && dropped++ == 0 }; // AM1 lost once
        pair.Connect();
        Assert.Empty(pair.Headend.Engine.Sas);

        pair.At(Start + TaskManager.FirstRetransmit);

        SamePair(Assert.Single(pair.Headend.Installed), Assert.Single(pair.Client.Installed));
        Assert.Contains(pair.Client.Events, e => e.Text.StartsWith("IKE_DECODE RESENDING", StringComparison.Ordinal));
    }
}

/// <summary>Main mode, in process: a client that keys phase 1 by the headend's DefaultRAGroup (Android's and iOS's "IPsec Xauth PSK").</summary>
public class MainModeTwoEngineTests
{
    private const string DefaultRaGroup = """
        tunnel-group DefaultRAGroup general-attributes
         address-pool POOL
         default-group-policy EZ
        tunnel-group DefaultRAGroup ipsec-attributes
         ikev1 pre-shared-key android
        """;

    private static RemoteAccessProfile MainModeClient(string key = "android") =>
        new(EnginePair.Client500, EnginePair.Headend500, "DefaultRAGroup", key, "cisco", "cisco") { Mode = AsaEmu.Crypto.Isakmp.ExchangeType.IdentityProtection };

    [Fact]
    public void A_main_mode_client_is_keyed_by_default_ra_group_then_xauth_mode_config_and_quick_mode_follow()
    {
        var pair = new EnginePair(DefaultRaGroup, MainModeClient()).Connect();

        Assert.Equal(IkeSaState.MmActive, pair.Headend.Sa.State);
        Assert.Equal(IkeSaState.MmActive, pair.Client.Sa.State);
        Assert.Equal(("DefaultRAGroup", "cisco"), (pair.Headend.Sa.TunnelGroup, pair.Headend.Sa.Username));
        var headend = Assert.Single(pair.Headend.Installed);
        var client = Assert.Single(pair.Client.Installed);
        Assert.Equal((headend.InboundSpi, headend.OutboundSpi), (client.OutboundSpi, client.InboundSpi));
        Assert.Equal(headend.Keys.Inbound.EncryptionKey, client.Keys.Outbound.EncryptionKey);
        Assert.Equal(headend.RemoteAddress, pair.Client.Sa.AssignedAddress);
        Assert.Contains(pair.Headend.Events, e => e.Text == "Connection landed on tunnel_group DefaultRAGroup");
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713119);
    }

    [Fact]
    public void Under_the_half_open_limit_a_main_mode_peer_that_sent_mm3_stays_ahead_of_first_messages_from_any_address()
    {
        var headendConfig = AsaEmu.ConfigModel.Loading.ConfigLoader.Load(DefaultRaGroup + "\ncrypto ikev1 limit max-in-negotiation-sa 2\n",
            start: AggressiveModeExchangeTests.Load()).Config;
        var headend = new IkeEngine(new SeededRandom(1));
        var client = new IkeEngine(new SeededRandom(2));
        var clientConfig = AsaEmu.ConfigModel.Loading.ConfigLoader.Load("").Config;
        var now = EnginePair.Start;
        static IkeDatagram Turned(IkeOutputs outputs) => Assert.Single(outputs.Datagrams) is var d ? d with { Local = d.Remote, Remote = d.Local } : null!;
        IkeOutputs ToHeadend(IkeOutputs outputs) => headend.Receive(Turned(outputs), headendConfig, now);
        IkeOutputs ToClient(IkeOutputs outputs) => client.Receive(Turned(outputs), clientConfig, now);

        // MM1, MM2, MM3: the headend's SA waits for MM5, its peer proven to receive at its address.
        var mm4 = ToHeadend(ToClient(ToHeadend(client.Connect(MainModeClient(), clientConfig, now))));
        Assert.Single(mm4.Datagrams);
        Assert.Equal(IkeSaState.MmWaitMsg5, Assert.Single(headend.Sas).State);
        var proven = Assert.Single(headend.Sas).CookieI;

        // Three first messages from three addresses, each newer and each alone at its address: one of them goes, never the proven one.
        for (var n = 1; n <= 3; n++)
        {
            var flood = new TestInitiator(new SeededRandom(10 + n), "EZ", "cisco", new System.Net.IPEndPoint(System.Net.IPAddress.Parse($"198.18.0.{10 + n}"), 500), EnginePair.Headend500)
            {
                CookieI = 0x5000UL + (ulong)n,
            };
            now = now.AddSeconds(1);
            headend.Receive(flood.Am1(), headendConfig, now);
        }

        Assert.Equal(new[] { proven, 0x5003UL }.Order(), headend.Sas.Select(sa => sa.CookieI).Order());
    }

    [Fact]
    public void A_main_mode_client_with_another_key_fails_at_message_5_and_nothing_is_installed()
    {
        var pair = new EnginePair(DefaultRaGroup, MainModeClient("other")).Connect();

        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Contains(pair.Headend.Events, e => e.Text.StartsWith("ERROR, had problems decrypting packet", StringComparison.Ordinal)
            || e.Text.StartsWith("Received encrypted Oakley Main Mode packet", StringComparison.Ordinal));
        Assert.Equal(1, pair.Headend.Engine.Statistics.AuthFails);
    }

    [Fact]
    public void A_group_without_a_key_gets_no_message_4_and_the_client_waits_in_mm_wait_msg4()
    {
        var pair = new EnginePair("", MainModeClient()).Connect(); // DefaultRAGroup has no pre-shared key

        Assert.Equal(IkeSaState.MmWaitMsg4, pair.Client.Sa.State);
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Contains(pair.Headend.Events, e => e.Text == "Can't find a valid tunnel group, aborting...");
    }
}
