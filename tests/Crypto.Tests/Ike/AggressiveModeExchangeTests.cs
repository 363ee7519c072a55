using System.Net;
using System.Text;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The engine against an in-process EzVPN client: aggressive mode, XAUTH and Mode Config with real
/// keys, checked message by message, with a fixed clock and seeded random sources.
/// </summary>
public class AggressiveModeExchangeTests
{
    private const string Config = """
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address 198.18.0.1 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 198.18.1.1 255.255.255.0
        access-list split standard permit 198.18.1.0 255.255.255.0
        ip local pool POOL 198.19.0.10-198.19.0.99 mask 255.255.255.0
        crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac
        crypto dynamic-map DYN 10 set ikev1 transform-set TRA
        crypto map MAP 65000 ipsec-isakmp dynamic DYN
        crypto map MAP interface outside
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         authentication pre-share
         encryption aes
         hash sha
         group 2
         lifetime 86400
        group-policy EZ internal
        group-policy EZ attributes
         dns-server value 198.18.1.53
         vpn-tunnel-protocol ikev1
         split-tunnel-policy tunnelspecified
         split-tunnel-network-list value split
         default-domain value lab.example
         banner value Welcome to the lab
        username cisco password cisco
        tunnel-group EZ type remote-access
        tunnel-group EZ general-attributes
         address-pool POOL
         default-group-policy EZ
        tunnel-group EZ ipsec-attributes
         ikev1 pre-shared-key cisco
        """;

