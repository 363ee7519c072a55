using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>Time in the engine: idle timeout (vpn-idle-timeout, 30 minutes by default), DPD.</summary>
public class IkeTimerTests
{
    private static readonly DateTimeOffset Up = AggressiveModeExchangeTests.Now;

    [Fact]
    public void A_session_without_traffic_ends_after_the_idle_timeout_with_deletes_to_the_client()
    {
        var engine = AggressiveModeExchangeTests.SessionEngine();
        var config = AggressiveModeExchangeTests.Load();

        Assert.DoesNotContain(engine.Tick(config, Up.AddMinutes(29)).Events, e => e.Syslog?.Id == 713259);
        var outputs = engine.Tick(config, Up.AddMinutes(30));

        Assert.Contains(outputs.Events, e => e.Syslog == new SyslogId(713259, 5) && e.Text == "Session is being torn down. Reason: Idle Timeout");
        Assert.Equal(2, outputs.Datagrams.Count); // DELETE of the IPsec SA, then of the IKE SA
        Assert.Single(outputs.Removed);
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void Traffic_keeps_a_session_alive()
    {
        var engine = AggressiveModeExchangeTests.SessionEngine();
        var config = AggressiveModeExchangeTests.Load();
        var sa = engine.Sas.Single();

        engine.NoteUsage(sa.CookieI, sa.Children.Single().InboundSpi, new ChildSaUsage(84, 84), Up.AddMinutes(20));
        engine.Tick(config, Up.AddMinutes(31));

        Assert.Single(engine.Sas);
    }

    /// <summary>
    /// A local user's own timeouts in minutes (<c>username NAME attributes</c>; 1 minute is the ASA's smallest):
    /// <c>vpn-session-timeout</c> ends a session that keeps busy, <c>vpn-idle-timeout</c> one that sends nothing,
    /// each with its DELETEs to the client, whose engine then lets its SA go (vpnc exits on it: the interop
    /// RADIUS test, where the server's timeouts are seconds).
    /// </summary>
    [Theory]
    [InlineData("vpn-session-timeout 1", true, "Max time exceeded")]
    [InlineData("vpn-idle-timeout 1", false, "Idle Timeout")]
    public void A_local_users_minute_of_session_or_idle_timeout_ends_the_session_and_the_client_is_told(string timeout, bool busy, string reason)
    {
        var pair = new EnginePair($"username limited password cisco\nusername limited attributes\n {timeout}\n",
            new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "limited", "cisco")).Connect();
        var sa = pair.Headend.Sa;
        Assert.True(pair.Client.Sa.Established);

        // Traffic up to the last second before the minute (the busy one), or none at all (the quiet one).
        if (busy) pair.Headend.Engine.NoteUsage(sa.CookieI, sa.Children.Single().InboundSpi, new ChildSaUsage(84, 84), EnginePair.Start.AddSeconds(59));
        pair.At(EnginePair.Start.AddSeconds(59));
        Assert.Single(pair.Headend.Engine.Sas);
        pair.At(EnginePair.Start.AddMinutes(1));

        Assert.Contains(pair.Headend.Events, e => e.Syslog == new SyslogId(713259, 5) && e.Text == $"Session is being torn down. Reason: {reason}");
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Empty(pair.Client.Engine.Sas); // the DELETEs reached the client
    }

    [Fact]
    public void A_local_users_idle_timeout_is_kept_off_by_traffic_and_counted_from_the_last_packet()
    {
        var pair = new EnginePair("username limited password cisco\nusername limited attributes\n vpn-idle-timeout 1\n",
            new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "limited", "cisco")).Connect();
        var sa = pair.Headend.Sa;

