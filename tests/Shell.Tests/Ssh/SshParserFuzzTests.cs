using System.Security.Cryptography;
using AsaEmu.Fuzzing;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Ssh.Algorithms;
using AsaEmu.Shell.Ssh.Wire;
using CsCheck;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>
/// Property-based fuzz of what an unauthenticated SSH client can make the server parse: the wire
/// types of <see cref="SshReader"/>, KEXINIT and its negotiation, and whole connections run from
/// memory (version line, packet framing, decryption with keys in force, the key exchange and
/// userauth messages). Nothing but <see cref="SshProtocolException"/> may escape a parser, a
/// connection must end cleanly (no "unexpected error"), and what one input allocates is bounded
/// by its length. The test run does a few thousand inputs per property; the full run is
/// <c>FUZZ_ITERATIONS=10000000 dotnet test tests/Shell.Tests --filter FullyQualifiedName~FuzzTests</c>.
/// </summary>
public sealed class SshParserFuzzTests
{
    private static long Iterations => FuzzIterations.Count(inTests: 4_000);

    /// <summary>
    /// Bytes one input may allocate: a fixed part (the connection's buffers and objects, a key
    /// exchange with its signature) and a part proportional to the input (a name-list of one-letter
    /// names is the worst, a short string per two bytes). A parser that believed a length field
    /// would allocate far beyond it.
    /// </summary>
    private static long AllocationBudget(int inputLength) => 512 * 1024 + 64L * inputLength;

    private static readonly SshHostKeys HostKeys = SshHostKeys.LoadOrCreate(new MemoryHostKeyStore());

    // ---- inputs ----

