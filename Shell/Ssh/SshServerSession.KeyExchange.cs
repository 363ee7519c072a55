using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Algorithms;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// Algorithm negotiation and key exchange (RFC 4253 §7–8), key re-exchange when the client asks,
/// and the strict key exchange of OpenSSH (kex-strict-*-v00@openssh.com) against Terrapin.
/// </summary>
internal sealed partial class SshServerSession
{
    private const string StrictKexClient = "kex-strict-c-v00@openssh.com";
    private const string StrictKexServer = "kex-strict-s-v00@openssh.com";

    internal static readonly IReadOnlyList<IKeyExchangeAlgorithm> KeyExchangeAlgorithms =
    [
        new Curve25519Sha256("curve25519-sha256"),
        new Curve25519Sha256("curve25519-sha256@libssh.org"),
        new EcdhSha2Nistp256(),
        new DiffieHellmanGroup14Sha256(),
    ];

    internal static readonly IReadOnlyList<CipherAlgorithm> Ciphers =
    [
        CipherAlgorithm.Aes128Ctr,
        CipherAlgorithm.Aes256Ctr,
        CipherAlgorithm.Aes128Gcm,
        CipherAlgorithm.Aes256Gcm,
    ];

    internal static readonly IReadOnlyList<MacAlgorithm> Macs =
    [
        MacAlgorithm.HmacSha256Etm,
        MacAlgorithm.HmacSha256,
        MacAlgorithm.HmacSha1,
    ];

    private byte[]? _serverKexInit;
    private byte[]? _clientKexInit;
    private Negotiated? _negotiated;

    /// <summary>The ciphers and MACs in use (<c>show ssh sessions</c>); null before the first key exchange ends.</summary>
    internal Sessions.SshAlgorithms? Algorithms => _negotiated is { } n
        ? new(n.CipherClientToServer.Name, n.MacClientToServer?.Name ?? "", n.CipherServerToClient.Name, n.MacServerToClient?.Name ?? "")
        : null;
    private bool _awaitingNewKeys;
    private bool _ignoreGuessedPacket;
    private bool _initialKexDone;
    private bool _strictKex;
    private byte[]? _sessionId;
    private IPacketDecryptor? _pendingDecryptor;

    internal sealed record Negotiated(
        IKeyExchangeAlgorithm Kex,
        IHostKeyAlgorithm HostKey,
        CipherAlgorithm CipherClientToServer,
        CipherAlgorithm CipherServerToClient,
        MacAlgorithm? MacClientToServer,
        MacAlgorithm? MacServerToClient);

    /// <summary>Sends our SSH_MSG_KEXINIT and holds other outgoing messages until our NEWKEYS.</summary>
    private async Task SendKexInitAsync()
    {
        var writer = new SshWriter(MessageNumber.KexInit);
        writer.WriteRaw(RandomNumberGenerator.GetBytes(16));
        writer.WriteNameList(KeyExchangeAlgorithms.Select(k => k.Name).Append(StrictKexServer));
        writer.WriteNameList(_hostKeys.Algorithms.Select(h => h.Name));
        writer.WriteNameList(Ciphers.Select(c => c.Name));
        writer.WriteNameList(Ciphers.Select(c => c.Name));
        writer.WriteNameList(Macs.Select(m => m.Name));
        writer.WriteNameList(Macs.Select(m => m.Name));
        writer.WriteNameList(["none"]);
        writer.WriteNameList(["none"]);
        writer.WriteNameList([]);
        writer.WriteNameList([]);
        writer.WriteBoolean(false);
        writer.WriteUInt32(0);
        _serverKexInit = writer.ToArray();

        await _sendLock.WaitAsync(_token);
        try
        {
            _kexGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await WritePacketLockedAsync(_serverKexInit);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task HandleKexInitAsync(ReadOnlyMemory<byte> payload)
    {
        if (_clientKexInit is not null)
            throw new SshProtocolException(DisconnectReason.ProtocolError, "second KEXINIT during key exchange");
        // One key exchange before login: each costs the server a key agreement and a host-key
        // signature, and nothing before login needs fresh keys (RFC 4253 §9 leaves re-exchange
        // to the implementations). After login the client may re-key as it likes.
        if (_initialKexDone && !_authenticated)
            throw new SshProtocolException(DisconnectReason.ProtocolError, "key re-exchange before authentication");
        _clientKexInit = payload.ToArray();
        var (lists, guessFollows) = ParseKexInit(payload.Span);

        if (!_initialKexDone)
        {
            _strictKex = lists[0].Contains(StrictKexClient);
            if (_strictKex && _lastRxSequence != 0)
                throw new SshProtocolException(DisconnectReason.ProtocolError, "strict key exchange: KEXINIT was not the first packet");
        }
        else
        {
            Log("client started a key re-exchange");
            if (_authenticated)
                _timeout.CancelAfter(_options.KeyExchangeTimeout);
        }

        if (_serverKexInit is null)
            await SendKexInitAsync();

        _negotiated = Negotiate(lists, _hostKeys);
        _ignoreGuessedPacket = guessFollows
            && (lists[0].FirstOrDefault() != _negotiated.Kex.Name || lists[1].FirstOrDefault() != _negotiated.HostKey.Name);
        Log($"kex {_negotiated.Kex.Name}, host key {_negotiated.HostKey.Name}, cipher {_negotiated.CipherClientToServer.Name}/{_negotiated.CipherServerToClient.Name}, " +
            $"mac {_negotiated.MacClientToServer?.Name ?? "(aead)"}/{_negotiated.MacServerToClient?.Name ?? "(aead)"}{(_strictKex ? ", strict" : "")}");
    }

    /// <summary>The ten name-lists and first_kex_packet_follows of an SSH_MSG_KEXINIT (RFC 4253 §7.1).</summary>
    internal static (string[][] Lists, bool GuessFollows) ParseKexInit(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload[1..]);
        reader.ReadBytes(16);
        var lists = new string[10][];
        for (var i = 0; i < lists.Length; i++)
            lists[i] = reader.ReadNameList();
        var guessFollows = reader.ReadBoolean();
        reader.ReadUInt32();
        return (lists, guessFollows);
    }

    /// <summary>RFC 4253 §7.1: for each list, the first client algorithm the server also supports.</summary>
    internal static Negotiated Negotiate(string[][] lists, SshHostKeys hostKeys)
    {
        var kex = Choose(lists[0], KeyExchangeAlgorithms, k => k.Name, "key exchange");
        var hostKey = Choose(lists[1], hostKeys.Algorithms, h => h.Name, "host key");
        var cipherIn = Choose(lists[2], Ciphers, c => c.Name, "cipher (client to server)");
        var cipherOut = Choose(lists[3], Ciphers, c => c.Name, "cipher (server to client)");
        var macIn = cipherIn.IsAead ? null : Choose(lists[4], Macs, m => m.Name, "MAC (client to server)");
        var macOut = cipherOut.IsAead ? null : Choose(lists[5], Macs, m => m.Name, "MAC (server to client)");
        if (!lists[6].Contains("none") || !lists[7].Contains("none"))
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "no matching compression method");
        return new Negotiated(kex, hostKey, cipherIn, cipherOut, macIn, macOut);
    }