        pair.Headend.Engine.NoteUsage(sa.CookieI, sa.Children.Single().InboundSpi, new ChildSaUsage(84, 84), EnginePair.Start.AddSeconds(30));
        pair.At(EnginePair.Start.AddSeconds(89));
        Assert.Single(pair.Headend.Engine.Sas);
        pair.At(EnginePair.Start.AddSeconds(90));

        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713259 && e.Text == "Session is being torn down. Reason: Idle Timeout");
        Assert.Empty(pair.Client.Engine.Sas);
    }

    [Fact]
    public void A_quiet_nat_t_session_gets_a_keepalive_every_nat_traversal_interval()
    {
        var engine = AggressiveModeExchangeTests.SessionEngine();
        var config = AggressiveModeExchangeTests.Load();
        var sa = engine.Sas.Single();
        Assert.Equal(4500, sa.Local.Port); // the session floated to UDP 4500

        // crypto isakmp nat-traversal 20 (the default): quiet for 20 s, one 0xFF byte to the peer.
        Assert.Empty(engine.Tick(config, Up.AddSeconds(19)).NatKeepalives);
        var keepalive = Assert.Single(engine.Tick(config, Up.AddSeconds(20)).NatKeepalives);
        Assert.Equal((sa.Local, sa.Peer, "FF"), (keepalive.Local, keepalive.Remote, Convert.ToHexString(keepalive.Data.Span)));
        Assert.Empty(engine.Tick(config, Up.AddSeconds(39)).NatKeepalives);

        // Traffic through the tunnel keeps the mapping alive by itself.
        engine.NoteUsage(sa.CookieI, sa.Children.Single().InboundSpi, new ChildSaUsage(100, 100), Up.AddSeconds(39));
        Assert.Empty(engine.Tick(config, Up.AddSeconds(50)).NatKeepalives);
        Assert.Single(engine.Tick(config, Up.AddSeconds(59)).NatKeepalives);

        // no crypto isakmp nat-traversal: none.
        var off = ConfigModel.Loading.ConfigLoader.Load("no crypto isakmp nat-traversal\n", start: config).Config;
        Assert.Empty(engine.Tick(off, Up.AddSeconds(200)).NatKeepalives);
    }

    [Fact]
    public void A_silent_peer_gets_r_u_there_after_the_keepalive_threshold_and_is_declared_dead_after_five()
    {
        var engine = AggressiveModeExchangeTests.SessionEngine();
        var config = AggressiveModeExchangeTests.Load();

        // Remote-access default: isakmp keepalive threshold 300 retry 2.
        Assert.Empty(engine.Tick(config, Up.AddSeconds(299)).Datagrams);
        var first = engine.Tick(config, Up.AddSeconds(300));
        Assert.Single(first.Datagrams);
        Assert.Contains(first.Events, e => e.Text == "Sending keep-alive of type DPD R-U-THERE (seq number 0x00000001)");
        for (var retry = 1; retry < IkeEngine.DpdMaxRetries; retry++)
            Assert.Single(engine.Tick(config, Up.AddSeconds(300 + 2 * retry)).Datagrams);
        var dead = engine.Tick(config, Up.AddSeconds(300 + 2 * IkeEngine.DpdMaxRetries));
        Assert.Contains(dead.Events, e => e.Syslog == new SyslogId(713123, 3));
        Assert.Contains(dead.Events, e => e.Text == "Session is being torn down. Reason: Lost Service");
        Assert.Empty(engine.Sas);
    }
}

