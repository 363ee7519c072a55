using System.Net;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>The COOKIE's secret (RFC 7296 §2.6): its version first, replaced every five minutes, the one before still taken.</summary>
public class Ikev2CookiesTests
{
    private static readonly IPAddress Initiator = IPAddress.Parse("198.18.0.2");
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Nonce = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    /// <summary>An IKE_SA_INIT request that repeats <paramref name="cookie"/> first, as §2.6 has it.</summary>
    private static Ikev2Message Request(byte[] cookie, ulong spiI = 0x1122334455667788) =>
        new(new Ikev2Header(spiI, 0, Ikev2PayloadType.Notify, Ikev2Header.Version2, Ikev2Exchange.IkeSaInit, Ikev2Flags.Initiator, 0, 0),
            [new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.Cookie, cookie), new Ikev2NoncePayload(Nonce)]);

    [Fact]
    public void A_cookie_comes_back_valid_for_its_initiator_nonce_and_spi_only()
    {
        var cookies = new Ikev2Cookies(new SeededRandom(1));
        var cookie = cookies.For(Nonce, Initiator, 0x1122334455667788, Start);

        Assert.Equal(17, cookie.Length);
        Assert.True(cookies.Carries(Request(cookie), Initiator, Start.AddSeconds(10)));
        Assert.False(cookies.Carries(Request(cookie), IPAddress.Parse("198.18.0.3"), Start));
        Assert.False(cookies.Carries(Request(cookie, spiI: 1), Initiator, Start));
        cookie[^1] ^= 1;
        Assert.False(cookies.Carries(Request(cookie), Initiator, Start));
    }

    [Fact]
    public void After_the_secret_is_replaced_the_cookie_of_the_one_before_is_taken_and_an_older_one_is_not()
    {
        var cookies = new Ikev2Cookies(new SeededRandom(2));
        var first = cookies.For(Nonce, Initiator, 0x1122334455667788, Start);

        var later = Start + Ikev2Cookies.SecretLifetime;
        var second = cookies.For(Nonce, Initiator, 0x1122334455667788, later);
        Assert.NotEqual(first[0], second[0]);
        Assert.NotEqual(first[1..], second[1..]);
        Assert.True(cookies.Carries(Request(first), Initiator, later));
        Assert.True(cookies.Carries(Request(second), Initiator, later));

        var third = later + Ikev2Cookies.SecretLifetime;
        Assert.False(cookies.Carries(Request(first), Initiator, third));
        Assert.True(cookies.Carries(Request(second), Initiator, third));
    }
}
