using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Tests.Ike;
using AsaEmu.Crypto.Radius;
using CsCheck;

namespace AsaEmu.Crypto.Tests.Radius;

/// <summary>
/// Property-based fuzz of the RADIUS decoder and of the client that reads what the network sends: real
/// answers with bytes flipped, inserted, removed or cut, and random bytes, never make either throw, and
/// no datagram made without the shared secret completes a request. The test run does a few thousand inputs
/// each; the full run is <c>FUZZ_ITERATIONS=1000000 dotnet test tests/Crypto.Tests --filter FullyQualifiedName~FuzzTests</c>.
/// </summary>
public class RadiusCodecFuzzTests
{
    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var n) ? n : 5_000;

    private static readonly byte[] Authenticator = Convert.FromHexString("0f403f9473978057bd83d5cb98f4227a");

    /// <summary>Answers as a server sends them: accept with the attributes the ASA reads, reject, challenge.</summary>
    private static readonly byte[][] Seeds =
    [
        new TestRadiusServer("radsecret").Build(RadiusCode.AccessAccept, 1, Authenticator,
        [
            RadiusAttribute.Address(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("198.19.0.77")),
            RadiusAttribute.Text(RadiusAttributeType.Class, "OU=OTHER;"),
            RadiusAttribute.Integer(RadiusAttributeType.SessionTimeout, 3600),
            RadiusAttribute.Vendor(3076, 146, "EZ"u8),
        ]),
        new TestRadiusServer("radsecret").Build(RadiusCode.AccessReject, 2, Authenticator, [RadiusAttribute.Text(RadiusAttributeType.ReplyMessage, "no")]),
        new TestRadiusServer("radsecret").Build(RadiusCode.AccessChallenge, 3, Authenticator,
            [RadiusAttribute.Text(RadiusAttributeType.ReplyMessage, "Enter PIN"), new RadiusAttribute(RadiusAttributeType.State, new byte[] { 1, 2, 3 })]),
    ];

    private static readonly Gen<byte[]> Mutated = FuzzMutations.Of(Seeds);

    private static readonly Gen<byte[]> Datagrams = Gen.Frequency((4, Mutated), (1, Gen.Byte.Array[0, 600]));

    [Fact]
    public void Mutated_answers_and_random_bytes_never_make_the_decoder_or_the_checks_throw()
    {
        Datagrams.Sample(bytes =>
        {
            var decoded = RadiusCodec.TryDecode(bytes, out var packet, out var error);
            Assert.True(decoded ? packet is not null && error is null : packet is null && error is not null);
            if (!decoded) return;
            foreach (var a in packet!.Attributes) _ = (a.AsInteger, a.AsAddress, a.AsText, a.AsVendor);
            var length = (bytes[2] << 8) | bytes[3];
            Assert.Equal(bytes[..length], RadiusCodec.Encode(packet));
            _ = RadiusCodec.CheckResponse(bytes[..length], Authenticator, "radsecret", true);
            _ = RadiusDebug.Decoded("response", bytes[..length], packet);
        }, iter: Iterations);
    }

    [Fact]
    public void Hiding_a_password_then_revealing_it_gives_it_back()
    {
        Gen.Select(Gen.Byte[1, 255].Array[0, 128], Gen.String[1, 40], Gen.Byte.Array[16]).Sample((password, secret, authenticator) =>
        {
            var hidden = RadiusCodec.HidePassword(password, secret, authenticator);
            Assert.Equal(0, hidden.Length % 16);
            Assert.Equal(password, RadiusCodec.RevealPassword(hidden, secret, authenticator));
        }, iter: Math.Max(1, Iterations / 10));
    }

    /// <summary>A client with requests in flight to 198.18.1.2:1812 is fed datagrams from that server: nothing it was not sent with the secret completes them.</summary>
    [Fact]
    public void No_datagram_forged_without_the_secret_completes_a_request()
    {
        var config = ConfigLoader.Load("interface GigabitEthernet0/1\n nameif inside\n ip address 198.18.1.1 255.255.255.0\n"
            + "aaa-server RAD protocol radius\naaa-server RAD (inside) host 198.18.1.2\n key radsecret\n authentication-port 1812\n").Config;
        var server = new IPEndPoint(IPAddress.Parse("198.18.1.2"), 1812);
        var now = DateTimeOffset.UnixEpoch;
        Datagrams.Sample(bytes =>
        {
            var client = new RadiusClient(new SeededRandom(7));
            var sent = client.Authenticate(1, new AaaRequest("RAD", "raduser", "radpw"), config, now).Datagrams.Single();
            // The forgery knows the identifier the client chose (an on-path attacker sees it).
            if (bytes.Length > 1) bytes[1] = sent.Data.Span[1];
            var outputs = client.Receive(server, bytes, config, now);
            Assert.Empty(outputs.Results);
            Assert.Equal(1, client.Pending);
        }, iter: Iterations);
    }
}