/// <summary>The headend rekeys an IPsec SA at 95% of its lifetime and deletes the old one when it expires.</summary>
public class RekeyTests
{
    [Fact]
    public void At_the_end_of_the_phase_1_lifetime_the_session_ends_with_sa_expired()
    {
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient();
        var config = ConfigModel.Loading.ConfigLoader.Load(
            "group-policy EZ attributes\n vpn-idle-timeout none\ntunnel-group EZ ipsec-attributes\n isakmp keepalive disable\n",
            start: AggressiveModeExchangeTests.Load()).Config;
        var sa = engine.Sas.Single();
        Assert.Equal(86400, sa.Selection!.LifetimeSeconds);

        Assert.DoesNotContain(engine.Tick(config, sa.Created.AddSeconds(86399)).Events, e => e.Syslog?.Id == 113019);
        var end = engine.Tick(config, sa.Created.AddSeconds(86400));

        Assert.Contains(end.Events, e => e.Syslog?.Id == 113019 && e.Text.EndsWith("Reason: SA Expired", StringComparison.Ordinal));
        var (_, delete) = client.Open(end.Datagrams[^1]);
        Assert.Equal(OakleyAttributes.ProtocolIsakmp, Assert.IsType<DeletePayload>(delete[1]).ProtocolId);
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_rekey_repeats_the_pfs_of_the_sa_it_replaces()
    {
        // The map asks for group 5; the client offers it, as vpnc --pfs dh5 does.
        var (engine, client, old) = AggressiveModeExchangeTests.SessionWithClient("crypto dynamic-map DYN 10 set pfs group5\n", pfsGroup: 5);
        Assert.Equal(5, old.PfsGroup);
        var config = ConfigModel.Loading.ConfigLoader.Load(
            "crypto dynamic-map DYN 10 set pfs group5\ngroup-policy EZ attributes\n vpn-idle-timeout none\ntunnel-group EZ ipsec-attributes\n isakmp keepalive disable\n",
            start: AggressiveModeExchangeTests.Load()).Config;

        var qm1 = Assert.Single(engine.Tick(config, old.Created.AddSeconds(27360)).Datagrams);
        var (qm2, clientKeys, messageId, nonceI, nonceR) = client.RespondToRekey(qm1, 0x0badcafe, 16, 20);
        Assert.Equal(5, client.LastRekeyPfsGroup); // the headend's QM1 named group 5 and carried its KE
        var installed = engine.Receive(qm2, config, old.Created.AddSeconds(27361));

        client.TakeQm3(Assert.Single(installed.Datagrams), messageId, nonceI, nonceR);
        var fresh = Assert.Single(installed.Installed);
        Assert.Equal(5, fresh.PfsGroup);
        // Both ends derived the keys with the same new g^xy (RFC 2409 §5.5).
        Assert.Equal(clientKeys.Inbound.EncryptionKey, fresh.Keys.Outbound.EncryptionKey);
        Assert.Equal(clientKeys.Outbound.IntegrityKey, fresh.Keys.Inbound.IntegrityKey);
    }

    [Fact]
    public void A_map_with_a_pfs_group_refuses_an_offer_in_another_group()
    {
        var config = ConfigModel.Loading.ConfigLoader.Load("crypto dynamic-map DYN 10 set pfs group5\n", start: AggressiveModeExchangeTests.Load()).Config;
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient("crypto dynamic-map DYN 10 set pfs group5\n", pfsGroup: 5);

        var refused = engine.Receive(client.Qm1(0x0badbeef, [198, 19, 0, 10], pfsGroup: 2), config, AggressiveModeExchangeTests.Now);

        Assert.Empty(refused.Installed);
        var (_, payloads) = client.Open(Assert.Single(refused.Datagrams));
        Assert.Equal(NotifyTypes.NoProposalChosen, Assert.IsType<NotifyPayload>(payloads[1]).MessageType);
    }

    [Fact]
    public void The_headend_rekeys_at_95_percent_and_deletes_the_old_sa_at_expiry()
    {
        var (engine, client, old) = AggressiveModeExchangeTests.SessionWithClient();
        // Keep the session itself out of the way for eight hours: no idle timeout, no keepalives.
        var config = ConfigModel.Loading.ConfigLoader.Load(
            "group-policy EZ attributes\n vpn-idle-timeout none\ntunnel-group EZ ipsec-attributes\n isakmp keepalive disable\n",
            start: AggressiveModeExchangeTests.Load()).Config;
        var up = old.Created;

        Assert.Empty(engine.Tick(config, up.AddSeconds(27359)).Datagrams);
        var qm1 = Assert.Single(engine.Tick(config, up.AddSeconds(27360)).Datagrams);
        var (qm2, clientKeys, messageId, nonceI, nonceR) = client.RespondToRekey(qm1, 0x0badcafe, 16, 20);

        var installed = engine.Receive(qm2, config, up.AddSeconds(27361));
        client.TakeQm3(Assert.Single(installed.Datagrams), messageId, nonceI, nonceR);
        var fresh = Assert.Single(installed.Installed);
        Assert.Equal(0x0badcafeu, fresh.OutboundSpi);
        Assert.NotEqual(old.InboundSpi, fresh.InboundSpi);
        Assert.Equal(clientKeys.Inbound.EncryptionKey, fresh.Keys.Outbound.EncryptionKey);
        Assert.Equal(clientKeys.Outbound.IntegrityKey, fresh.Keys.Inbound.IntegrityKey);
        Assert.Contains(installed.Events, e => e.Text.StartsWith("Security negotiation complete for User (cisco)  Initiator, ", StringComparison.Ordinal));

        // No second rekey of the same SA; at its expiry the old SA goes, with a DELETE to the client.
        Assert.Empty(engine.Tick(config, up.AddSeconds(28000)).Datagrams);
        var expiry = engine.Tick(config, up.AddSeconds(28800));
        Assert.Single(expiry.Datagrams);
        Assert.Equal(old.InboundSpi, Assert.Single(expiry.Removed).InboundSpi);
        Assert.Equal(fresh.InboundSpi, Assert.Single(engine.Sas.Single().Children).InboundSpi);
    }

    [Fact]
    public void Kilobyte_lifetimes_rekey_at_95_percent_and_delete_at_the_limit_and_113019_counts_the_bytes()
    {
        const string KilobyteLifetime = "crypto ipsec security-association lifetime kilobytes 10000\n";
        var (engine, client, old) = AggressiveModeExchangeTests.SessionWithClient(KilobyteLifetime);
        var config = ConfigModel.Loading.ConfigLoader.Load(KilobyteLifetime, start: AggressiveModeExchangeTests.Load()).Config;
        Assert.Equal(10000, old.LifetimeKilobytes);
        var sa = engine.Sas.Single();
        var t = old.Created.AddSeconds(10);

        engine.NoteUsage(sa.CookieI, old.InboundSpi, new ChildSaUsage(BytesIn: 9499 * 1024, BytesOut: 1000), t);
        Assert.Empty(engine.Tick(config, t).Datagrams);
        engine.NoteUsage(sa.CookieI, old.InboundSpi, new ChildSaUsage(BytesIn: 9500 * 1024, BytesOut: 1000), t.AddSeconds(1));
        var qm1 = Assert.Single(engine.Tick(config, t.AddSeconds(1)).Datagrams);
        var (qm2, _, messageId, nonceI, nonceR) = client.RespondToRekey(qm1, 0x0badcafe, 16, 20);
        var installed = engine.Receive(qm2, config, t.AddSeconds(2));
        client.TakeQm3(Assert.Single(installed.Datagrams), messageId, nonceI, nonceR);
        var fresh = Assert.Single(installed.Installed);

        var spent = t.AddSeconds(2) + IkeEngine.ReplacedSaGrace; // the replacement came at t+2
        engine.NoteUsage(sa.CookieI, old.InboundSpi, new ChildSaUsage(BytesIn: 10000 * 1024, BytesOut: 2000), spent);
        engine.NoteUsage(sa.CookieI, fresh.InboundSpi, new ChildSaUsage(BytesIn: 300, BytesOut: 400), spent);
        var expiry = engine.Tick(config, spent);
        Assert.Equal(old.InboundSpi, Assert.Single(expiry.Removed).InboundSpi);
        Assert.Equal(fresh.InboundSpi, Assert.Single(sa.Children).InboundSpi);

        var end = engine.Clear(config, spent.AddSeconds(1), _ => true);
        var disconnected = Assert.Single(end.Events, e => e.Syslog?.Id == 113019);
        Assert.Contains($"Bytes xmt: {2000 + 400}, Bytes rcv: {10000 * 1024 + 300}, Reason: Administrator Reset", disconnected.Text);
    }

    [Fact]
    public void An_sa_past_its_kilobyte_limit_before_its_rekey_is_rekeyed_first_and_deleted_once_replaced()
    {
        const string KilobyteLifetime = "crypto ipsec security-association lifetime kilobytes 10000\n";
        var (engine, client, old) = AggressiveModeExchangeTests.SessionWithClient(KilobyteLifetime);
        var config = ConfigModel.Loading.ConfigLoader.Load(KilobyteLifetime, start: AggressiveModeExchangeTests.Load()).Config;
        var sa = engine.Sas.Single();
        var t = old.Created.AddSeconds(10);

        engine.NoteUsage(sa.CookieI, old.InboundSpi, new ChildSaUsage(BytesIn: 20000 * 1024, BytesOut: 0), t);
        var tick = engine.Tick(config, t);
        Assert.Empty(tick.Removed);
        var (qm2, _, messageId, nonceI, nonceR) = client.RespondToRekey(Assert.Single(tick.Datagrams), 0x0badcafe, 16, 20);
        Assert.Empty(engine.Tick(config, t.AddSeconds(1)).Datagrams);  // waiting for the client, no second rekey

        var installed = engine.Receive(qm2, config, t.AddSeconds(2));
        client.TakeQm3(Assert.Single(installed.Datagrams), messageId, nonceI, nonceR);
        var expiry = engine.Tick(config, t.AddSeconds(2) + IkeEngine.ReplacedSaGrace);
        Assert.Equal(old.InboundSpi, Assert.Single(expiry.Removed).InboundSpi);
        Assert.Equal(Assert.Single(installed.Installed).InboundSpi, Assert.Single(sa.Children).InboundSpi);
    }

    [Fact]
    public void An_sa_past_its_kilobyte_limit_whose_rekey_gets_no_answer_is_deleted_when_the_negotiation_times_out()
    {
        const string KilobyteLifetime = "crypto ipsec security-association lifetime kilobytes 10000\n";
        var (engine, _, old) = AggressiveModeExchangeTests.SessionWithClient(KilobyteLifetime);
        var config = ConfigModel.Loading.ConfigLoader.Load(KilobyteLifetime, start: AggressiveModeExchangeTests.Load()).Config;
        var sa = engine.Sas.Single();
        var t = old.Created.AddSeconds(10);

        engine.NoteUsage(sa.CookieI, old.InboundSpi, new ChildSaUsage(BytesIn: 20000 * 1024, BytesOut: 0), t);
        Assert.Single(engine.Tick(config, t).Datagrams); // the rekey's QM1, which the client never answers
        Assert.Empty(engine.Tick(config, t + IkeEngine.NegotiationTimeout - TimeSpan.FromSeconds(1)).Removed);

        var expiry = engine.Tick(config, t + IkeEngine.NegotiationTimeout);
        Assert.Equal(old.InboundSpi, Assert.Single(expiry.Removed).InboundSpi);
        Assert.Empty(sa.Children);
    }
}
