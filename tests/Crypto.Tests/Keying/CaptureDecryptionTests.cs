using AsaEmu.Crypto.Tests.Captures;
using System.Buffers.Binary;
using System.Text.RegularExpressions;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

/// <summary>
/// Real sessions (vpnc and strongSwan against the strongSwan reference headend): with the session's
/// cipher key from the capture kit, our IvChain must decrypt every encrypted ISAKMP message, both
/// directions, phase 1, transaction, Quick Mode and informational, into a well-formed payload chain.
/// The phase-1 IV comes from the two KE payloads of AM1 and AM2; hash and cipher from AM2's SA.
/// </summary>
public partial class CaptureDecryptionTests
{
    private const int HeaderSize = 28;

    public static TheoryData<string> Sessions => new()
    {
        "vpnc-default", "vpnc-dh14", "vpnc-idle-dpd", "vpnc-natt-none", "strongswan-client", "strongswan-client-dh14",
    };

    [Theory]
    [MemberData(nameof(Sessions))]
    public void Every_encrypted_message_decrypts_to_a_well_formed_payload_chain(string session)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "captures");
        var table = File.ReadAllText(Path.Combine(dir, session + ".ikev1_decryption_table")).Trim().Split(',');
        var key = Convert.FromHexString(table[1]);
        var messages = PcapReader.Udp(Path.Combine(dir, session + ".pcap")).Where(d => !d.Esp).Select(d => d.Payload).ToList();
        var expected = DecryptedInSummary(File.ReadAllLines(Path.Combine(dir, session + ".ike-summary.txt")));

        Assert.Equal(table[0], Convert.ToHexString(messages[0].AsSpan(0, 8)).ToLowerInvariant());
        var (am1, am2) = (messages[0], messages[1]);
        Assert.Equal(4, am1[18]); // aggressive mode
        var keI = PayloadBodies(am1).Single(p => p.Type == 4).Body;
        var keR = PayloadBodies(am2).Single(p => p.Type == 4).Body;
        var (hash, suite) = Negotiated(PayloadBodies(am2).Single(p => p.Type == 1).Body);
        Assert.Equal(key.Length, suite.KeySize);

        using var cipher = suite.TryCreate(key)!;
        using var chain = new IvChain(hash, cipher);
        chain.SetPhase1Iv(keI, keR);

        var decrypted = new List<string>();
        var index = 0;
        foreach (var message in messages.Where(m => (m[19] & 1) != 0))
        {
            var mid = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(20));
            Assert.Equal(message.Length, (int)BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(24)));
            var body = message.AsSpan(HeaderSize).ToArray();
            Assert.True(chain.TryDecrypt(mid, body, body));

            var types = WalkChain(message[16], body, out var used);
            // What real clients protect passes the decoder's checks (SPI sizes, counts, chains that fill their payloads).
            Assert.True(AsaEmu.Crypto.Isakmp.IsakmpCodec.TryDecodePayloads((AsaEmu.Crypto.Isakmp.PayloadType)message[16], body, out _, out var error), $"message {index}: {error}");
            Assert.True(body.Length - used <= suite.BlockSize, $"{body.Length - used} bytes after the last payload");
            Assert.Equal(8, types[0]); // every encrypted IKEv1 message starts with HASH
            decrypted.Add(string.Join(' ', types.Select(Name)));
            if (index < expected.Count)
            {
                // The decoded values (NAT-D hashes, VIDs, SPIs, attribute strings) lie anywhere in the body, not just its first block.
                foreach (var needle in expected[index].Contents)
                {
                    Assert.True(body.AsSpan(0, used).IndexOf(needle) >= 0, $"message {index}: {Convert.ToHexString(needle)} not in the plaintext");
                }
            }

            chain.Confirm(mid);
            index++;
        }

        Assert.Equal(expected.Select(e => e.Payloads), decrypted);
        Assert.True(expected.Sum(e => e.Contents.Count) >= 5);
        Assert.Contains(decrypted, d => d.StartsWith("HASH SA NONCE ID ID", StringComparison.Ordinal));
        Assert.Contains(decrypted, d => d == "HASH ATTR");
    }

    /// <summary>The next-payload chain must end with NONE inside the body; returns the types in order.</summary>
    private static List<int> WalkChain(int first, ReadOnlySpan<byte> body, out int used)
    {
        var types = new List<int>();
        var offset = 0;
        for (var next = first; next != 0;)
        {
            Assert.True(offset + 4 <= body.Length, "generic header beyond the body");
            var length = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
            Assert.True(length >= 4 && offset + length <= body.Length, $"payload length {length} at {offset}");
            Assert.Equal(0, body[offset + 1]); // reserved
            types.Add(next);
            next = body[offset];
            offset += length;
        }

        used = offset;
        return types;
    }

    private static List<(int Type, byte[] Body)> PayloadBodies(byte[] message)
    {
        var result = new List<(int, byte[])>();
        var body = message.AsSpan(HeaderSize);
        var offset = 0;
        for (int next = message[16]; next != 0;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
            result.Add((next, body.Slice(offset + 4, length - 4).ToArray()));
            next = body[offset];
            offset += length;
        }

        return result;
    }

    /// <summary>Hash and cipher of the single transform in the responder's SA (RFC 2409 Appendix A attributes).</summary>
    private static (IkeHash Hash, IkeCipherSuite Suite) Negotiated(byte[] saBody)
    {
        var transform = saBody.AsSpan(8 + 8); // DOI, situation; proposal header with an empty SPI
        var attributes = transform[8..BinaryPrimitives.ReadUInt16BigEndian(transform[2..])];
        ushort? encryption = null, hash = null;
        int? keyLength = null;
        while (attributes.Length > 0)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(attributes);
            Assert.True((type & 0x8000) != 0 || (type & 0x7FFF) == 12, "only basic attributes but the life duration");
            int value, size;
            if ((type & 0x8000) != 0)
            {
                value = BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]);
                size = 4;
            }
            else
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]);
                value = -1;
                size = 4 + length;
            }

            switch (type & 0x7FFF)
            {
                case 1: encryption = (ushort)value; break;
                case 2: hash = (ushort)value; break;
                case 14: keyLength = value; break;
            }

            attributes = attributes[size..];
        }

        return (IkeHash.FromAttribute(hash!.Value)!, IkeCipherSuite.FromAttributes(encryption!.Value, keyLength)!);
    }

    /// <summary>The summary's decrypted messages: payload list, and the values it decoded from each.</summary>
    private static List<(string Payloads, List<byte[]> Contents)> DecryptedInSummary(string[] summary)
    {
        var result = new List<(string, List<byte[]>)>();
        List<byte[]>? contents = null;
        foreach (var line in summary)
        {
            var decrypted = DecryptedLine().Match(line);
            if (decrypted.Success)
            {
                contents = [];
                result.Add((decrypted.Groups[1].Value, contents));
                continue;
            }

            if (line.StartsWith('#') || line.Contains("ISAKMP ", StringComparison.Ordinal))
            {
                contents = null;
                continue;
            }

            if (contents is null)
            {
                continue;
            }

            foreach (Match m in HexValue().Matches(line))
            {
                contents.Add(Convert.FromHexString(m.Groups[1].Value));
            }

            foreach (Match m in QuotedText().Matches(line))
            {
                contents.Add(System.Text.Encoding.ASCII.GetBytes(m.Groups[1].Value));
            }
        }

        return result;
    }

    [GeneratedRegex(@"\(decrypted\)\s+payloads=\[([^\]]*)\]")]
    private static partial Regex DecryptedLine();

    [GeneratedRegex(@"(?:NAT-D: |VID: |spi=)((?:[0-9a-f]{2}){4,})")]
    private static partial Regex HexValue();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedText();

    private static string Name(int type) => type switch
    {
        1 => "SA",
        4 => "KE",
        5 => "ID",
        8 => "HASH",
        10 => "NONCE",
        11 => "N",
        12 => "D",
        13 => "VID",
        14 => "ATTR",
        20 or 130 => "NAT-D",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
