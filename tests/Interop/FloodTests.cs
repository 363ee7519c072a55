using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Interop;

/// <summary>
/// A flood of 10,000 well-formed aggressive mode first messages from 200 spoofed peers (raw IP from the
/// client namespace), each a new negotiation that forces Diffie-Hellman work on the headend, each sent
/// twice (byte for byte, as a client whose answer is late repeats it), spread over ten seconds while a
/// real vpnc connects: vpnc gets its tunnel while the flood still runs. The repeats earn the flood
/// nothing: no second DH computation, no place ahead of vpnc, and the DH results, ticks and commands
/// travel in a queue of their own that the flood cannot fill.
/// </summary>
[Collection(nameof(VpncTests))]
public class FloodTests
{
    private const int Messages = 10_000;

    [KitFact]
    public void Vpnc_connects_during_a_flood_of_aggressive_mode_first_messages()
    {
        var file = Path.Combine(Path.GetTempPath(), $"asaemu-flood-{Environment.ProcessId}.bin");
        File.WriteAllBytes(file, FloodMessages(Messages));
        try
        {
            using var hub = new HubSession();
            using var flooding = new ManualResetEventSlim();
            using var flood = StartFlood(file, flooding);
            Assert.True(flooding.Wait(TimeSpan.FromSeconds(20)), "the flood did not start");
            using var vpnc = hub.StartVpnc(new Dictionary<string, string> { ["VPNC_DEBUG"] = "1" });
            try
            {
                var connected = Probe.WaitFor(() => hub.ScriptEnvironment.Contains("reason=connect"), TimeSpan.FromSeconds(45));
                var floodRunning = !flood.HasExited;
                // An admin command travels in the control queue with the DH results and ticks, which the flood cannot fill.
                var logoff = hub.Show("vpn-sessiondb logoff name nobody noconfirm");
                Assert.True(flood.WaitForExit(60_000), "the flood did not finish");
                Assert.Equal(0, flood.ExitCode);
                Assert.True(connected, $"vpnc did not connect during the flood\n{Tail(hub.HubLog)}\n{Tail(hub.VpncOutput)}\n{hub.Show("show crypto isakmp stats")}");
                Assert.True(floodRunning, "vpnc connected only after the flood had ended");
                Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.10", hub.ScriptEnvironment);
                Assert.Contains("INFO: Number of sessions with name \"nobody\" logged off : 0", logoff);

                // The flood forced Diffie-Hellman work: an AM2 for each spoofed negotiation the headend did not
                // shed. At 1,000 a second it asks many times what the engine and the worker manage here (what
                // share depends on the machine and its load); the rest is shed, never queued without end: by the
                // kernel when the socket's buffer is full (Udp RcvbufErrors), by the headend's bounded queues
                // (In Drop Packets) or when the DH work queue is full (System Capacity Fails).
                var stats = hub.Show("show crypto isakmp stats");
                Assert.True(Probe.Counter(stats, "Out Packets:") >= 100, stats);
            }
            finally
            {
                HubSession.StopVpnc(vpnc);
                if (!flood.HasExited) flood.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Length-prefixed AM1 datagrams, each with its own initiator cookie, offering group 2.</summary>
    private static byte[] FloodMessages(int count)
    {
        var ke = DhGroup.Modp1024.CreateKeyPair(SystemRandom.Instance).PublicValue.ToArray();
        var attributes = new List<DataAttribute>
        {
            DataAttribute.Basic(OakleyAttributes.KeyLength, 128),
            DataAttribute.Basic(OakleyAttributes.EncryptionAlgorithm, OakleyAttributes.AesCbc),
            DataAttribute.Basic(OakleyAttributes.HashAlgorithm, OakleyAttributes.Sha),
            DataAttribute.Basic(OakleyAttributes.GroupDescription, 2),
            DataAttribute.Basic(OakleyAttributes.AuthenticationMethod, OakleyAttributes.XauthInitPreShared),
        };
        var sa = new SaPayload(1, 1, [new Proposal(1, OakleyAttributes.ProtocolIsakmp, ReadOnlyMemory<byte>.Empty,
            [new Transform(1, OakleyAttributes.KeyIke, attributes)])]);
        using var output = new MemoryStream();
        var length = new byte[2];
        for (var i = 0; i < count; i++)
        {
            var payloads = new List<Payload>
            {
                sa, new KePayload(ke), new DataPayload(PayloadType.Nonce, RandomNumberGenerator.GetBytes(20)),
                new IdPayload(IdPayload.KeyId, 17, 500, Encoding.ASCII.GetBytes("EZ")),
            };
            var cookie = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8)) | 1;
            var message = IsakmpEncoder.Encode(new IsakmpHeader(cookie, 0, 0, IsakmpHeader.Version1, ExchangeType.Aggressive, 0, 0, 0), payloads);
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)message.Length);
            output.Write(length);
            output.Write(message);
        }
        return output.ToArray();
    }

    /// <summary>
    /// Sends the messages from netns cli as raw IPv4/UDP datagrams from 200 spoofed peers in the outside
    /// subnet (198.18.0.10-209; the headend's answers go nowhere), 1,000 a second, each twice (Python: no
    /// build step, no extra package). UDP checksum 0: none, which IPv4 allows. <paramref name="flooding"/> is
    /// set once the first datagrams are out (the sender says so on stdout).
    /// </summary>
    private static Process StartFlood(string file, ManualResetEventSlim flooding)
    {
        const string sender = """
            import socket, struct, sys, time
            data = open(sys.argv[1], 'rb').read()
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
            hub = socket.inet_aton('198.18.0.1')
            at, n = 0, 0
            while at < len(data):
                (size,) = struct.unpack('>H', data[at:at + 2])
                payload = data[at + 2:at + 2 + size]
                peer = socket.inet_aton('198.18.0.%d' % (10 + n % 200))
                udp = struct.pack('!HHHH', 500, 500, 8 + len(payload), 0) + payload
                ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0, peer, hub)
                s.sendto(ip + udp, ('198.18.0.1', 0))
                s.sendto(ip + udp, ('198.18.0.1', 0))
                at, n = at + 2 + size, n + 1
                if n == 1: print('flooding', flush=True)
                if n % 1000 == 0: time.sleep(1.0)
            print(n)
            """;
        var start = new ProcessStartInfo("ip", ["netns", "exec", "cli", Probe.Python, "-c", sender, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data == "flooding") flooding.Set(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Tail(string log) => string.Join("\n", log.Split('\n').TakeLast(20));
}