    private static readonly IPEndPoint Server500 = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly IPEndPoint Server4500 = new(IPAddress.Parse("198.18.0.1"), 4500);
    private static readonly IPEndPoint Client500 = new(IPAddress.Parse("198.18.0.2"), 500);
    private static readonly IPEndPoint Client4500 = new(IPAddress.Parse("198.18.0.2"), 4500);
    internal static readonly DateTimeOffset Now = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    internal static AsaConfig Load()
    {
        var result = ConfigLoader.Load(Config);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    private static IkeDatagram Single(IkeOutputs outputs) => Assert.Single(outputs.Datagrams);

    private static string Lines(IkeOutputs outputs) => string.Join("\n", outputs.Events.Select(e => e.Context + e.Text));

    /// <summary>Every event of a whole session, in order, as the debug renderer's input.</summary>
    internal static List<AsaEvent> Session() => Run();

    internal static IkeEngine SessionEngine()
    {
        Run(out var engine, out _, out _);
        return engine;
    }

    /// <summary>A session up to its IPsec SA, with the client that made it and the SA installed.</summary>
    /// <param name="extraConfig">Config lines added to the test config before the session starts.</param>
    /// <param name="pfsGroup">The Diffie-Hellman group the client offers PFS with, if any.</param>
    internal static (IkeEngine Engine, TestInitiator Client, ChildSa Child) SessionWithClient(string extraConfig = "", ushort? pfsGroup = null)
    {
        Run(out var engine, out var client, out var child, extraConfig, pfsGroup);
        return (engine, client, child);
    }

    private static List<AsaEvent> Run() => Run(out _, out _, out _);

    /// <summary>A whole session with the engine told that only these debug levels are shown.</summary>
    internal static List<AsaEvent> Session(IkeDebugLevels debug, out IkeEngine engine) => Run(out engine, out _, out _, debug: debug);

    private static List<AsaEvent> Run(out IkeEngine engineOut, out TestInitiator clientOut, out ChildSa childOut, string extraConfig = "", ushort? pfsGroup = null,
        IkeDebugLevels? debug = null)
    {
        var config = extraConfig.Length == 0 ? Load() : ConfigLoader.Load(extraConfig, start: Load()).Config;
        var engine = new IkeEngine(new SeededRandom(1)) { Debug = debug ?? IkeDebugLevels.All };
        engineOut = engine;
        var events = new List<AsaEvent>();
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        clientOut = client;
        IkeOutputs Step(IkeDatagram d) { var o = engine.Receive(d, config, Now); events.AddRange(o.Events); return o; }
        client.TakeAm2(Single(Step(client.Am1())));
        client.Client = Client4500;
        client.Server = Server4500;
        var (xauthId, _) = client.Open(Single(Step(client.Am3())));
        var (setId, _) = client.Open(Single(Step(client.Transaction(xauthId, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "cisco"u8.ToArray()),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "cisco"u8.ToArray())])))));
        Step(client.Transaction(setId, new AttributePayload(AttributePayload.Ack, 0, [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, 1)])));
        ushort[] asked = [ModeCfgAttributes.InternalIp4Address, ModeCfgAttributes.InternalIp4Netmask, ModeCfgAttributes.InternalIp4Dns,
            ModeCfgAttributes.InternalIp4Nbns, ModeCfgAttributes.InternalAddressExpiry, ModeCfgAttributes.UnityBanner, ModeCfgAttributes.UnitySavePasswd,
            ModeCfgAttributes.UnityDefDomain, ModeCfgAttributes.UnitySplitInclude, ModeCfgAttributes.UnitySplitDns, ModeCfgAttributes.UnityPfs,
            ModeCfgAttributes.ApplicationVersion];
        var cfg = Step(client.Transaction(0x516aeeef, new AttributePayload(AttributePayload.Request, 20,
            asked.Select(t => DataAttribute.Variable(t, ReadOnlyMemory<byte>.Empty)).ToList())));
        client.Open(cfg.Datagrams[0]);
        client.Open(cfg.Datagrams[1]);
        var (qm3, _, _, _) = client.TakeQm2(Single(Step(client.Qm1(0xabba2c6c, [198, 19, 0, 10], pfsGroup: pfsGroup))), 16, 20);
        childOut = Step(qm3).Installed.Single();
        return events;
    }

    [Fact]
    public void Debug_crypto_ipsec_narrates_the_embryonic_sa_the_install_rules_and_their_deletion()
    {
        var events = Run(out var engine, out var client, out var child);
        var ipsec = events.Where(e => e.Category == EventCategory.Ipsec && e.Syslog is null).Select(e => e.Text).ToList();
        var (inSpi, outSpi) = ($"0x{child.InboundSpi:X8}", $"0x{child.OutboundSpi:X8}");

        // QM1: IKE takes an inbound SPI; QM3: the outbound SA with its context and rules for the client's address
        // over NAT-T, then the inbound one.
        Assert.Equal(3, ipsec.Count);
        var embryonic = ipsec[0].Split('\n');
        Assert.Matches(@"^IPSEC: New embryonic SA created @ 0x[0-9a-f]{8},$", embryonic[0]);
        Assert.Equal(["    Direction: inbound", $"    SPI      : {inSpi}"], embryonic[2..4]);
        Assert.Equal("    Tunnel type: ra", embryonic[6]);
        Assert.StartsWith($"IPSEC: Completed host IBSA update, SPI {inSpi}", ipsec[2], StringComparison.Ordinal);
        var installed = (ipsec[1] + "\n" + ipsec[2]).Split('\n');
        Assert.Contains("    Direction: outbound", installed);
        Assert.Contains($"IPSEC: Completed host OBSA update, SPI {outSpi}", installed);
        var encrypt = Array.IndexOf(installed, $"IPSEC: New outbound encrypt rule, SPI {outSpi}");
        Assert.Equal(["    Src addr: 0.0.0.0", "    Src mask: 0.0.0.0", "    Dst addr: 198.19.0.10", "    Dst mask: 255.255.255.255"], installed[(encrypt + 1)..(encrypt + 5)]);
        var permit = Array.IndexOf(installed, $"IPSEC: New outbound permit rule, SPI {outSpi}");
        Assert.Equal(["    Src addr: 198.18.0.1", "    Src mask: 255.255.255.255", "    Dst addr: 198.18.0.2", "    Dst mask: 255.255.255.255",
            "    Src ports", "      Upper: 4500", "      Lower: 4500", "      Op   : equal"], installed[(permit + 1)..(permit + 9)]);
        Assert.Contains("    Protocol: 17", installed[permit..]);
        Assert.Contains($"IPSEC: New inbound decrypt rule, SPI {inSpi}", installed);
        var handle = installed[Array.IndexOf(installed, $"IPSEC: Completed outbound VPN context, SPI {outSpi}") + 1];
        Assert.Matches("^    VPN handle: 0x[0-9a-f]{8}$", handle);

        // The client's DELETE: the rules and contexts go, the outbound context under the handle it was made with.
        var deleted = engine.Receive(client.Informational(0x5a5a5a5a, [new DeletePayload(1, IpsecAttributes.ProtocolEsp, 4, [new byte[] { 0x05, 0x67, 0x43, 0xa8 }])]), Load(), Now);
        var gone = Assert.Single(deleted.Events, e => e.Category == EventCategory.Ipsec && e.Syslog is null).Text.Split('\n');
        Assert.Equal($"IPSEC: Deleted inbound decrypt rule, SPI {inSpi}", gone[0]);
        Assert.Equal([$"IPSEC: Deleted outbound VPN context, SPI {outSpi}", handle], gone[^2..]);
    }

    [Fact]
    public void A_repeated_r_u_there_gets_another_ack_not_an_old_message()
    {
        Run(out var engine, out var client, out _);
        var dpd = client.Informational(0x0a80655d,
            [new NotifyPayload(1, OakleyAttributes.ProtocolIsakmp, client.Cookies(), NotifyTypes.RUThere, new byte[] { 0, 0, 0, 7 })]);

        foreach (var _ in new[] { 1, 2 })
        {
            var (_, ack) = client.Open(Single(engine.Receive(dpd, Load(), Now)));
            Assert.Equal(NotifyTypes.RUThereAck, Assert.IsType<NotifyPayload>(ack[1]).MessageType);
        }
    }

    [Fact]
    public void Clear_crypto_ipsec_sa_deletes_the_ipsec_sas_and_keeps_the_session_for_a_new_quick_mode()
    {
        Run(out var engine, out var client, out var child);

        var cleared = engine.ClearIpsec(Load(), Now, _ => true);
        Assert.Equal(child.InboundSpi, Assert.Single(cleared.Removed).InboundSpi);
        var (_, delete) = client.Open(Single(cleared));
        Assert.Equal(IpsecAttributes.ProtocolEsp, Assert.IsType<DeletePayload>(delete[1]).ProtocolId);
        var sa = Assert.Single(engine.Sas);
        Assert.Empty(sa.Children);

        // vpnc answers a DELETE of its SA with a new Quick Mode on the same IKE SA.
        var (qm3, _, _, _) = client.TakeQm2(Single(engine.Receive(client.Qm1(0x0c0ffee0, [198, 19, 0, 10]), Load(), Now)), 16, 20);
        Assert.Single(engine.Receive(qm3, Load(), Now).Installed);
        Assert.Single(sa.Children);
    }

    [Fact]
    public void A_client_that_claims_an_address_it_was_not_given_is_refused_with_invalid_id_information()
    {
        Run(out var engine, out var client, out var child);

        // Mode Config gave 198.19.0.10; a Quick Mode for 198.19.0.99 would route that address into this tunnel.
        var refused = engine.Receive(client.Qm1(0x0badbeef, [198, 19, 0, 99]), Load(), Now);
        Assert.Empty(refused.Installed);
        Assert.Contains("Rejecting IPSec tunnel: no matching crypto map entry for remote proxy 198.19.0.99/255.255.255.255/0/0 local proxy 0.0.0.0/0.0.0.0/0/0 on interface outside",
            Lines(refused));
        var (_, payloads) = client.Open(Single(refused));
        Assert.Equal(NotifyTypes.InvalidIdInformation, Assert.IsType<NotifyPayload>(payloads[1]).MessageType);
        Assert.Equal(child.InboundSpi, Assert.Single(Assert.Single(engine.Sas).Children).InboundSpi);
    }

    [Fact]
    public void A_vpnc_like_client_gets_through_aggressive_mode_xauth_and_mode_config()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);

        // AM1 -> AM2: the first policy that accepts an offered transform wins (AES-128, SHA, group 2).
        var out1 = engine.Receive(client.Am1(), config, Now);
        var am2 = client.TakeAm2(Single(out1));
        var transform = am2.First<SaPayload>()!.Proposals[0].Transforms[0];
        Assert.Equal(128UL, transform.Attribute(OakleyAttributes.KeyLength)!.Number);
        Assert.Equal((ulong)OakleyAttributes.Sha, transform.Attribute(OakleyAttributes.HashAlgorithm)!.Number);
        Assert.Equal(86400UL, transform.Attribute(OakleyAttributes.LifeDuration)!.Number);
        Assert.Contains(am2.All<VendorIdPayload>(), v => v.Data.Span.SequenceEqual(VendorIds.NatTRfc3947));
        Assert.Equal(2, am2.All<NatDPayload>().Count());
        Assert.Contains("Connection landed on tunnel_group EZ", Lines(out1));
        Assert.Contains("Group = EZ, IP = 198.18.0.2, IKE SA Proposal # 1, Transform # 2 acceptable  Matches global IKE entry # 10", Lines(out1));

        // The client floats to 4500 (NAT-T negotiated) and sends AM3; the ASA asks for credentials.
        client.Client = Client4500;
        client.Server = Server4500;
        var out3 = engine.Receive(client.Am3(), config, Now);
        Assert.Contains("Automatic NAT Detection Status:    Remote end is NOT behind a NAT device    This  end is NOT behind a NAT device", Lines(out3));
        var (xauthId, xauthRequest) = client.Open(Single(out3));
        var request = Assert.IsType<AttributePayload>(xauthRequest[1]);
        Assert.Equal(AttributePayload.Request, request.ConfigType);
        Assert.Equal([ModeCfgAttributes.XauthUserName, ModeCfgAttributes.XauthUserPassword], request.Attributes.Select(a => a.Type));
        Assert.Equal(Server4500, Single(out3).Local);

        // XAUTH reply -> SET(status 1) -> ACK.
        var outReply = engine.Receive(client.Transaction(xauthId, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "cisco"u8.ToArray()),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "cisco"u8.ToArray())])), config, Now);
        Assert.Contains("Group = EZ, Username = cisco, IP = 198.18.0.2, User (cisco) authenticated.", Lines(outReply));
        var (setId, set) = client.Open(Single(outReply));
        var status = Assert.Single(Assert.IsType<AttributePayload>(set[1]).Attributes);
        Assert.Equal((ModeCfgAttributes.XauthStatus, (ushort)1), (status.Type, status.ShortValue));
        Assert.Empty(engine.Receive(client.Transaction(setId, new AttributePayload(AttributePayload.Ack, 0,
            [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, 1)])), config, Now).Datagrams);

        // Mode Config pull: address from the pool, DNS, domain, banner, split-include as 14-byte entries.
        ushort[] asked = [ModeCfgAttributes.InternalIp4Address, ModeCfgAttributes.InternalIp4Netmask, ModeCfgAttributes.InternalIp4Dns,
            ModeCfgAttributes.UnityDefDomain, ModeCfgAttributes.UnityBanner, ModeCfgAttributes.UnitySplitInclude, ModeCfgAttributes.UnitySavePasswd];
        var outCfg = engine.Receive(client.Transaction(0x516aeeef, new AttributePayload(AttributePayload.Request, 20,
            asked.Select(t => DataAttribute.Variable(t, ReadOnlyMemory<byte>.Empty)).ToList())), config, Now);
        Assert.Equal(2, outCfg.Datagrams.Count);
        var (_, cfgReply) = client.Open(outCfg.Datagrams[0]);
        // The client asked for 2147483 s: the ASA announces its 86400 s for the IKE SA.
        var (_, p1Lifetime) = client.Open(outCfg.Datagrams[1]);
        var lifetimeNotify = Assert.IsType<NotifyPayload>(p1Lifetime[1]);
        Assert.Equal((NotifyTypes.ResponderLifetime, "800b0001000c000400015180"), (lifetimeNotify.MessageType, Convert.ToHexStringLower(lifetimeNotify.Data.Span)));
        var reply = Assert.IsType<AttributePayload>(cfgReply[1]);
        Assert.Equal(AttributePayload.Reply, reply.ConfigType);
        Assert.Equal(20, reply.Identifier);
        string Value(ushort type) => Encoding.UTF8.GetString(reply.Attributes.First(a => a.Type == type).LongValue.Span);
        byte[] Raw(ushort type) => reply.Attributes.First(a => a.Type == type).LongValue.ToArray();
        Assert.Equal(new byte[] { 198, 19, 0, 10 }, Raw(ModeCfgAttributes.InternalIp4Address));
        Assert.Equal(new byte[] { 255, 255, 255, 0 }, Raw(ModeCfgAttributes.InternalIp4Netmask));
        Assert.Equal(new byte[] { 198, 18, 1, 53 }, Raw(ModeCfgAttributes.InternalIp4Dns));
        Assert.Equal("lab.example", Value(ModeCfgAttributes.UnityDefDomain));
        Assert.Equal("Welcome to the lab", Value(ModeCfgAttributes.UnityBanner));
        Assert.Equal(new byte[] { 198, 18, 1, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0 }, Raw(ModeCfgAttributes.UnitySplitInclude));
        Assert.Equal((ushort)0, reply.Attributes.First(a => a.Type == ModeCfgAttributes.UnitySavePasswd).ShortValue);

        var sa = Assert.Single(engine.Sas);
        Assert.Equal(IkeSaState.AmActive, sa.State);
        Assert.Equal("cisco", sa.Username);
        Assert.Contains(outCfg.Events, e => e.Syslog == new SyslogId(713119, 5) && e.Text == "PHASE 1 COMPLETED" && e.User == "cisco");
        Assert.Contains(outCfg.Events, e => e.Syslog == new SyslogId(713228, 6) && e.Text == "Assigned private IP address 198.19.0.10 to remote user");
        Assert.Equal([new Ipv4(0xC613000A)], engine.Pools.InUse("POOL"));

        // Quick Mode: the dynamic map's transform set (esp-aes esp-sha-hmac) in UDP tunnel mode,
        // the ASA's 28800 s announced with RESPONDER-LIFETIME, then the SA pair for the dataplane.
        var outQm1 = engine.Receive(client.Qm1(0xabba2c6c, [198, 19, 0, 10]), config, Now);
        Assert.Contains("IPSec SA Proposal # 2, Transform # 0 acceptable  Matches global IPSec SA entry # 10", Lines(outQm1));
        Assert.Contains("Overriding Initiator's IPSec rekeying duration from 2147483 to 28800 seconds", Lines(outQm1));
        var (qm3, clientKeys, chosen, qm2) = client.TakeQm2(Single(outQm1), 16, 20);
        Assert.Equal(128UL, chosen.Attribute(IpsecAttributes.KeyLength)!.Number);
        Assert.Equal((ulong)IpsecAttributes.UdpTunnel, chosen.Attribute(IpsecAttributes.EncapsulationMode)!.Number);
        var lifetime = Assert.Single(qm2.OfType<NotifyPayload>());
        Assert.Equal(NotifyTypes.ResponderLifetime, lifetime.MessageType);
        Assert.Equal(2, qm2.OfType<IdPayload>().Count());

        var outQm3 = engine.Receive(qm3, config, Now);
        Assert.Empty(outQm3.Datagrams);
        var child = Assert.Single(outQm3.Installed);
        Assert.Equal(clientKeys.Inbound, child.Keys.Outbound, SaKeysEqual);
        Assert.Equal(clientKeys.Outbound, child.Keys.Inbound, SaKeysEqual);
        Assert.Equal("esp-aes esp-sha-hmac", child.Transform.AsaName);
        Assert.True(child.UdpEncapsulated);
        Assert.Equal(new Ipv4(0xC613000A), child.RemoteAddress);
        Assert.Equal(Ipv4.Any, child.LocalMask);
        Assert.Equal((28800L, (long?)4608000L, "DYN", 10), (child.LifetimeSeconds, child.LifetimeKilobytes, child.CryptoMap, child.Sequence));
        Assert.Contains(outQm3.Events, e => e.Syslog == new SyslogId(713049, 5)
            && e.Text == $"Security negotiation complete for User (cisco)  Responder, Inbound SPI = 0x{child.InboundSpi:x8}, Outbound SPI = 0x056743a8");
        Assert.Contains(outQm3.Events, e => e.Syslog == new SyslogId(713120, 5) && e.Text == "PHASE 2 COMPLETED (msgid=abba2c6c)");
        Assert.Contains(outQm3.Events, e => e.Syslog == new SyslogId(602303, 6)
            && e.Text == "IPSEC: An outbound remote access SA (SPI= 0x056743A8) between 198.18.0.1 and 198.18.0.2 (user= cisco) has been created.");

        // DPD: R-U-THERE is answered with R-U-THERE-ACK and the same sequence number.
        var outDpd = engine.Receive(client.Informational(0x0a80655d,
            [new NotifyPayload(1, OakleyAttributes.ProtocolIsakmp, client.Cookies(), NotifyTypes.RUThere, new byte[] { 0x0d, 0x66, 0xdd, 0x43 })]), config, Now);
        var (_, ack) = client.Open(Single(outDpd));
        var notify = Assert.IsType<NotifyPayload>(ack[1]);
        Assert.Equal((NotifyTypes.RUThereAck, "0d66dd43"), (notify.MessageType, Convert.ToHexStringLower(notify.Data.Span)));
        Assert.Contains("Received keep-alive of type DPD R-U-THERE (seq number 0x0d66dd43)", Lines(outDpd));

        // Disconnect: DELETE of the IPsec SA, then of the IKE SA; the address goes back to the pool.
        // vpnc draws the M-ID of each DELETE from one random byte, so M-ID 0 happens (1 in 256): an
        // informational message, whose IV comes from its M-ID all the same, not phase 1's.
        var outDelete = engine.Receive(client.Informational(0x000000a7,
            [new DeletePayload(1, IpsecAttributes.ProtocolEsp, 4, [new byte[] { 0x05, 0x67, 0x43, 0xa8 }])]), config, Now);
        Assert.Equal(child.InboundSpi, Assert.Single(outDelete.Removed).InboundSpi);
        var outBye = engine.Receive(client.Informational(0,
            [new DeletePayload(1, OakleyAttributes.ProtocolIsakmp, 16, [client.Cookies()])]), config, Now);
        Assert.Contains(outBye.Events, e => e.Syslog == new SyslogId(713259, 5) && e.Text == "Session is being torn down. Reason: User Requested");
        Assert.Empty(engine.Sas);
        Assert.Empty(engine.Pools.InUse("POOL"));
    }

    private static readonly IEqualityComparer<AsaEmu.Crypto.Keying.SaKeys> SaKeysEqual = EqualityComparer<AsaEmu.Crypto.Keying.SaKeys>.Create(
        (a, b) => a!.Spi == b!.Spi && a.EncryptionKey.AsSpan().SequenceEqual(b.EncryptionKey) && a.IntegrityKey.AsSpan().SequenceEqual(b.IntegrityKey),
        k => (int)k.Spi);

    [Fact]
    public void A_repeated_first_message_asks_for_no_second_dh_computation_and_after_am2_has_it_resent()
    {
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false);
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        var am1 = client.Am1();
        var work = Assert.Single(engine.Receive(am1, Load(), Now).DhWork);

        // AM2 is late: the client sends AM1 again, byte for byte. Its DH work is in flight; nothing more is asked.
        var repeat = engine.Receive(am1, Load(), Now.AddSeconds(1));
        Assert.Empty(repeat.DhWork);
        Assert.Empty(repeat.Datagrams);

        var am2 = Single(engine.DhCompleted(work.Compute(new SeededRandom(3)), Load(), Now.AddSeconds(2)));
        var again = engine.Receive(am1, Load(), Now.AddSeconds(3));
        Assert.Empty(again.DhWork);
        Assert.Equal(am2.Data.ToArray(), Single(again).Data.ToArray());
    }

    [Fact]
    public void Dh_work_the_driver_shed_drops_the_negotiation_and_the_next_first_message_starts_afresh()
    {
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false);
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        var am1 = client.Am1();
        var work = Assert.Single(engine.Receive(am1, Load(), Now).DhWork);

        engine.DhShed(work.CookieI);
        Assert.Empty(engine.Sas);
        Assert.Equal(1, engine.Statistics.SystemCapacityFails);

        Assert.Single(engine.Receive(am1, Load(), Now.AddSeconds(1)).DhWork);
        Assert.Single(engine.Sas);
    }

    [Fact]
    public void At_capacity_a_new_first_message_is_dropped_undecoded_and_a_copy_of_an_answered_one_still_gets_am2_again()
    {
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false);
        var answered = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        var am1 = answered.Am1();
        var am2 = Single(engine.DhCompleted(Assert.Single(engine.Receive(am1, Load(), Now).DhWork).Compute(new SeededRandom(3)), Load(), Now));

        engine.AcceptingNegotiations = false;
        var other = new TestInitiator(new SeededRandom(4), "EZ", "cisco", Client4500, Server500) { CookieI = 0x5000UL };
        var refused = engine.Receive(other.Am1(), Load(), Now.AddSeconds(1));
        Assert.Empty(refused.DhWork);
        Assert.Empty(refused.Datagrams);
        Assert.Equal(1, engine.Statistics.SystemCapacityFails);
        Assert.Equal([answered.CookieI], engine.Sas.Select(sa => sa.CookieI));

        Assert.Equal(am2.Data.ToArray(), Single(engine.Receive(am1, Load(), Now.AddSeconds(2))).Data.ToArray());
    }

    [Fact]
    public void While_dh_work_backs_up_an_address_holding_its_share_of_the_queue_gets_no_more_and_another_address_does()
    {
        // A queue of 16: the share is counted once 2 wait; with one address waiting it may hold 8, with two 5 each.
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false) { DhQueueCapacity = 16 };
        var cookie = 0x5000UL;
        IkeOutputs Am1From(string address) =>
            engine.Receive(new TestInitiator(new SeededRandom((int)++cookie), "EZ", "cisco", new IPEndPoint(IPAddress.Parse(address), 500), Server500) { CookieI = cookie }.Am1(), Load(), Now);

        var work = Enumerable.Range(0, 8).Select(_ => Assert.Single(Am1From("198.18.0.10").DhWork)).ToList();
        Assert.Empty(Am1From("198.18.0.10").DhWork);
        Assert.Equal(1, engine.Statistics.SystemCapacityFails);

        foreach (var n in Enumerable.Range(0, 5)) Assert.Single(Am1From("198.18.0.2").DhWork);
        Assert.Empty(Am1From("198.18.0.2").DhWork);

        // Its DH result in, the flooding address is still above its share of two; without a share it may begin another at once.
        engine.DhCompleted(work[0].Compute(new SeededRandom(3)), Load(), Now);
        Assert.Empty(Am1From("198.18.0.10").DhWork);
        engine.DhQueueCapacity = null;
        Assert.Single(Am1From("198.18.0.10").DhWork);
    }

    [Fact]
    public void Under_the_half_open_limit_the_oldest_goes_whether_or_not_it_repeated_its_first_message()
    {
        var config = ConfigLoader.Load("crypto ikev1 limit max-in-negotiation-sa 2\n", start: Load()).Config;
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false);
        var peers = new[] { 1, 2, 3 }.Select(n => new TestInitiator(new SeededRandom(n), "EZ", "cisco", new IPEndPoint(IPAddress.Parse($"198.18.0.{n * 10}"), 500), Server500)
        {
            CookieI = 0x5000UL + (ulong)n,
        }).ToList();
        var first = peers[0].Am1();
        engine.Receive(first, config, Now);

        // A repeat earns no place (a spoofed flood repeats as easily): the third first message pushes the first one out.
        engine.Receive(first, config, Now.AddSeconds(1));
        engine.Receive(peers[1].Am1(), config, Now.AddSeconds(2));
        engine.Receive(peers[2].Am1(), config, Now.AddSeconds(3));

        Assert.Equal([0x5002UL, 0x5003UL], engine.Sas.Select(sa => sa.CookieI).Order());
    }

    [Fact]
    public void Under_the_half_open_limit_a_flood_from_a_few_addresses_cannot_push_out_a_client_with_one_negotiation()
    {
        var config = ConfigLoader.Load("crypto ikev1 limit max-in-negotiation-sa 3\n", start: Load()).Config;
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false);
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500) { CookieI = 0x4000UL };
        engine.Receive(client.Am1(), config, Now);

        // Two flooding addresses, eight first messages: the client's is the oldest, but each flooding address holds more.
        for (var n = 0; n < 8; n++)
        {
            var flood = new TestInitiator(new SeededRandom(10 + n), "EZ", "cisco", new IPEndPoint(IPAddress.Parse($"198.18.0.{10 + n % 2}"), 500), Server500)
            {
                CookieI = 0x5000UL + (ulong)n,
            };
            engine.Receive(flood.Am1(), config, Now.AddSeconds(1 + n));
        }

        Assert.Equal(3, engine.Sas.Count);
        Assert.Contains(engine.Sas, sa => sa.CookieI == 0x4000UL);
        // The flood's newest of each address stay: the oldest of the busiest address went each time.
        Assert.Equal([0x4000UL, 0x5006UL, 0x5007UL], engine.Sas.Select(sa => sa.CookieI).Order());
    }

    [Fact]
    public void With_dh_off_the_loop_the_am2_it_completes_counts_in_the_statistics()
    {
        var engine = new IkeEngine(new SeededRandom(1), inlineDh: false);
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);

        var first = engine.Receive(client.Am1(), Load(), Now);
        Assert.Empty(first.Datagrams);
        var completed = engine.DhCompleted(Assert.Single(first.DhWork).Compute(new SeededRandom(3)), Load(), Now);

        var am2 = Single(completed);
        Assert.Equal((1L, (long)am2.Data.Length), (engine.Statistics.OutPackets, engine.Statistics.OutOctets));
    }

    [Fact]
    public void A_wrong_pre_shared_key_fails_hash_i_and_leaves_nothing_behind()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "wrong", Client500, Server500);
        var am2 = Single(engine.Receive(client.Am1(), config, Now));
        // The client cannot check HASH_R with the wrong key; a client that sends AM3 anyway is refused.
        client.TakeAm2(am2, checkHash: false);
        Assert.False(client.HashRValid);
        var out3 = engine.Receive(client.Am3(), config, Now);
        Assert.Empty(out3.Datagrams);
        Assert.Contains("ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting", Lines(out3));
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_clear_invalid_hash_notify_from_a_client_with_another_key_is_dropped_and_the_negotiation_waits_for_its_timeout()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "other", Client500, Server500);
        client.TakeAm2(Assert.Single(engine.Receive(client.Am1(), config, Now).Datagrams), checkHash: false);
        Assert.False(client.HashRValid);
        var notify = new NotifyPayload(SaPayload.IpsecDoi, OakleyAttributes.ProtocolIsakmp, client.Cookies(), NotifyTypes.InvalidHashInformation, ReadOnlyMemory<byte>.Empty);
        var message = IsakmpEncoder.Encode(new IsakmpHeader(client.CookieI, client.CookieR, PayloadType.None, IsakmpHeader.Version1,
            ExchangeType.Informational, IsakmpFlags.None, 0x1234, 0), [notify]);

        var outputs = engine.Receive(new IkeDatagram(Server500, Client500, message), config, Now.AddSeconds(1));

        Assert.Empty(outputs.Datagrams);
        Assert.Contains(outputs.Events, e => e.Context + e.Text == "IP = 198.18.0.2, Received an un-encrypted INVALID_HASH_INFO notify message, dropping");
        Assert.Contains(outputs.Events, e => e.Text == "Information Exchange processing failed");
        Assert.Equal(IkeSaState.AmWaitMsg3, Assert.Single(engine.Sas).State);
    }

    [Fact]
    public void A_forged_hash_i_with_the_right_keys_is_refused()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        client.TakeAm2(Single(engine.Receive(client.Am1(), config, Now)));
        var out3 = engine.Receive(client.Am3(wrongHash: true), config, Now);
        Assert.Empty(out3.Datagrams);
        Assert.Contains("Error processing payload: Payload ID: 8", Lines(out3));
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_wrong_xauth_password_is_asked_again_and_the_third_failure_ends_the_session()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        client.TakeAm2(Single(engine.Receive(client.Am1(), config, Now)));
        var (id, _) = client.Open(Single(engine.Receive(client.Am3(), config, Now)));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var outputs = engine.Receive(client.Transaction(id, new AttributePayload(AttributePayload.Reply, 0,
                [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "cisco"u8.ToArray()),
                 DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "nope"u8.ToArray())])), config, Now);
            Assert.Contains(outputs.Events, e => e.Syslog == new SyslogId(713167, 3));
            var (next, payloads) = client.Open(outputs.Datagrams[0]);
            var attributes = Assert.IsType<AttributePayload>(payloads[1]);
            if (attempt < 3)
            {
                Assert.Single(outputs.Datagrams);
                Assert.Equal(AttributePayload.Request, attributes.ConfigType);
                id = next;
            }
            else
            {
                Assert.Equal(AttributePayload.Set, attributes.ConfigType);
                Assert.Equal((ushort)0, Assert.Single(attributes.Attributes).ShortValue);
                // Then the IKE SA is deleted, and the client told so.
                Assert.Equal(2, outputs.Datagrams.Count);
                var (_, delete) = client.Open(outputs.Datagrams[1]);
                Assert.Equal(OakleyAttributes.ProtocolIsakmp, Assert.IsType<DeletePayload>(delete[1]).ProtocolId);
            }
        }
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_client_that_does_not_ask_gets_mode_config_pushed_and_its_ack_completes_phase_1()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        client.TakeAm2(Single(engine.Receive(client.Am1(), config, Now)));
        var (xauthId, _) = client.Open(Single(engine.Receive(client.Am3(), config, Now)));
        var (setId, _) = client.Open(Single(engine.Receive(client.Transaction(xauthId, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "cisco"u8.ToArray()),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "cisco"u8.ToArray())])), config, Now)));
        var acked = Now.AddMilliseconds(100);
        engine.Receive(client.Transaction(setId, new AttributePayload(AttributePayload.Ack, 0, [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, 1)])), config, acked);

        Assert.Empty(engine.Tick(config, acked + ModeConfigServer.PushAfter - TimeSpan.FromMilliseconds(1)).Datagrams);
        var push = engine.Tick(config, acked + ModeConfigServer.PushAfter);
        var (pushId, payloads) = client.Open(Single(push));
        var set = Assert.IsType<AttributePayload>(payloads[1]);
        Assert.Equal(AttributePayload.Set, set.ConfigType);
        Assert.Equal(new byte[] { 198, 19, 0, 10 }, set.Attributes.Single(a => a.Type == ModeCfgAttributes.InternalIp4Address).LongValue.ToArray());
        Assert.Equal(new byte[] { 198, 18, 1, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0 },
            set.Attributes.Single(a => a.Type == ModeCfgAttributes.UnitySplitInclude).LongValue.ToArray());
        Assert.Equal("lab.example", System.Text.Encoding.ASCII.GetString(set.Attributes.Single(a => a.Type == ModeCfgAttributes.UnityDefDomain).LongValue.Span));
        Assert.Equal("AM_TM_WAIT_MODECFG", IkeSaStates.Name(engine.Sas.Single().State));

        var ack = engine.Receive(client.Transaction(pushId, new AttributePayload(AttributePayload.Ack, 0,
            [DataAttribute.Variable(ModeCfgAttributes.InternalIp4Address, ReadOnlyMemory<byte>.Empty)])), config, acked.AddSeconds(3));
        Assert.Contains(ack.Events, e => e.Syslog == new SyslogId(713119, 5));
        Assert.Equal(IkeSaState.AmActive, engine.Sas.Single().State);
        var (qm3, _, _, _) = client.TakeQm2(Single(engine.Receive(client.Qm1(0xabba2c6c, [198, 19, 0, 10]), config, acked.AddSeconds(4))), 16, 20);
        Assert.Single(engine.Receive(qm3, config, acked.AddSeconds(4)).Installed);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("username cisco attributes\n vpn-tunnel-protocol ikev1\n", true)]
    public void Vpn_tunnel_protocol_without_ikev1_refuses_the_authenticated_user(string userAttributes, bool allowed)
    {
        var loaded = ConfigLoader.Load(Config.Replace(" vpn-tunnel-protocol ikev1", " vpn-tunnel-protocol ssl-client") + "\n" + userAttributes);
        Assert.Equal(0, loaded.Errors);
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        client.TakeAm2(Single(engine.Receive(client.Am1(), loaded.Config, Now)));
        var (id, _) = client.Open(Single(engine.Receive(client.Am3(), loaded.Config, Now)));

        var outputs = engine.Receive(client.Transaction(id, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "cisco"u8.ToArray()),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "cisco"u8.ToArray())])), loaded.Config, Now);

        var (_, payloads) = client.Open(outputs.Datagrams[0]);
        var status = Assert.Single(Assert.IsType<AttributePayload>(payloads[1]).Attributes);
        Assert.Equal(allowed ? (ushort)1 : (ushort)0, status.ShortValue);
        Assert.Contains(outputs.Events, e => e.Text == "User (cisco) authenticated.");
        if (allowed)
        {
            Assert.Single(engine.Sas);
            return;
        }
        Assert.Contains(outputs.Events, e => e.Text.StartsWith("Tunnel Rejected: User (cisco) not authorized for IPsec (IKEv1)", StringComparison.Ordinal)
                                             && e.ConfigRefs.Any(r => r.Text.Contains("ssl-client")));
        var (_, delete) = client.Open(outputs.Datagrams[1]);
        Assert.Equal(OakleyAttributes.ProtocolIsakmp, Assert.IsType<DeletePayload>(delete[1]).ProtocolId);
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void An_unknown_group_gets_a_spoofed_answer_and_nothing_is_kept()
    {
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "NOPE", "cisco", Client500, Server500);
        var outputs = engine.Receive(client.Am1(), Load(), Now);

        // An AM2 that looks like any other, so that group names cannot be probed; its HASH_R proves nothing.
        var am2 = client.TakeAm2(Single(outputs), checkHash: false);
        Assert.False(client.HashRValid);
        Assert.Equal(128, am2.First<KePayload>()!.Data.Length);
        Assert.Contains(outputs.Events, e => e.Syslog == new SyslogId(713255, 4) && e.Text == "Received ISAKMP Aggressive Mode message 1 with unknown tunnel group name NOPE");
        Assert.Contains(outputs.Events, e => e.Syslog == new SyslogId(713256, 6));
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void No_acceptable_proposal_ends_the_negotiation_with_the_asa_lines()
    {
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        var outputs = engine.Receive(client.Am1(dhGroup: 5), Load(), Now);
        // In the clear: an informational exchange with NOTIFY NO-PROPOSAL-CHOSEN (14).
        var notify = Assert.Single(outputs.Datagrams);
        Assert.True(IsakmpCodec.TryDecode(notify.Data, out var message, out _));
        Assert.Equal(ExchangeType.Informational, message!.Header.Exchange);
        Assert.False(message.Header.Encrypted);
        Assert.Equal(NotifyTypes.NoProposalChosen, Assert.IsType<NotifyPayload>(Assert.Single(message.Payloads)).MessageType);
        Assert.Contains("Group = EZ, IP = 198.18.0.2, All SA proposals found unacceptable", Lines(outputs));
        Assert.Contains("Group = EZ, IP = 198.18.0.2, Error processing payload: Payload ID: 1", Lines(outputs));
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_repeated_aggressive_mode_1_gets_the_same_answer_again()
    {
        var config = Load();
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        var am1 = client.Am1();
        var first = Single(engine.Receive(am1, config, Now));
        var again = engine.Receive(am1, config, Now);
        Assert.Equal(first.Data.ToArray(), Single(again).Data.ToArray());
        Assert.Single(engine.Sas);
    }
}
