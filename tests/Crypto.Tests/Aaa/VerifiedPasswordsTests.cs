using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Crypto.Tests.Aaa;

/// <summary>The remembered logins that spare a repeated PBKDF2: bound to the user, the stored hash and the password.</summary>
public class VerifiedPasswordsTests
{
    private static readonly PasswordHash Stored = new("$sha512$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q==", "pbkdf2");
    private static readonly PasswordHash Changed = new("$sha512$5000$AAAAAAAAAAAAAAAAAAAAAA==$V9O68YNLK6QqRd48Y9Vs4Q==", "pbkdf2");

    [Fact]
    public void Only_the_remembered_password_for_the_same_user_and_stored_hash_matches()
    {
        var verified = new VerifiedPasswords();
        Assert.False(verified.Matches("ops", Stored, "cisco"));

        verified.Remember("ops", Stored, "cisco");

        Assert.True(verified.Matches("ops", Stored, "cisco"));
        Assert.False(verified.Matches("ops", Stored, "cisco1"));
        Assert.False(verified.Matches("ops", Changed, "cisco"));
        Assert.False(verified.Matches("dev", Stored, "cisco"));
    }

    [Fact]
    public void A_forgotten_user_matches_nothing_and_a_newer_login_replaces_the_older()
    {
        var verified = new VerifiedPasswords();
        verified.Remember("ops", Stored, "cisco");
        verified.Remember("ops", Changed, "other");
        Assert.False(verified.Matches("ops", Stored, "cisco"));
        Assert.True(verified.Matches("ops", Changed, "other"));

        verified.Forget("ops");

        Assert.False(verified.Matches("ops", Changed, "other"));
    }
}
