using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// The 9.x password forms: PBKDF2-HMAC-SHA512, 5000 iterations, 16-byte salt, the first 16 bytes of
/// the key, standard Base64 (<c>$sha512$5000$SALT$HASH pbkdf2</c>), and the MD5 <c>encrypted</c> forms
/// older configs carry. The expected values were computed independently with Python's
/// <c>hashlib.pbkdf2_hmac('sha512', pw, salt, 5000, 16)</c>.
/// </summary>
public class PasswordHashTests
{
    private static readonly byte[] FixedSalt = [.. Enumerable.Range(0, 16).Select(i => (byte)(0xA5 ^ i))];

    [Fact]
    public void Pbkdf2_matches_an_independent_implementation()
    {
        Assert.Equal("$sha512$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==", AsaPasswordHash.Pbkdf2("cisco", FixedSalt));
        Assert.Equal("$sha512$5000$paSnpqGgo6KtrK+uqairqg==$OirkI2wuVtqAja2l9LtmMw==", AsaPasswordHash.Pbkdf2("admin", FixedSalt));
    }

    [Fact]
    public void A_new_password_takes_its_salt_from_the_source_and_shows_pbkdf2()
    {
        var hash = AsaPasswordHash.NewPbkdf2("cisco", s => FixedSalt.CopyTo(s));

        Assert.Equal(new PasswordHash("$sha512$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==", "pbkdf2"), hash);
        Assert.Equal("$sha512$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q== pbkdf2", hash.ToString());
    }

    [Fact]
    public void Both_forms_verify_and_a_wrong_password_does_not()
    {
        var pbkdf2 = new PasswordHash("$sha512$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==", "pbkdf2");
        var md5User = new PasswordHash("3USUcOPFUiMCO4Jk"); // user cisco / pw cisco (ASA-MD5)
        var md5Enable = new PasswordHash("2KFQnbNIdI.2KYOU"); // pw cisco (PIX-MD5)

        Assert.True(AsaPasswordHash.Verify("cisco", "cisco", pbkdf2));
        Assert.False(AsaPasswordHash.Verify("cisco", "Cisco", pbkdf2));
        Assert.True(AsaPasswordHash.Verify("cisco", "cisco", md5User));
        Assert.False(AsaPasswordHash.Verify("cisco", "cisco1", md5User));
        Assert.True(AsaPasswordHash.Verify(null, "cisco", md5Enable));
    }

    [Theory]
    [InlineData("$sha512$5000$AAAAAAAAAABBBBBBBBBBCCCCCCCCCC")] // the sanitised capture's value: three parts
    [InlineData("$sha512$5000$!!$AAAA")]
    [InlineData("$sha256$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==")]
    [InlineData("$sha512$999999999$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==")]
    [InlineData("$sha512$0$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==")]
    public void A_malformed_or_costly_pbkdf2_hash_matches_nothing(string hash)
    {
        Assert.False(AsaPasswordHash.Verify("u", "cisco", new PasswordHash(hash, "pbkdf2")));
    }

    [Fact]
    public void Enable_password_in_clear_is_stored_pbkdf2_and_passwd_stays_md5()
    {
        var config = ConfigLoader.Load("enable password s3cret\npasswd telnet1\nenable password lvl5pw level 5\n").Config;

        Assert.Equal(AsaPasswordHash.NewPbkdf2("s3cret", SaltSources.Fixed), config.Get<EnablePassword>("15")!.Password);
        Assert.Equal(new PasswordHash(AsaPasswordHash.Pix("telnet1")), config.Get<Passwd>()!.Password);
        var body = Rendering.RunningConfigRenderer.Body(config, unmasked: false);
        Assert.Contains($"enable password {AsaPasswordHash.Pbkdf2("s3cret", FixedSalt)} pbkdf2", body);
        Assert.Contains($"enable password {AsaPasswordHash.Pbkdf2("lvl5pw", FixedSalt)} level 5 pbkdf2", body);
        Assert.Contains($"passwd {AsaPasswordHash.Pix("telnet1")} encrypted", body);
    }

    [Fact]
    public void A_config_session_salts_with_the_source_it_was_given()
    {
        var salts = 0;
        var session = new Commands.ConfigSession(Commands.ConfigGrammar.Default) { Salt = s => { salts++; s.Fill((byte)salts); } };

        var config = session.Apply(AsaConfig.Empty, "username a password pw1").Config;
        config = session.Apply(config, "username b password pw1").Config;

        Assert.Equal(2, salts);
        Assert.NotEqual(config.Get<Username>("a")!.Password, config.Get<Username>("b")!.Password);
        Assert.True(AsaPasswordHash.Verify("b", "pw1", config.Get<Username>("b")!.Password!));
    }
}