    private static T Choose<T>(string[] client, IReadOnlyList<T> server, Func<T, string> name, string what)
    {
        foreach (var candidate in client)
        {
            foreach (var algorithm in server)
            {
                if (name(algorithm) == candidate)
                    return algorithm;
            }
        }
        throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, $"no matching {what} algorithm");
    }

    private async Task HandleKexDhInitAsync(ReadOnlyMemory<byte> payload)
    {
        if (_negotiated is null || _awaitingNewKeys)
            throw new SshProtocolException(DisconnectReason.ProtocolError, "unexpected KEX_ECDH_INIT");
        if (_ignoreGuessedPacket)
        {
            _ignoreGuessedPacket = false;
            return;
        }

        var clientValue = ReadSingleString(payload.Span);
        var kex = _negotiated.Kex;
        var agreement = kex.Agree(clientValue);
        var hostKey = _negotiated.HostKey;

        var sharedSecret = new SshWriter().WriteMpint(agreement.SharedSecret).ToArray();
        var exchange = new SshWriter(2048)
            .WriteString(_clientVersion)
            .WriteString(_options.ServerVersion)
            .WriteString(_clientKexInit!)
            .WriteString(_serverKexInit!)
            .WriteString(hostKey.PublicKeyBlob)
            .WriteString(clientValue)
            .WriteString(agreement.ServerValue)
            .WriteRaw(sharedSecret);
        var hash = CryptographicOperations.HashData(kex.Hash, exchange.Span);
        _sessionId ??= hash;

        var reply = new SshWriter(MessageNumber.KexDhReply, 1024)
            .WriteString(hostKey.PublicKeyBlob)
            .WriteString(agreement.ServerValue)
            .WriteString(hostKey.Sign(hash));

        var keys = new KeyDerivation(kex.Hash, sharedSecret, hash, _sessionId);
        var n = _negotiated;
        var encryptor = n.CipherServerToClient.Create(
            keys.Derive('D', n.CipherServerToClient.KeyLength), keys.Derive('B', n.CipherServerToClient.IvLength),
            n.MacServerToClient, n.MacServerToClient is { } macOut ? keys.Derive('F', macOut.KeyLength) : null);
        _pendingDecryptor = n.CipherClientToServer.Create(
            keys.Derive('C', n.CipherClientToServer.KeyLength), keys.Derive('A', n.CipherClientToServer.IvLength),
            n.MacClientToServer, n.MacClientToServer is { } macIn ? keys.Derive('E', macIn.KeyLength) : null);
        CryptographicOperations.ZeroMemory(sharedSecret);

        await _sendLock.WaitAsync(_token);
        try
        {
            await WritePacketLockedAsync(reply.Span);
            await WritePacketLockedAsync([MessageNumber.NewKeys]);
            _encryptor.Dispose();
            _encryptor = encryptor;
            if (_strictKex)
                _txSequence = 0;
            var gate = _kexGate;
            _kexGate = null;
            gate?.TrySetResult();
        }
        finally
        {
            _sendLock.Release();
        }
        _awaitingNewKeys = true;
    }

    private static byte[] ReadSingleString(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload[1..]);
        var value = reader.ReadString().ToArray();
        if (!reader.AtEnd)
            throw SshProtocolException.Malformed("key exchange message");
        return value;
    }

    private void HandleNewKeys()
    {
        if (!_awaitingNewKeys || _pendingDecryptor is null)
            throw new SshProtocolException(DisconnectReason.ProtocolError, "unexpected NEWKEYS");
        _decryptor.Dispose();
        _decryptor = _pendingDecryptor;
        _pendingDecryptor = null;
        if (_strictKex)
            _rxSequence = 0;
        _awaitingNewKeys = false;
        _clientKexInit = null;
        _serverKexInit = null;
        _negotiated = null;
        _initialKexDone = true;
        if (_authenticated)
            _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
    }
}
