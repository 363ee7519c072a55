using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>
/// Issue 10's proof that one datagram cannot blow up memory: every datagram of
/// <see cref="HostileDatagrams"/> costs the decoder, and the engine that receives it as a first message
/// or as a message of an existing SA, no more than a small multiple of its own length
/// (<see cref="Allocations"/> says why each budget is what it is).
/// </summary>
public class HostileInputTests
{
    public static TheoryData<string> Names => new(HostileDatagrams.All.Keys);

    private static readonly IPEndPoint Server500 = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly IPEndPoint Client500 = new(IPAddress.Parse("198.18.0.2"), 500);
    private static readonly DateTimeOffset Now = AggressiveModeExchangeTests.Now;

    [Theory]
    [MemberData(nameof(Names))]
    public void Decoding_a_hostile_datagram_allocates_within_the_budget(string name)
    {
        var datagram = HostileDatagrams.All[name]();
        IsakmpCodec.TryDecode(datagram, out _, out _); // type loading and the JIT belong to no datagram

        var allocated = Allocations.Of(() => IsakmpCodec.TryDecode(datagram, out _, out _));

        Allocations.AssertWithin(Allocations.DecodeBudget(datagram.Length), allocated, $"a {datagram.Length:N0}-byte datagram");
    }

    /// <summary>Alone, and with a real AM1's payloads before or after it, so that it also goes through phase-1 selection, Diffie-Hellman and AM2.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void A_hostile_first_message_costs_the_engine_within_the_budget(string name)
    {
        var hostile = HostileDatagrams.All[name]();
        var config = AggressiveModeExchangeTests.Load();
        foreach (var datagram in new[] { hostile, WithAm1(hostile, before: true), WithAm1(hostile, before: false) })
        {
            IkeDatagram FromClient() => new(Server500, Client500, datagram);
            new IkeEngine(new SeededRandom(1)).Receive(FromClient(), config, Now);
            var engine = new IkeEngine(new SeededRandom(1));

            var allocated = Allocations.Of(() => engine.Receive(FromClient(), config, Now));

            Allocations.AssertWithin(Allocations.EngineBudget(datagram.Length), allocated, $"a {datagram.Length:N0}-byte first message");
        }
    }

    /// <summary>
    /// From the SA's own peer (keys and HASH(1) right, the payloads hostile) as informational, transaction
    /// and Quick Mode messages, and from a spoofer who has the cookies but not the keys.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void A_hostile_message_of_an_existing_sa_costs_the_engine_within_the_budget(string name)
    {
        var hostile = HostileDatagrams.All[name]();
        var config = AggressiveModeExchangeTests.Load();
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient();
        var spoofed = Spoofed(client, hostile);
        uint messageId = 0x10000000;
        foreach (var exchange in new[] { ExchangeType.Informational, ExchangeType.Transaction, ExchangeType.QuickMode })
        {
            engine.Receive(Sealed(client, exchange, ++messageId, hostile), config, Now);
            var datagram = Sealed(client, exchange, ++messageId, hostile);

            var allocated = Allocations.Of(() => engine.Receive(datagram, config, Now));

            Allocations.AssertWithin(Allocations.EngineBudget(datagram.Data.Length), allocated, $"a {datagram.Data.Length:N0}-byte {exchange} message");
        }
        var fromSpoofer = Allocations.Of(() => engine.Receive(spoofed, config, Now));
        Allocations.AssertWithin(Allocations.EngineBudget(spoofed.Data.Length), fromSpoofer, $"a {spoofed.Data.Length:N0}-byte message without the keys");
        Assert.Single(engine.Sas);
    }

