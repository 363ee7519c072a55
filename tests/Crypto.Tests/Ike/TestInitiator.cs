using System.Buffers.Binary;
using System.Net;
using System.Text;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>A seeded random source: exchanges replay identically.</summary>
public sealed class SeededRandom(int seed) : IRandom
{
    private readonly Random _random = new(seed);
    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}

/// <summary>
/// An EzVPN client in the test process, playing vpnc's part of aggressive mode, XAUTH and Mode
/// Config with the same codec and keying the engine uses, and checking every answer it gets.
/// </summary>
public sealed class TestInitiator(IRandom random, string group, string psk, IPEndPoint client, IPEndPoint server)
{
    /// <summary>The initiator cookie (fixed unless a test needs several clients).</summary>
    public ulong CookieI { get; init; } = 0x220b25a3440f508dUL;
    public ulong CookieR { get; private set; }
    public KeyMaterial? Keys { get; private set; }
    public IvChain? Iv { get; private set; }
    public IPEndPoint Client { get; set; } = client;
    public IPEndPoint Server { get; set; } = server;

    private IDiffieHellman? _dh;
    private byte[] _nonceI = [];
    private byte[] _saBody = [];
    private byte[] _idBody = [];

    /// <summary>AM1 as vpnc sends it: AES-256/128 and 3DES with SHA and MD5, XAUTH and plain PSK, group 2, 2147483 s.</summary>
    /// <param name="addressId">Identify by this address (ID_IPV4_ADDR, as a site does) instead of the group name (ID_KEY_ID).</param>
    public IkeDatagram Am1(ushort authMethod = OakleyAttributes.XauthInitPreShared, ushort dhGroup = 2, System.Net.IPAddress? addressId = null)
    {
        var transforms = new List<Transform>();
        byte n = 0;
        foreach (var (enc, keyLength) in new (ushort, ushort?)[] { (7, 256), (7, 128), (5, null) })
            foreach (var hash in new ushort[] { 2, 1 })
            {
                var attributes = new List<DataAttribute>();
                if (keyLength is { } kl) attributes.Add(DataAttribute.Basic(OakleyAttributes.KeyLength, kl));
                attributes.Add(DataAttribute.Basic(OakleyAttributes.EncryptionAlgorithm, enc));
                attributes.Add(DataAttribute.Basic(OakleyAttributes.HashAlgorithm, hash));
                attributes.Add(DataAttribute.Basic(OakleyAttributes.GroupDescription, dhGroup));
                attributes.Add(DataAttribute.Basic(OakleyAttributes.AuthenticationMethod, authMethod));
                attributes.Add(DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds));
                attributes.Add(DataAttribute.Integer(OakleyAttributes.LifeDuration, 2147483));
                transforms.Add(new Transform(n++, OakleyAttributes.KeyIke, attributes));
            }
        var sa = new SaPayload(1, 1, [new Proposal(0, OakleyAttributes.ProtocolIsakmp, ReadOnlyMemory<byte>.Empty, transforms)]);
        _dh = DhGroup.FromAttribute(dhGroup)!.CreateKeyPair(random);
        _nonceI = new byte[20];
        random.Fill(_nonceI);
        var id = addressId is null ? new IdPayload(IdPayload.KeyId, 17, 500, Encoding.ASCII.GetBytes(group))
            : new IdPayload(IdPayload.Ipv4Address, 17, 500, addressId.GetAddressBytes());
        var payloads = new List<Payload>
        {
            sa, new KePayload(_dh.PublicValue.ToArray()), new DataPayload(PayloadType.Nonce, _nonceI), id,
            new VendorIdPayload(VendorIds.Xauth), new VendorIdPayload(VendorIds.Dpd), new VendorIdPayload(VendorIds.NatTRfc3947),
            new VendorIdPayload(VendorIds.CiscoUnity),
        };
        var message = IsakmpEncoder.Encode(new IsakmpHeader(CookieI, 0, 0, IsakmpHeader.Version1, ExchangeType.Aggressive, 0, 0, 0), payloads);
        // Keep the bodies as they are on the wire: the hashes cover them.
        IsakmpCodec.TryDecode(message, out var decoded, out _);
        _saBody = decoded!.First<SaPayload>()!.Body.ToArray();
        _idBody = decoded.First<IdPayload>()!.Body.ToArray();
        return new IkeDatagram(Server, Client, message);
    }

    /// <summary>Checks AM2 (HASH_R proves the server holds the key) and derives the keys.</summary>
    public IsakmpMessage TakeAm2(IkeDatagram am2, bool checkHash = true)
    {
        Assert.True(IsakmpCodec.TryDecode(am2.Data, out var message, out var error), error?.ToString());
        CookieR = message!.Header.ResponderCookie;
        var transform = Assert.Single(Assert.Single(message.First<SaPayload>()!.Proposals).Transforms);
        var suite = IkeCipherSuite.FromAttributes((ushort)transform.Attribute(OakleyAttributes.EncryptionAlgorithm)!.Number,
            (int?)transform.Attribute(OakleyAttributes.KeyLength)?.Number)!;
        var hash = IkeHash.FromAttribute((ushort)transform.Attribute(OakleyAttributes.HashAlgorithm)!.Number)!;
        var keR = message.First<KePayload>()!.Data.ToArray();
        var nonceR = message.Payloads.OfType<DataPayload>().First(p => p.Kind == PayloadType.Nonce).Data.ToArray();
        var shared = new byte[_dh!.Group.SharedSecretLength];
        Assert.Equal(DhStatus.Ok, _dh.TryComputeSharedSecret(keR, shared));
        var cookies = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(cookies, CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(cookies.AsSpan(8), CookieR);
        Assert.True(KeyMaterial.TryDerivePreSharedKey(hash, suite, Encoding.UTF8.GetBytes(psk), _nonceI, nonceR, shared,
            cookies.AsSpan(0, 8), cookies.AsSpan(8), out var keys));
        Keys = keys;
        var hashR = new byte[keys.HashLength];
        keys.ComputeHashR(_dh.PublicValue, keR, _saBody, message.First<IdPayload>()!.Body.Span, hashR);
        HashRValid = hashR.AsSpan().SequenceEqual(message.Payloads.OfType<DataPayload>().First(p => p.Kind == PayloadType.Hash).Data.Span);
        if (checkHash) Assert.True(HashRValid, "HASH_R does not verify");
        Iv = keys.CreateIvChain(_dh.PublicValue, keR);
        _keR = keR;
        return message;
    }

    private byte[] _keR = [];

    /// <summary>Whether the server's HASH_R verified with this client's key.</summary>
    public bool HashRValid { get; private set; }

    /// <summary>AM3: HASH_I, NAT-D as this client sees the two ends, INITIAL-CONTACT.</summary>
    public IkeDatagram Am3(bool wrongHash = false)
    {
        var hashI = new byte[Keys!.HashLength];
        Keys.ComputeHashI(_dh!.PublicValue, _keR, _saBody, _idBody, hashI);
        if (wrongHash) hashI[0] ^= 0xFF;
        var spi = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spi, CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(spi.AsSpan(8), CookieR);
        var payloads = new List<Payload>
        {
            new DataPayload(PayloadType.Hash, hashI),
            new NatDPayload(PayloadType.NatDiscovery, NatD(Server)),
            new NatDPayload(PayloadType.NatDiscovery, NatD(Client)),
            new NotifyPayload(1, OakleyAttributes.ProtocolIsakmp, spi, NotifyTypes.InitialContact, ReadOnlyMemory<byte>.Empty),
        };
        return Seal(ExchangeType.Aggressive, 0, payloads);
    }

    private byte[] NatD(IPEndPoint endpoint)
    {
        var data = new byte[8 + 8 + 4 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), CookieR);
        endpoint.Address.GetAddressBytes().CopyTo(data, 16);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(20), (ushort)endpoint.Port);
        var hash = new byte[Keys!.HashLength];
        IkeHash.Sha1.Hash(data, hash);
        return hash;
    }

    /// <summary>Decrypts and checks a protected transaction/informational message from the server.</summary>
    public (uint MessageId, IReadOnlyList<Payload> Payloads) Open(IkeDatagram datagram)
    {
        Assert.True(IsakmpHeader.TryRead(datagram.Data.Span, out var header));
        Assert.True(header.Encrypted);
        var cipher = datagram.Data.Span[IsakmpHeader.Size..];
        var plain = new byte[cipher.Length];
        if (header.Exchange == ExchangeType.Informational) Assert.True(Iv!.TryDecryptInformational(header.MessageId, cipher, plain));
        else
        {
            Assert.True(Iv!.TryDecrypt(header.MessageId, cipher, plain));
            Iv.Confirm(header.MessageId);
        }
        Assert.True(IsakmpCodec.TryDecodePayloads(header.NextPayload, plain, out var payloads, out var error), error?.ToString());
        var last = payloads![^1];
        var expected = new byte[Keys!.HashLength];
        Keys.ComputeMessageHash(header.MessageId, plain.AsSpan(payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength), expected);
        Assert.Equal(expected, ((DataPayload)payloads[0]).Data.ToArray());
        return (header.MessageId, payloads);
    }

    /// <summary>A transaction message from the client: HASH(1) then the attributes.</summary>
    public IkeDatagram Transaction(uint messageId, AttributePayload attributes)
    {
        var after = new byte[IsakmpEncoder.PayloadsLength([attributes])];
        IsakmpEncoder.WritePayloads([attributes], after);
        var hash = new byte[Keys!.HashLength];
        Keys.ComputeMessageHash(messageId, after, hash);
        return Seal(ExchangeType.Transaction, messageId, [new DataPayload(PayloadType.Hash, hash), attributes]);
    }

    /// <summary>A protected informational message from the client (DPD, DELETE).</summary>
    public IkeDatagram Informational(uint messageId, IReadOnlyList<Payload> payloads)
    {
        var after = new byte[IsakmpEncoder.PayloadsLength(payloads)];
        IsakmpEncoder.WritePayloads(payloads, after);
        var hash = new byte[Keys!.HashLength];
        Keys.ComputeMessageHash(messageId, after, hash);
        return Seal(ExchangeType.Informational, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
    }

    public byte[] Cookies()
    {
        var spi = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spi, CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(spi.AsSpan(8), CookieR);
        return spi;
    }

    /// <summary>The PFS group of the last rekey this client answered (null: none).</summary>
    public int? LastRekeyPfsGroup { get; private set; }

    private byte[] _qmNonce = [];
    private IDiffieHellman? _qmPfs;

    /// <summary>g^xy of a PFS exchange from the peer's KE payload, or empty without PFS.</summary>
    private static byte[] PfsSecret(IDiffieHellman? ours, IReadOnlyList<Payload> payloads)
    {
        if (ours is null) return [];
        var secret = new byte[ours.Group.SharedSecretLength];
        Assert.Equal(DhStatus.Ok, ours.TryComputeSharedSecret(payloads.OfType<KePayload>().Single().Data.Span, secret));
        return secret;
    }
    private uint _qmSpi;

    /// <summary>QM1 as vpnc sends it with NAT-T: ESP proposals AES-256/128 and 3DES with SHA/MD5 in UDP tunnel mode, 2147483 s.</summary>
    /// <param name="pfsGroup">With a Diffie-Hellman group: PFS, as vpnc --pfs dhN offers it (the group in each transform, and KE).</param>
    /// <param name="proxies">The two IDs (this end's, then the server's) instead of the client's address and 0.0.0.0/0, as a site proposes its networks.</param>
    public IkeDatagram Qm1(uint messageId, byte[] clientAddress, ushort encapsulation = IpsecAttributes.UdpTunnel, ushort? pfsGroup = null,
        (IdPayload Local, IdPayload Remote)? proxies = null)
    {
        _qmPfs = pfsGroup is { } g ? DhGroup.FromAttribute(g)!.CreateKeyPair(random) : null;
        _qmSpi = 0x056743a8;
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, _qmSpi);
        var proposals = new List<Proposal>();
        byte n = 0;
        foreach (var (id, bits) in new (byte, ushort?)[] { (EspKeySizes.EspAes, 256), (EspKeySizes.EspAes, 128), (EspKeySizes.Esp3Des, null) })
            foreach (var auth in new ushort[] { EspKeySizes.HmacSha1, EspKeySizes.HmacMd5 })
            {
                var attributes = new List<DataAttribute>();
                if (bits is { } b) attributes.Add(DataAttribute.Basic(IpsecAttributes.KeyLength, b));
                attributes.Add(DataAttribute.Basic(IpsecAttributes.EncapsulationMode, encapsulation));
                attributes.Add(DataAttribute.Basic(IpsecAttributes.AuthenticationAlgorithm, auth));
                attributes.Add(DataAttribute.Basic(IpsecAttributes.LifeType, IpsecAttributes.LifeSeconds));
                attributes.Add(DataAttribute.Integer(IpsecAttributes.LifeDuration, 2147483));
                if (pfsGroup is { } group) attributes.Add(DataAttribute.Basic(IpsecAttributes.GroupDescription, group));
                proposals.Add(new Proposal(n++, IpsecAttributes.ProtocolEsp, spi, [new Transform(0, id, attributes)]));
            }
        _qmNonce = new byte[20];
        random.Fill(_qmNonce);
        var payloads = new List<Payload>
        {
            new SaPayload(1, 1, proposals), new DataPayload(PayloadType.Nonce, _qmNonce),
        };
        if (_qmPfs is not null) payloads.Add(new KePayload(_qmPfs.PublicValue.ToArray()));
        payloads.Add(proxies?.Local ?? new IdPayload(IdPayload.Ipv4Address, 0, 0, clientAddress));
        payloads.Add(proxies?.Remote ?? new IdPayload(IdPayload.Ipv4Subnet, 0, 0, new byte[8]));
        var after = new byte[IsakmpEncoder.PayloadsLength(payloads)];
        IsakmpEncoder.WritePayloads(payloads, after);
        var hash = new byte[Keys!.HashLength];
        Keys.ComputeQuickModeHash1(messageId, after, hash);
        return Seal(ExchangeType.QuickMode, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
    }

    /// <summary>Checks QM2's HASH(2) and returns the server's SPI, nonce and chosen transform; then QM3 and the client's SA keys.</summary>
    public (IkeDatagram Qm3, ChildSaKeys ClientKeys, Transform Chosen, IReadOnlyList<Payload> Payloads) TakeQm2(IkeDatagram qm2, int encLength, int authLength)
    {
        Assert.True(IsakmpHeader.TryRead(qm2.Data.Span, out var header));
        var cipher = qm2.Data.Span[IsakmpHeader.Size..];
        var plain = new byte[cipher.Length];
        Assert.True(Iv!.TryDecrypt(header.MessageId, cipher, plain));
        Iv.Confirm(header.MessageId);
        Assert.True(IsakmpCodec.TryDecodePayloads(header.NextPayload, plain, out var payloads, out _));
        var last = payloads![^1];
        var expected = new byte[Keys!.HashLength];
        Keys.ComputeQuickModeHash2(header.MessageId, _qmNonce, plain.AsSpan(payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength), expected);
        Assert.Equal(expected, ((DataPayload)payloads[0]).Data.ToArray());
        var proposal = Assert.Single(payloads.OfType<SaPayload>().Single().Proposals);
        var serverSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        var nonceR = payloads.OfType<DataPayload>().First(p => p.Kind == PayloadType.Nonce).Data.ToArray();
        // The client's inbound SA is the server's outbound: its SPI is ours.
        var keys = Keys.DeriveChildSaKeys(IpsecAttributes.ProtocolEsp, _qmSpi, serverSpi, _qmNonce, nonceR, PfsSecret(_qmPfs, payloads), encLength, authLength);
        var hash3 = new byte[Keys.HashLength];
        Keys.ComputeQuickModeHash3(header.MessageId, _qmNonce, nonceR, hash3);
        return (Seal(ExchangeType.QuickMode, header.MessageId, [new DataPayload(PayloadType.Hash, hash3)]), keys, Assert.Single(proposal.Transforms), payloads);
    }

    /// <summary>
    /// Answers the headend's rekey QM1 as vpnc does: checks HASH(1), takes its SPI and nonce, and
    /// returns QM2 with a new SPI of ours, plus the keys this client expects (the headend is Ni now).
    /// </summary>
    public (IkeDatagram Qm2, ChildSaKeys ClientKeys, uint MessageId, byte[] NonceI, byte[] NonceR) RespondToRekey(IkeDatagram qm1, uint clientSpi, int encLength, int authLength)
    {
        Assert.True(IsakmpHeader.TryRead(qm1.Data.Span, out var header));
        var cipher = qm1.Data.Span[IsakmpHeader.Size..];
        var plain = new byte[cipher.Length];
        Assert.True(Iv!.TryDecrypt(header.MessageId, cipher, plain));
        Iv.Confirm(header.MessageId);
        Assert.True(IsakmpCodec.TryDecodePayloads(header.NextPayload, plain, out var payloads, out _));
        var last = payloads![^1];
        var after = plain.AsSpan(payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength);
        var expected = new byte[Keys!.HashLength];
        Keys.ComputeQuickModeHash1(header.MessageId, after, expected);
        Assert.Equal(expected, ((DataPayload)payloads[0]).Data.ToArray());
        var proposal = payloads.OfType<SaPayload>().Single().Proposals.Single();
        var serverSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        var nonceI = payloads.OfType<DataPayload>().First(p => p.Kind == PayloadType.Nonce).Data.ToArray();
        var ids = payloads.OfType<IdPayload>().ToList();
        var nonceR = new byte[20];
        random.Fill(nonceR);
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, clientSpi);
        // PFS when the headend asked for it: our KE in the group of its transform.
        var group = proposal.Transforms.Single().Attribute(IpsecAttributes.GroupDescription)?.Number;
        var pfs = group is { } g ? DhGroup.FromAttribute((ushort)g)!.CreateKeyPair(random) : null;
        Assert.Equal(pfs is not null, payloads.OfType<KePayload>().Any()); // KE exactly when the transform names a group
        LastRekeyPfsGroup = (int?)group;
        var reply = new List<Payload> { new SaPayload(1, 1, [proposal with { Spi = spi }]), new DataPayload(PayloadType.Nonce, nonceR) };
        if (pfs is not null) reply.Add(new KePayload(pfs.PublicValue.ToArray()));
        reply.Add(ids[0] with { Body = default });
        reply.Add(ids[1] with { Body = default });
        var body = new byte[IsakmpEncoder.PayloadsLength(reply)];
        IsakmpEncoder.WritePayloads(reply, body);
        var hash2 = new byte[Keys.HashLength];
        Keys.ComputeQuickModeHash2(header.MessageId, nonceI, body, hash2);
        var keys = Keys.DeriveChildSaKeys(IpsecAttributes.ProtocolEsp, clientSpi, serverSpi, nonceI, nonceR, PfsSecret(pfs, payloads), encLength, authLength);
        return (Seal(ExchangeType.QuickMode, header.MessageId, [new DataPayload(PayloadType.Hash, hash2), .. reply]), keys, header.MessageId, nonceI, nonceR);
    }

    /// <summary>Checks the headend's QM3: HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b).</summary>
    public void TakeQm3(IkeDatagram qm3, uint messageId, byte[] nonceI, byte[] nonceR)
    {
        Assert.True(IsakmpHeader.TryRead(qm3.Data.Span, out var header));
        var cipher = qm3.Data.Span[IsakmpHeader.Size..];
        var plain = new byte[cipher.Length];
        Assert.True(Iv!.TryDecrypt(messageId, cipher, plain));
        Assert.True(IsakmpCodec.TryDecodePayloads(header.NextPayload, plain, out var payloads, out _));
        var expected = new byte[Keys!.HashLength];
        Keys.ComputeQuickModeHash3(messageId, nonceI, nonceR, expected);
        Assert.Equal(expected, ((DataPayload)payloads![0]).Data.ToArray());
    }

    private IkeDatagram Seal(ExchangeType exchange, uint messageId, IReadOnlyList<Payload> payloads)
    {
        var bodyLength = IsakmpEncoder.PayloadsLength(payloads);
        var message = new byte[IsakmpHeader.Size + Iv!.EncryptedLength(bodyLength)];
        IsakmpEncoder.WritePayloads(payloads, message.AsSpan(IsakmpHeader.Size));
        var body = message.AsSpan(IsakmpHeader.Size, bodyLength);
        if (exchange == ExchangeType.Informational) Iv.EncryptInformational(messageId, body, message.AsSpan(IsakmpHeader.Size));
        else Iv.Encrypt(messageId, body, message.AsSpan(IsakmpHeader.Size));
        new IsakmpHeader(CookieI, CookieR, payloads[0].Type, IsakmpHeader.Version1, exchange, IsakmpFlags.Encryption, messageId, (uint)message.Length).Write(message);
        return new IkeDatagram(Server, Client, message);
    }
}
