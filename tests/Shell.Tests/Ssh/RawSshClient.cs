using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AsaEmu.Shell.Ssh.Algorithms;
using AsaEmu.Shell.Ssh.Wire;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>
/// A hand-driven SSH client for misbehaving on purpose: raw bytes before the banner, broken
/// packets, a stalled key exchange, a wrong MAC after keys are in force.
/// </summary>
internal sealed class RawSshClient : IAsyncDisposable
{
    public const string Version = "SSH-2.0-RawTestClient";

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private IPacketCipher _encryptor = new NoneCipher();
    private IPacketCipher _decryptor = new NoneCipher();
    private uint _sendSequence;
    private uint _receiveSequence;

    private RawSshClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <param name="from">The loopback address to connect from (127.0.0.2, ...): a source of its own for the server.</param>
    public static async Task<RawSshClient> ConnectAsync(int port, IPAddress? from = null)
    {
        var tcp = new TcpClient(new IPEndPoint(from ?? IPAddress.Loopback, 0));
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new RawSshClient(tcp);
    }

    public byte[]? ServerKexInit { get; private set; }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>One line from the server, without CR LF.</summary>
    public async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }
            await FillAsync(_end - _start + 1);
        }
    }

    /// <summary>Sends our version and reads the server's.</summary>
    public async Task<string> ExchangeVersionsAsync()
    {
        await SendRawAsync(Version + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>True when the server closes the connection within <paramref name="timeout"/> (anything it sends is skipped).</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _stream.ReadAsync(_buffer, cts.Token) > 0)
            {
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Everything the server sends until it closes (or the timeout).</summary>
    public async Task<string> ReadAllTextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var text = new StringBuilder(Encoding.ASCII.GetString(_buffer, _start, _end - _start));
        _start = _end = 0;
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(_buffer, cts.Token)) > 0)
                text.Append(Encoding.ASCII.GetString(_buffer, 0, read));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
        return text.ToString();
    }

    public async Task SendPacketAsync(byte[] payload, bool corruptMac = false)
    {
        var packet = Packet(_encryptor, _sendSequence++, payload);
        if (corruptMac)
            packet[^1] ^= 0x55;
        await _stream.WriteAsync(packet);
    }

    /// <summary>One packet as a client sends it (RFC 4253 §6): length, padding to the cipher's block (4 bytes at least), payload, sealed.</summary>
    public static byte[] Packet(IPacketEncryptor encryptor, uint sequence, byte[] payload)
    {
        var block = encryptor.BlockSize;
        var unpadded = (encryptor.LengthInClear ? 1 : 5) + payload.Length;
        var padding = block - unpadded % block;
        if (padding < 4)
            padding += block;
        var length = 1 + payload.Length + padding;
        var packet = new byte[4 + length + encryptor.TagLength];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)length);
        packet[4] = (byte)padding;
        payload.CopyTo(packet, 5);
        encryptor.Seal(sequence, packet.AsSpan(0, 4 + length), packet.AsSpan(4 + length));
        return packet;
    }

    public async Task<byte[]> ReadPacketAsync()
    {
        await FillAsync(_decryptor.HeadLength);
        var length = (int)_decryptor.ReadLength(_receiveSequence, _buffer.AsSpan(_start, _decryptor.HeadLength));
        var total = 4 + length + _decryptor.TagLength;
        await FillAsync(total);
        var packet = _buffer.AsSpan(_start, 4 + length);
        if (!_decryptor.Open(_receiveSequence++, packet, _buffer.AsSpan(_start + 4 + length, _decryptor.TagLength)))
            throw new InvalidDataException("bad MAC from the server");
        var payload = packet.Slice(5, length - packet[4] - 1).ToArray();
        _start += total;
        return payload;
    }

    /// <summary>Reads until SSH_MSG_DISCONNECT and returns its reason code (null if the connection ends first).</summary>
    public async Task<DisconnectReason?> ReadDisconnectAsync()
    {
        try
        {
            while (true)
            {
                var payload = await ReadPacketAsync().WaitAsync(TimeSpan.FromSeconds(10));
                if (payload[0] == MessageNumber.Disconnect)
                    return (DisconnectReason)BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(1));
            }
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    public static byte[] KexInit(bool strict, string cipher = "aes128-ctr", string mac = "hmac-sha2-256")
    {
        var writer = new SshWriter(MessageNumber.KexInit);
        writer.WriteRaw(RandomNumberGenerator.GetBytes(16));
        writer.WriteNameList(strict ? ["curve25519-sha256", "kex-strict-c-v00@openssh.com"] : ["curve25519-sha256"]);
        writer.WriteNameList(["ssh-ed25519"]);
        writer.WriteNameList([cipher]).WriteNameList([cipher]);
        writer.WriteNameList([mac]).WriteNameList([mac]);
        writer.WriteNameList(["none"]).WriteNameList(["none"]);
        writer.WriteNameList([]).WriteNameList([]);
        writer.WriteBoolean(false).WriteUInt32(0);
        return writer.ToArray();
    }

    /// <summary>Sends KEXINIT and reads the server's (which the server sends unprompted).</summary>
    public async Task<byte[]> SendKexInitAsync(byte[] kexInit)
    {
        await SendPacketAsync(kexInit);
        ServerKexInit = await ReadPacketAsync();
        Assert.Equal(MessageNumber.KexInit, ServerKexInit[0]);
        return kexInit;
    }

    /// <summary>A whole curve25519-sha256 key exchange with aes128-ctr and hmac-sha2-256; afterwards packets are protected.</summary>
    public async Task KeyExchangeAsync(string serverVersion, bool strict = true)
    {
        var clientKexInit = await SendKexInitAsync(KexInit(strict));

        var privateKey = new X25519PrivateKeyParameters(new SecureRandom());
        var clientValue = privateKey.GeneratePublicKey().GetEncoded();
        await SendPacketAsync(new SshWriter(MessageNumber.KexDhInit).WriteString(clientValue).ToArray());

        var reply = await ReadPacketAsync();
        Assert.Equal(MessageNumber.KexDhReply, reply[0]);
        byte[] hostKey, serverValue;
        {
            var reader = new SshReader(reply.AsSpan(1));
            hostKey = reader.ReadString().ToArray();
            serverValue = reader.ReadString().ToArray();
            reader.ReadString();
        }
        var secret = new byte[32];
        privateKey.GenerateSecret(new X25519PublicKeyParameters(serverValue), secret);
        var k = new SshWriter().WriteMpint(secret).ToArray();
        var h = SHA256.HashData(new SshWriter()
            .WriteString(Version).WriteString(serverVersion)
            .WriteString(clientKexInit).WriteString(ServerKexInit)
            .WriteString(hostKey).WriteString(clientValue).WriteString(serverValue).WriteRaw(k).Span);
        var keys = new KeyDerivation(HashAlgorithmName.SHA256, k, h, h);

        await SendPacketAsync([MessageNumber.NewKeys]);
        var newKeys = await ReadPacketAsync();
        Assert.Equal(MessageNumber.NewKeys, newKeys[0]);

        var mac = MacAlgorithm.HmacSha256;
        _encryptor = CipherAlgorithm.Aes128Ctr.Create(keys.Derive('C', 16), keys.Derive('A', 16), mac, keys.Derive('E', 32));
        _decryptor = CipherAlgorithm.Aes128Ctr.Create(keys.Derive('D', 16), keys.Derive('B', 16), mac, keys.Derive('F', 32));
        if (strict)
            _sendSequence = _receiveSequence = 0;
    }

    /// <summary>ssh-userauth service, then a password login; true on USERAUTH_SUCCESS.</summary>
    public async Task<bool> LoginAsync(string user, string password)
    {
        await SendPacketAsync(new SshWriter(MessageNumber.ServiceRequest).WriteString("ssh-userauth").ToArray());
        Assert.Equal(MessageNumber.ServiceAccept, (await ReadPacketAsync())[0]);
        await SendPacketAsync(new SshWriter(MessageNumber.UserAuthRequest)
            .WriteString(user).WriteString("ssh-connection").WriteString("password").WriteBoolean(false).WriteString(password).ToArray());
        return (await ReadPacketAsync())[0] == MessageNumber.UserAuthSuccess;
    }

    private async Task FillAsync(int count)
    {
        if (_start + count > _buffer.Length)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < count)
        {
            // Every read is bounded, so a server that goes quiet fails the test instead of hanging it.
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end)).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            if (read == 0)
                throw new EndOfStreamException();
            _end += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        _encryptor.Dispose();
        _decryptor.Dispose();
        return ValueTask.CompletedTask;
    }
}
