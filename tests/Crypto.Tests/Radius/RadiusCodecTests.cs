using AsaEmu.Crypto.Radius;

namespace AsaEmu.Crypto.Tests.Radius;

/// <summary>The RADIUS codec against RFC 2865's own example, and the authenticators both ways.</summary>
public class RadiusCodecTests
{
    // RFC 2865 §7.1: user nemo, password arctangent, secret xyzzy5461.
    private static readonly byte[] Rfc2865Authenticator = Convert.FromHexString("0f403f9473978057bd83d5cb98f4227a");
    private static readonly byte[] Rfc2865Request = Convert.FromHexString(
        "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a801100506000000 03".Replace(" ", ""));
    private static readonly byte[] Rfc2865Accept = Convert.FromHexString(
        "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103");

    [Fact]
    public void User_password_is_hidden_as_rfc_2865_section_7_1_shows_and_revealed_back()
    {
        var hidden = RadiusCodec.HidePassword("arctangent"u8, "xyzzy5461", Rfc2865Authenticator);

        Assert.Equal("0DBE708D93D413CE3196E43F782A0AEE", Convert.ToHexString(hidden));
        Assert.Equal("arctangent"u8.ToArray(), RadiusCodec.RevealPassword(hidden, "xyzzy5461", Rfc2865Authenticator));
    }

    [Fact]
    public void A_password_of_more_than_16_octets_chains_its_blocks_and_one_of_more_than_128_is_refused()
    {
        var password = "a-rather-long-password-of-40-characters!"u8.ToArray();
        var hidden = RadiusCodec.HidePassword(password, "s3cret", Rfc2865Authenticator);

        Assert.Equal(48, hidden.Length);
        Assert.Equal(password, RadiusCodec.RevealPassword(hidden, "s3cret", Rfc2865Authenticator));
        Assert.NotEqual(password, RadiusCodec.RevealPassword(hidden, "other", Rfc2865Authenticator));
        Assert.Throws<ArgumentException>(() => RadiusCodec.HidePassword(new byte[129], "s", Rfc2865Authenticator));
    }

    [Fact]
    public void The_rfc_2865_request_decodes_and_encodes_back_byte_for_byte()
    {
        Assert.True(RadiusCodec.TryDecode(Rfc2865Request, out var packet, out var error), error?.ToString());

        Assert.Equal(RadiusCode.AccessRequest, packet!.Code);
        Assert.Equal("nemo", packet.Find(RadiusAttributeType.UserName)!.Value.AsText);
        Assert.Equal("192.168.1.16", packet.Find(RadiusAttributeType.NasIpAddress)!.Value.AsAddress!.ToString());
        Assert.Equal(3u, packet.Find(RadiusAttributeType.NasPort)!.Value.AsInteger);
        Assert.Equal(Rfc2865Request, RadiusCodec.Encode(packet));
    }

    [Fact]
    public void The_rfc_2865_accept_has_a_valid_response_authenticator_but_fails_where_a_message_authenticator_is_required()
    {
        Assert.Equal(ResponseCheck.Valid, RadiusCodec.CheckResponse(Rfc2865Accept, Rfc2865Authenticator, "xyzzy5461", requireMessageAuthenticator: false));
        Assert.Equal(ResponseCheck.MissingMessageAuthenticator, RadiusCodec.CheckResponse(Rfc2865Accept, Rfc2865Authenticator, "xyzzy5461", requireMessageAuthenticator: true));
        Assert.Equal(ResponseCheck.BadAuthenticator, RadiusCodec.CheckResponse(Rfc2865Accept, Rfc2865Authenticator, "other", requireMessageAuthenticator: false));
    }

    [Fact]
    public void A_signed_answer_checks_and_any_change_to_it_does_not()
    {
        var server = new TestRadiusServer("radsecret");
        var answer = server.Build(RadiusCode.AccessAccept, 7, Rfc2865Authenticator, [RadiusAttribute.Text(RadiusAttributeType.Class, "OU=OTHER;")]);

        Assert.Equal(ResponseCheck.Valid, RadiusCodec.CheckResponse(answer, Rfc2865Authenticator, "radsecret", true));
        Assert.Equal(ResponseCheck.BadAuthenticator, RadiusCodec.CheckResponse(answer, Rfc2865Authenticator, "wrong", true));
        for (var i = 20; i < answer.Length; i++)
        {
            var spoiled = answer.ToArray();
            spoiled[i] ^= 1;
            Assert.NotEqual(ResponseCheck.Valid, RadiusCodec.CheckResponse(spoiled, Rfc2865Authenticator, "radsecret", true));
        }
        server.CorruptMessageAuthenticator = true;
        var forged = server.Build(RadiusCode.AccessAccept, 7, Rfc2865Authenticator, []);
        Assert.Equal(ResponseCheck.BadMessageAuthenticator, RadiusCodec.CheckResponse(forged, Rfc2865Authenticator, "radsecret", true));
    }

    [Fact]
    public void A_signed_access_request_checks_with_its_secret_only()
    {
        var bytes = RadiusCodec.Encode(new RadiusPacket(RadiusCode.AccessRequest, 1, Rfc2865Authenticator,
            [new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[16]), RadiusAttribute.Text(RadiusAttributeType.UserName, "raduser")]));
        RadiusCodec.SignAccessRequest(bytes, "radsecret");

        Assert.True(RadiusCodec.CheckAccessRequest(bytes, "radsecret"));
        Assert.False(RadiusCodec.CheckAccessRequest(bytes, "radsecreT"));
        Assert.NotEqual(new byte[16], bytes[22..38]);
    }

    [Theory]
    [InlineData("0100", "shorter than the RADIUS header")]
    [InlineData("01000013" + "00000000000000000000000000000000", "length 19")]
    [InlineData("01000020" + "00000000000000000000000000000000", "length 32")]
    [InlineData("01000016" + "00000000000000000000000000000000" + "0101", "attribute 1 length 1")]
    [InlineData("01000016" + "00000000000000000000000000000000" + "0103", "attribute 1 length 3")]
    [InlineData("01000015" + "00000000000000000000000000000000" + "01", "truncated attribute header")]
    public void Malformed_datagrams_get_a_decode_error(string hex, string reason)
    {
        Assert.False(RadiusCodec.TryDecode(Convert.FromHexString(hex), out var packet, out var error));
        Assert.Null(packet);
        Assert.Contains(reason, error!.Reason);
    }

    [Fact]
    public void Octets_after_the_length_are_padding_and_ignored()
    {
        Assert.True(RadiusCodec.TryDecode(Rfc2865Accept.Concat(new byte[] { 0xde, 0xad }).ToArray(), out var packet, out _));
        Assert.Equal(3, packet!.Attributes.Count);
    }

    [Fact]
    public void A_vendor_attribute_is_read_back()
    {
        var vsa = RadiusAttribute.Vendor(RadiusAttributeType.CiscoVpn3000, RadiusAttributeType.TunnelGroupName, "EZ"u8);

        Assert.Equal((3076u, RadiusAttributeType.TunnelGroupName, "EZ"), (vsa.AsVendor!.Value.Vendor, vsa.AsVendor.Value.Type,
            System.Text.Encoding.UTF8.GetString(vsa.AsVendor.Value.Value.Span)));
    }
}