    [Fact]
    public void The_delete_bomb_of_issue_10_is_malformed_and_200_of_them_cost_the_engine_less_than_twice_their_bytes()
    {
        var bomb = HostileDatagrams.All["DELETE bomb: 256 DELETEs of 65,535 SPIs of size 0"]();
        Assert.False(IsakmpCodec.TryDecode(bomb, out _, out var error));
        Assert.Equal("malformed DELETE (12) payload: 65535 SPIs of size 0 for protocol 3 at offset 28", error!.ToString());

        // The issue's attack: 200 spoofed copies from as many cookies took 1.6 GB. Now each costs its
        // drop: a context, the event that says so (about 4 KiB in all).
        var config = AggressiveModeExchangeTests.Load();
        var engine = new IkeEngine(new SeededRandom(1));
        engine.Receive(new IkeDatagram(Server500, Client500, bomb), config, Now);
        var datagrams = Enumerable.Range(1, 200).Select(i =>
        {
            var copy = bomb.ToArray();
            BinaryPrimitives.WriteUInt64BigEndian(copy, (ulong)i);
            return new IkeDatagram(Server500, Client500, copy);
        }).ToList();

        var allocated = Allocations.Of(() => { foreach (var d in datagrams) engine.Receive(d, config, Now); });

        Assert.True(allocated < 2 * 200 * bomb.Length, $"{allocated:N0} bytes for 200 datagrams of {bomb.Length:N0} bytes");
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_delete_of_thousands_of_spis_keeps_them_as_one_slice_of_the_message()
    {
        var spis = Enumerable.Range(0, 16_000).SelectMany(i => new byte[] { 0xC0, 0, (byte)(i >> 8), (byte)i }).ToArray();
        var body = RawIsakmp.Delete(SecurityProtocols.Esp, 4, 16_000, 0)[..8].Concat(spis).ToArray();
        var message = RawIsakmp.Message(PayloadType.Delete, RawIsakmp.Chain((PayloadType.Delete, body)));
        IsakmpCodec.TryDecode(message, out _, out _);

        var allocated = Allocations.Of(() => IsakmpCodec.TryDecode(message, out _, out _));

        Assert.True(allocated < 1024, $"{allocated} bytes");
        Assert.True(IsakmpCodec.TryDecode(message, out var decoded, out _));
        var delete = decoded!.First<DeletePayload>()!;
        Assert.Equal(16_000, delete.SpiCount);
        Assert.Equal(new byte[] { 0xC0, 0, 0x3E, 0x7F }, delete.Spi(15_999).ToArray());
        Assert.Equal(spis, delete.SpiBytes.ToArray());
        Assert.Equal(message, IsakmpEncoder.Encode(decoded.Header, decoded.Payloads));
    }

    /// <summary>SPI sizes as RFC 2408 §3.15 and RFC 2407 §4.4.1 give them; a count of SPIs needs SPIs with a size.</summary>
    [Theory]
    [InlineData(SecurityProtocols.Isakmp, 16, 1, true)]
    [InlineData(SecurityProtocols.Isakmp, 16, 2, true)]
    [InlineData(SecurityProtocols.Isakmp, 8, 1, false)]
    [InlineData(SecurityProtocols.Isakmp, 0, 1, false)]
    [InlineData(SecurityProtocols.Esp, 4, 3, true)]
    [InlineData(SecurityProtocols.Esp, 4, 0, true)]
    [InlineData(SecurityProtocols.Esp, 0, 0, true)]
    [InlineData(SecurityProtocols.Esp, 0, 1, false)]
    [InlineData(SecurityProtocols.Esp, 8, 1, false)]
    [InlineData(SecurityProtocols.Ah, 2, 1, false)]
    [InlineData(SecurityProtocols.Ipcomp, 2, 1, true)]
    [InlineData(SecurityProtocols.Ipcomp, 4, 1, true)]
    [InlineData(SecurityProtocols.Ipcomp, 3, 1, false)]
    [InlineData(200, 7, 3, true)]
    [InlineData(200, 0, 65_535, false)]
    public void A_delete_decodes_only_with_the_spi_size_of_its_protocol(byte protocol, byte spiSize, int count, bool valid)
    {
        var message = RawIsakmp.Message(PayloadType.Delete, RawIsakmp.Chain((PayloadType.Delete, RawIsakmp.Delete(protocol, spiSize, count, spiSize * count))));
        Assert.Equal(valid, IsakmpCodec.TryDecode(message, out var decoded, out _));
        if (valid) Assert.Equal(count, decoded!.First<DeletePayload>()!.SpiCount);
    }

    [Theory]
    [InlineData(4, 3, "DELETE (12) payload: 3 SPIs of 4 bytes in 4 bytes")]
    [InlineData(4, 1, "DELETE (12) payload: 1 SPIs of 4 bytes in 5 bytes")]
    public void A_delete_whose_spis_do_not_fill_it_is_malformed(byte spiSize, int count, string reason)
    {
        var body = RawIsakmp.Delete(SecurityProtocols.Esp, spiSize, count, count == 1 ? 5 : 4);
        Assert.False(IsakmpCodec.TryDecode(RawIsakmp.Message(PayloadType.Delete, RawIsakmp.Chain((PayloadType.Delete, body))), out _, out var error));
        Assert.Contains(reason, error!.Reason);
    }

    /// <summary>Proposal SPI sizes (RFC 2408 §3.5: ISAKMP from 0 to 16; RFC 2407 §4.4.1: AH and ESP 4) and notification SPI sizes (RFC 2408 §3.14).</summary>
    [Theory]
    [InlineData(SecurityProtocols.Isakmp, 0, true)]
    [InlineData(SecurityProtocols.Isakmp, 16, true)]
    [InlineData(SecurityProtocols.Isakmp, 17, false)]
    [InlineData(SecurityProtocols.Esp, 4, true)]
    [InlineData(SecurityProtocols.Esp, 0, false)]
    [InlineData(SecurityProtocols.Ah, 5, false)]
    [InlineData(200, 255, true)]
    public void A_proposal_decodes_only_with_the_spi_size_of_its_protocol(byte protocol, byte spiSize, bool valid)
    {
        var sa = RawIsakmp.Sa([RawIsakmp.Proposal(protocol, spiSize, 1, [RawIsakmp.Transform([])])]);
        Assert.Equal(valid, IsakmpCodec.TryDecode(RawIsakmp.Message(PayloadType.SecurityAssociation, RawIsakmp.Chain((PayloadType.SecurityAssociation, sa))), out _, out _));
    }

    [Theory]
    [InlineData(SecurityProtocols.Isakmp, 16, true)]
    [InlineData(SecurityProtocols.Isakmp, 0, true)]
    [InlineData(SecurityProtocols.Isakmp, 17, false)]
    [InlineData(SecurityProtocols.Esp, 4, true)]
    [InlineData(SecurityProtocols.Esp, 0, true)]
    [InlineData(SecurityProtocols.Esp, 16, false)]
    public void A_notification_decodes_only_with_the_spi_size_of_its_protocol(byte protocol, byte spiSize, bool valid)
    {
        var message = RawIsakmp.Message(PayloadType.Notification, RawIsakmp.Chain((PayloadType.Notification, RawIsakmp.Notify(protocol, spiSize, 4))));
        Assert.Equal(valid, IsakmpCodec.TryDecode(message, out _, out _));
    }

    public static TheoryData<string, byte[], string> ChainLies => new()
    {
        { "a proposal declaring more transforms than it has", RawIsakmp.Sa([RawIsakmp.Proposal(1, 0, 2, [RawIsakmp.Transform([])])]), "2 transforms declared, 1 present" },
        { "a proposal declaring fewer transforms than it has", RawIsakmp.Sa([RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([]), RawIsakmp.Transform([])])]), "1 transforms declared, 2 present" },
        { "bytes after the last proposal", [.. RawIsakmp.Sa([RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([])])]), 0, 0, 0, 0], "4 bytes after the last proposal" },
        { "a truncated proposal", [.. RawIsakmp.Sa([RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([])])])[..8], 2, 0, 0, 8], "truncated proposal" },
        { "a proposal after the last one", [.. RawIsakmp.Sa([RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([])])]), .. RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([])])], "16 bytes after the last proposal" },
        { "a last proposal that says more follow", [.. RawIsakmp.Sa([RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([])])])[..8], 2, .. RawIsakmp.Proposal(1, 0, 1, [RawIsakmp.Transform([])])[1..]], "proposal followed by payload type 2" },
        { "a transform followed by a proposal", RawIsakmp.Sa([Relinked(RawIsakmp.Proposal(1, 0, 2, [RawIsakmp.Transform([]), RawIsakmp.Transform([])]), 8, PayloadType.Proposal)]), "transform followed by payload type 2" },
    };

    private static byte[] Relinked(byte[] bytes, int at, PayloadType next)
    {
        bytes[at] = (byte)next;
        return bytes;
    }

    [Theory]
    [MemberData(nameof(ChainLies))]
    public void An_sa_whose_chains_disagree_with_their_lengths_or_counts_is_malformed(string what, byte[] sa, string reason)
    {
        var message = RawIsakmp.Message(PayloadType.SecurityAssociation, RawIsakmp.Chain((PayloadType.SecurityAssociation, sa)));
        Assert.False(IsakmpCodec.TryDecode(message, out _, out var error), what);
        Assert.EndsWith(reason, error!.Reason);
    }

    /// <summary>
    /// Phase-1 selection and Quick Mode look attributes up per transform and policy: with thousands of
    /// transforms a lambda per lookup cost more than the transforms themselves.
    /// </summary>
    [Fact]
    public void Looking_up_a_transform_attribute_allocates_nothing()
    {
        var transform = new Transform(1, 1, [DataAttribute.Basic(1, 7), DataAttribute.Basic(14, 256)]);
        transform.Attribute(14);

        Assert.Equal(0, Allocations.Of(() => { for (var i = 0; i < 100; i++) transform.Attribute(14); transform.Attribute(99); }));
    }

    /// <summary>
    /// A Mode Config request from the client that passed XAUTH, asking for 16,000 attributes. Under
    /// <c>debug crypto ikev1</c> the engine narrates each one as the ASA does ("MODE_CFG: Received
    /// request for ..."), about 640 bytes of event per 4-byte attribute, so its budget is then 192 bytes
    /// per byte; once per session, and only from a peer that holds the group key and a user's
    /// password. Without the debug, the engine's budget.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_mode_config_request_for_thousands_of_attributes_costs_in_proportion_to_its_length(bool debug)
    {
        var config = AggressiveModeExchangeTests.Load();
        var (engine, client) = AfterXauth(config);
        engine.Debug = debug ? IkeDebugLevels.All : IkeDebugLevels.Off;
        var request = client.Transaction(0x516aeeef, new AttributePayload(AttributePayload.Request, 20,
            [.. Enumerable.Range(0, 16_000).Select(i => DataAttribute.Variable((ushort)(1 + i % 30_000), ReadOnlyMemory<byte>.Empty))]));

        var allocated = Allocations.Of(() => engine.Receive(request, config, Now));

        var length = request.Data.Length;
        Allocations.AssertWithin(debug ? 192L * length + 64 * 1024 : Allocations.EngineBudget(length), allocated, $"a {length:N0}-byte request");
        Assert.Equal(IkeSaState.AmActive, Assert.Single(engine.Sas).State);
    }

    /// <summary>A session whose client has passed XAUTH and acknowledged it: the engine waits for its Mode Config request.</summary>
    private static (IkeEngine, TestInitiator) AfterXauth(AsaConfig config)
    {
        var engine = new IkeEngine(new SeededRandom(1));
        var client = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500);
        IkeDatagram Answer(IkeDatagram d) => Assert.Single(engine.Receive(d, config, Now).Datagrams);
        client.TakeAm2(Answer(client.Am1()));
        var (xauthId, _) = client.Open(Answer(client.Am3()));
        var (setId, _) = client.Open(Answer(client.Transaction(xauthId, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, "cisco"u8.ToArray()),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, "cisco"u8.ToArray())]))));
        engine.Receive(client.Transaction(setId, new AttributePayload(AttributePayload.Ack, 0, [DataAttribute.Basic(ModeCfgAttributes.XauthStatus, 1)])), config, Now);
        return (engine, client);
    }

    /// <summary>The hostile payloads ahead of a real AM1's (when they decode at all), or after them.</summary>
    private static byte[] WithAm1(byte[] hostile, bool before)
    {
        var am1 = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client500, Server500).Am1().Data.ToArray();
        IsakmpCodec.TryDecode(am1, out var real, out _);
        byte[] combined;
        if (before && IsakmpCodec.TryDecode(hostile, out var message, out _) && message!.Payloads.Count > 0)
        {
            combined = [.. am1[..IsakmpHeader.Size], .. hostile[IsakmpHeader.Size..], .. am1[IsakmpHeader.Size..]];
            combined[IsakmpHeader.Size + message.Payloads[^1].ChainOffset] = am1[FirstPayloadOffset];
            combined[FirstPayloadOffset] = hostile[FirstPayloadOffset];
        }
        else
        {
            combined = [.. am1, .. hostile[IsakmpHeader.Size..]];
            combined[IsakmpHeader.Size + real!.Payloads[^1].ChainOffset] = hostile[FirstPayloadOffset];
        }
        BinaryPrimitives.WriteUInt32BigEndian(combined.AsSpan(LengthOffset), (uint)combined.Length);
        return combined;
    }

    /// <summary>Where the header's next-payload and length fields are (RFC 2408 §3.1).</summary>
    private const int FirstPayloadOffset = 16, LengthOffset = 24;

    /// <summary>
    /// A protected message from the SA's peer carrying the hostile datagram's payload chain after a
    /// right HASH(1) (RFC 2409 §5.5, §5.7): what the peer itself can make the engine decode.
    /// </summary>
    private static IkeDatagram Sealed(TestInitiator client, ExchangeType exchange, uint messageId, byte[] hostile)
    {
        var chain = hostile[IsakmpHeader.Size..];
        var hash = new byte[client.Keys!.HashLength];
        client.Keys.ComputeMessageHash(messageId, chain, hash);
        byte[] body = [.. RawIsakmp.Header(hostile[FirstPayloadOffset], IsakmpCodec.GenericHeaderSize + hash.Length), .. hash, .. chain];
        var message = new byte[IsakmpHeader.Size + client.Iv!.EncryptedLength(body.Length)];
        if (exchange == ExchangeType.Informational) client.Iv.EncryptInformational(messageId, body, message.AsSpan(IsakmpHeader.Size));
        else client.Iv.Encrypt(messageId, body, message.AsSpan(IsakmpHeader.Size));
        new IsakmpHeader(client.CookieI, client.CookieR, PayloadType.Hash, IsakmpHeader.Version1, exchange, IsakmpFlags.Encryption, messageId, (uint)message.Length)
            .Write(message);
        return new IkeDatagram(client.Server, client.Client, message);
    }

    /// <summary>The hostile datagram's bytes as the body of an encrypted informational message with the SA's cookies, from someone without the keys.</summary>
    private static IkeDatagram Spoofed(TestInitiator client, byte[] hostile)
    {
        var length = IsakmpHeader.Size + (hostile.Length - IsakmpHeader.Size + 15) / 16 * 16;
        var message = new byte[length];
        hostile.AsSpan(IsakmpHeader.Size).CopyTo(message.AsSpan(IsakmpHeader.Size));
        new IsakmpHeader(client.CookieI, client.CookieR, PayloadType.Hash, IsakmpHeader.Version1, ExchangeType.Informational, IsakmpFlags.Encryption, 0x5f5f5f5f, (uint)length)
            .Write(message);
        return new IkeDatagram(client.Server, client.Client, message);
    }
}