    /// <summary>1-8 edits of a byte string: overwrite, insert or delete a byte, or cut the tail.</summary>
    private static Gen<byte[]> Mutations(Gen<byte[]> seeds) =>
        Gen.Select(seeds, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 65535], Gen.Byte).Array[0, 8], (seed, edits) =>
        {
            var bytes = new List<byte>(seed);
            foreach (var (kind, position, value) in edits)
            {
                if (bytes.Count == 0)
                    break;
                var at = position % bytes.Count;
                switch (kind)
                {
                    case 0: bytes[at] = value; break;
                    case 1: bytes.Insert(at, value); break;
                    case 2: bytes.RemoveAt(at); break;
                    default: bytes.RemoveRange(at, bytes.Count - at); break;
                }
            }
            return bytes.ToArray();
        });

    private static byte[] KexInit(string[] kex, string[] hostKey, string[] cipher, string[] mac, bool follows = false)
    {
        var writer = new SshWriter(MessageNumber.KexInit);
        writer.WriteRaw(new byte[16]);
        writer.WriteNameList(kex).WriteNameList(hostKey);
        writer.WriteNameList(cipher).WriteNameList(cipher);
        writer.WriteNameList(mac).WriteNameList(mac);
        writer.WriteNameList(["none"]).WriteNameList(["none"]);
        writer.WriteNameList([]).WriteNameList([]);
        writer.WriteBoolean(follows).WriteUInt32(0);
        return writer.ToArray();
    }

    private static readonly byte[][] KexInits =
    [
        KexInit(["curve25519-sha256", "kex-strict-c-v00@openssh.com"], ["ssh-ed25519"], ["aes128-ctr"], ["hmac-sha2-256"]),
        KexInit(["curve25519-sha256@libssh.org", "ext-info-c"], ["ssh-ed25519", "rsa-sha2-512"], ["aes256-gcm@openssh.com"], ["hmac-sha2-256-etm@openssh.com"]),
        KexInit(["ecdh-sha2-nistp256"], ["ssh-ed25519"], ["aes128-ctr"], ["hmac-sha1"]),
        KexInit(["diffie-hellman-group14-sha256"], ["ssh-ed25519"], ["aes256-ctr"], ["hmac-sha2-256"], follows: true),
        KexInit(["mlkem768x25519-sha256", "sntrup761x25519-sha512", "curve25519-sha256"], ["ssh-ed25519"], ["chacha20-poly1305@openssh.com", "aes128-ctr"], ["umac-64@openssh.com", "hmac-sha2-256"]),
    ];

    private static byte[] Message(byte number, Action<SshWriter> body)
    {
        var writer = new SshWriter(number);
        body(writer);
        return writer.ToArray();
    }

    /// <summary>The messages of the key exchange, in the clear: KEXINITs, key agreement values of every size the methods take, NEWKEYS.</summary>
    private static readonly Gen<byte[]> ClearSeeds = Gen.OneOf(
        Gen.OneOf(KexInits),
        Gen.Select(Gen.OneOf(32, 65, 256, 0, 4), Gen.Byte.Array[32], (length, random) =>
        {
            var value = new byte[length];
            for (var i = 0; i < length; i++)
                value[i] = random[i % random.Length];
            if (length == 65)
                value[0] = 0x04;
            return Message(MessageNumber.KexDhInit, w => w.WriteString(value));
        }),
        Gen.OneOf(
            new[] { MessageNumber.NewKeys },
            Message(MessageNumber.Ignore, w => w.WriteString("x")),
            Message(MessageNumber.Debug, w => w.WriteBoolean(true).WriteString("debug").WriteString("en")),
            Message(MessageNumber.Unimplemented, w => w.WriteUInt32(7)),
            Message(MessageNumber.ServiceRequest, w => w.WriteString("ssh-userauth")),
            Message(MessageNumber.Disconnect, w => w.WriteUInt32(11).WriteString("bye").WriteString(""))),
        Gen.Byte.Array[1, 64]);

    /// <summary>What follows the key exchange before login: the service request, every userauth method, INFO_RESPONSE, a re-exchange, and what is refused before login.</summary>
    private static readonly Gen<byte[]> AuthSeeds = Gen.Frequency(
        (6, Gen.OneOf(
            Message(MessageNumber.ServiceRequest, w => w.WriteString("ssh-userauth")),
            Message(MessageNumber.UserAuthRequest, w => w.WriteString("admin").WriteString("ssh-connection").WriteString("password").WriteBoolean(false).WriteString("secret")),
            Message(MessageNumber.UserAuthRequest, w => w.WriteString("admin").WriteString("ssh-connection").WriteString("none")),
            Message(MessageNumber.UserAuthRequest, w => w.WriteString("admin").WriteString("ssh-connection").WriteString("keyboard-interactive").WriteString("").WriteString("")),
            Message(MessageNumber.UserAuthRequest, w => w.WriteString("admin").WriteString("ssh-connection").WriteString("publickey").WriteBoolean(false).WriteString("ssh-ed25519").WriteString(new byte[51])),
            Message(MessageNumber.UserAuthInfoResponse, w => w.WriteUInt32(1).WriteString("secret")),
            Message(MessageNumber.UserAuthInfoResponse, w => w.WriteUInt32(0)))),
        (2, Gen.OneOf(
            Message(MessageNumber.GlobalRequest, w => w.WriteString("keepalive@openssh.com").WriteBoolean(true)),
            Message(MessageNumber.ChannelOpen, w => w.WriteString("session").WriteUInt32(0).WriteUInt32(1 << 20).WriteUInt32(32768)),
            Message(MessageNumber.Ignore, w => w.WriteString(new byte[100])),
            Message(MessageNumber.Debug, w => w.WriteBoolean(false).WriteString("d").WriteString("")),
            Message(MessageNumber.Unimplemented, w => w.WriteUInt32(3)),
            Message(MessageNumber.Disconnect, w => w.WriteUInt32(11).WriteString("bye").WriteString("")))),
        (1, Gen.OneOf(KexInits)),
        (1, Gen.Byte.Array[1, 64]));

    /// <summary>An unencrypted packet (RFC 4253 §6) around a payload.</summary>
    private static byte[] Frame(byte[] payload) => RawSshClient.Packet(new NoneCipher(), 0, payload);

    /// <summary>A correct start of a key exchange, so that what follows reaches the later states: KEXINIT, then the client's curve25519 value.</summary>
    private static readonly Gen<byte[][]> KexStart = Gen.Frequency(
        (1, Gen.Const(Array.Empty<byte[]>())),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Byte.Array[32], (which, value) =>
            new[] { KexInits[which], Message(MessageNumber.KexDhInit, w => w.WriteString(value)) })));

    /// <summary>A connection before keys: a version line then packets, the bytes of the whole mutated at times (length fields, padding, the line).</summary>
    private static readonly Gen<byte[]> ClearConnection =
        Gen.Frequency(
            (3, Gen.Select(KexStart, Gen.Frequency((6, Mutations(ClearSeeds)), (1, ClearSeeds)).Array[0, 6], (start, packets) =>
                "SSH-2.0-Fuzz\r\n"u8.ToArray().Concat(start.Concat(packets).SelectMany(Frame)).ToArray())),
            (1, Mutations(Gen.Select(ClearSeeds.Array[0, 4], packets =>
                "SSH-2.0-Fuzz\r\n"u8.ToArray().Concat(packets.SelectMany(Frame)).ToArray()))),
            (1, Gen.Byte.Array[0, 400]));

    private sealed record Keyed(CipherAlgorithm Cipher, MacAlgorithm? Mac, byte[][] Payloads, (int At, byte Xor)[] Corruptions);

    /// <summary>Packets after the key exchange, sealed with one of our ciphers; sometimes a ciphertext byte is changed.</summary>
    private static readonly Gen<Keyed> KeyedConnection = Gen.Select(
        Gen.OneOf(
            (CipherAlgorithm.Aes128Ctr, (MacAlgorithm?)MacAlgorithm.HmacSha256),
            (CipherAlgorithm.Aes256Ctr, MacAlgorithm.HmacSha256Etm),
            (CipherAlgorithm.Aes128Ctr, MacAlgorithm.HmacSha1),
            (CipherAlgorithm.Aes128Gcm, null)),
        Gen.Select(Gen.Int[0, 4], Gen.Frequency((1, Mutations(AuthSeeds)), (1, AuthSeeds)).Array[1, 8], (serviceFirst, payloads) =>
            serviceFirst > 0 ? payloads.Prepend(Message(MessageNumber.ServiceRequest, w => w.WriteString("ssh-userauth"))).ToArray() : payloads),
        Gen.Frequency((4, Gen.Const(Array.Empty<(int, byte)>())), (1, Gen.Select(Gen.Int[0, 4095], Gen.Byte[1, 255]).Array[1, 3])),
        (cipher, payloads, corruptions) => new Keyed(cipher.Item1, cipher.Item2, payloads, corruptions));

    // ---- running a connection from memory ----

    /// <summary>The client's bytes to read (synchronously: the session runs on the caller's thread), what the server writes is dropped.</summary>
    private sealed class ScriptedConnection(byte[] input) : Stream
    {
        private readonly MemoryStream _input = new(input);

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_input.Read(buffer.Span));
        public override void Write(byte[] buffer, int offset, int count) { }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public override void Flush() { }
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static SshServerOptions Options(List<string> log) => new()
    {
        HostKeyStore = new MemoryHostKeyStore(),
        Handler = new LineHandler(),
        Authenticator = _ => Task.FromResult(false),
        AuthFailureDelay = _ => TimeSpan.Zero,
        LoginTimeout = TimeSpan.FromMinutes(10),
        Log = log.Add,
    };

    /// <summary>Runs one connection to its end and checks it ended as a connection should, within its allocation budget.</summary>
    private static void Run(Func<List<string>, SshServerSession> open, int inputLength)
    {
        var log = new List<string>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var session = open(log);
        var run = session.RunAsync();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The input is all there and nothing waits on a clock: a connection runs to its end on this thread.
        Assert.True(run.IsCompleted, "the connection waited on something: " + string.Join(" | ", log));
        run.GetAwaiter().GetResult();
        Assert.DoesNotContain(log, l => l.Contains("unexpected error", StringComparison.Ordinal));
        Assert.True(allocated <= AllocationBudget(inputLength), $"{allocated} bytes allocated for {inputLength} bytes of input");
    }

    // ---- properties ----

    private enum Read { Byte, Boolean, UInt32, Bytes, String, Utf8, NameList, Mpint }

    [Fact]
    public void The_reader_meets_any_bytes_with_a_protocol_error_at_worst()
    {
        Gen.Select(Gen.Frequency((3, Mutations(Gen.OneOf(Gen.OneOf(KexInits), AuthSeeds))), (1, Gen.Byte.Array[0, 300])),
            Gen.Enum<Read>().Array[1, 24], Gen.Int[0, 70000]).Sample((bytes, reads, count) =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var reader = new SshReader(bytes);
            try
            {
                foreach (var read in reads)
                {
                    switch (read)
                    {
                        case Read.Byte: reader.ReadByte(); break;
                        case Read.Boolean: reader.ReadBoolean(); break;
                        case Read.UInt32: reader.ReadUInt32(); break;
                        case Read.Bytes: reader.ReadBytes(count); break;
                        case Read.String: reader.ReadString(); break;
                        case Read.Utf8: reader.ReadUtf8(); break;
                        case Read.NameList:
                            Assert.All(reader.ReadNameList(), name => Assert.InRange(name.Length, 1, 64));
                            break;
                        default: reader.ReadPositiveMpint(); break;
                    }
                }
            }
            catch (SshProtocolException)
            {
            }
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before <= 4096 + 64L * bytes.Length);
        }, iter: Iterations);
    }

    [Fact]
    public void Kexinit_parsing_and_negotiation_meet_any_message_with_a_protocol_error_at_worst()
    {
        Gen.Frequency((6, Mutations(Gen.OneOf(KexInits))), (1, Gen.Byte.Array[0, 200])).Sample(payload =>
        {
            var message = payload.Prepend(MessageNumber.KexInit).ToArray();
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var (lists, _) = SshServerSession.ParseKexInit(message);
                Assert.Equal(10, lists.Length);
                SshServerSession.Negotiate(lists, HostKeys);
            }
            catch (SshProtocolException)
            {
            }
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before <= 4096 + 64L * message.Length);
        }, iter: Iterations);
    }

    [Fact]
    public void A_connection_before_keys_ends_cleanly_whatever_the_client_sends()
    {
        ClearConnection.Sample(input =>
            Run(log => new SshServerSession(new ScriptedConnection(input), new(System.Net.IPAddress.Loopback, 22222), Options(log), HostKeys, null, CancellationToken.None),
                input.Length),
            iter: Iterations);
    }

    [Fact]
    public void A_connection_with_keys_in_force_ends_cleanly_whatever_the_client_seals()
    {
        KeyedConnection.Sample(input =>
        {
            var key = new byte[input.Cipher.KeyLength];
            var iv = new byte[input.Cipher.IvLength];
            var macKey = input.Mac is { } m ? new byte[m.KeyLength] : null;
            RandomNumberGenerator.Fill(key);
            RandomNumberGenerator.Fill(iv);
            if (macKey is not null)
                RandomNumberGenerator.Fill(macKey);
            var bytes = Seal(input.Cipher.Create(key, iv, input.Mac, macKey), input.Payloads);
            foreach (var (at, xor) in input.Corruptions)
                bytes[at % bytes.Length] ^= xor;

            Run(log => SshServerSession.AfterKeyExchange(new ScriptedConnection(bytes), Options(log), HostKeys,
                input.Cipher.Create(key, iv, input.Mac, macKey), new NoneCipher()), bytes.Length);
        }, iter: Iterations);
    }

    /// <summary>The packets as a client with these keys sends them (sequence numbers from 0).</summary>
    private static byte[] Seal(IPacketCipher encryptor, byte[][] payloads)
    {
        using (encryptor)
            return payloads.SelectMany((payload, i) => RawSshClient.Packet(encryptor, (uint)i, payload)).ToArray();
    }
}
