using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Crypto.Tests.Aaa;

/// <summary>The local user database: failure counts, lockout after max-fail, unlock, and who is never locked.</summary>
public class LocalUserDatabaseTests
{
    private const string Users = """
        username ops password opspass privilege 5
        username admin password adminpass privilege 15
        username kiosk nopassword
        aaa local authentication attempts max-fail 3
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");

    private static AsaConfig Load(string text = Users)
    {
        var result = ConfigLoader.Load(text);
        Assert.Empty(result.Diagnostics);
        return result.Config;
    }

    /// <summary>From the console (no source), so the per-source throttle stays out of the way.</summary>
    private static LoginOutcome Try(LocalUserDatabase db, AsaConfig config, string user, string password,
        LoginService service = LoginService.Ssh, IPAddress? source = null) =>
        db.Authenticate(config, new LoginAttempt(user, password, source, service), Now);

    private static IEnumerable<string> Texts(LoginOutcome outcome) => outcome.Events.Select(e => $"{e.Syslog}: {e.Text}");

    [Fact]
    public void Max_fail_wrong_passwords_lock_the_user_who_is_then_refused_even_with_the_right_one_until_cleared()
    {
        var config = Load();
        var db = new LocalUserDatabase();

        Assert.Equal(["%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = ops : user IP = 198.51.100.7"],
            Texts(Try(db, config, "ops", "guess1", source: Client)));
        Assert.Equal(LoginRefusal.WrongPassword, Try(db, config, "ops", "guess2").Refusal);
        var third = Try(db, config, "ops", "guess3");
        Assert.Equal(["%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = ops",
            "%ASA-6-113006: User 'ops' locked out on exceeding '3' successive failed authentication attempts"], Texts(third));
        Assert.Equal([new LocalUserStatus("ops", 3, Locked: true)], db.Status(config));

        var right = Try(db, config, "ops", "opspass");
        Assert.Equal(LoginRefusal.LockedOut, right.Refusal);
        Assert.Null(right.User);
        Assert.Equal(["%ASA-6-113015: AAA user authentication Rejected : reason = Account is locked out : local database : user = ops"], Texts(right));
        Assert.Equal(LoginRefusal.LockedOut, Try(db, config, "ops", "opspass", LoginService.Xauth).Refusal);
        Assert.Equal(LoginRefusal.LockedOut, Try(db, config, "ops", "opspass", LoginService.LoginCommand).Refusal);

        Assert.Equal(["%ASA-6-113007: User 'ops' unlocked by 'enable_15'"], db.ClearLockout("ops", "enable_15").Select(e => $"{e.Syslog}: {e.Text}"));
        Assert.Empty(db.Status(config));
        var again = Try(db, config, "ops", "opspass");
        Assert.Equal("ops", again.User?.Name);
        Assert.Equal(["%ASA-6-113012: AAA user authentication Successful : local database : user = ops"], Texts(again));
    }

    [Fact]
    public void Pbkdf2_and_md5_stored_passwords_both_let_their_user_in()
    {
        // 9.x shows a password set in clear as PBKDF2; configs from older versions carry the MD5 "encrypted" form.
        var config = Load($"username new password newpass\nusername old password {ConfigModel.Passwords.AsaPasswordHash.Asa("old", "cisco")} encrypted\n" +
            "username pasted password $sha512$5000$paSnpqGgo6KtrK+uqairqg==$V9O68YNLK6QqRd48Y9Vs4Q== pbkdf2\n");
        var db = new LocalUserDatabase();

        Assert.Equal("pbkdf2", config.Get<Username>("new")!.Password!.Format);
        Assert.Equal("new", Try(db, config, "new", "newpass").User?.Name);
        Assert.Equal(LoginRefusal.WrongPassword, Try(db, config, "new", "newpass2").Refusal);
        Assert.Equal("old", Try(db, config, "old", "cisco").User?.Name);
        Assert.Equal("pasted", Try(db, config, "pasted", "cisco").User?.Name);
        Assert.Equal(LoginRefusal.WrongPassword, Try(db, config, "pasted", "cisco1").Refusal);
    }

    [Fact]
    public void A_password_remembered_from_a_login_lets_in_only_while_it_is_the_stored_one()
    {
        var db = new LocalUserDatabase();
        var before = Load("username ops password opspass\n");
        Assert.True(Try(db, before, "ops", "opspass").Accepted);
        Assert.True(Try(db, before, "ops", "opspass").Accepted);
        Assert.Equal(LoginRefusal.WrongPassword, Try(db, before, "ops", "opspas").Refusal);

        // A changed password is a new salt and hash: the old one no longer matches, the new one takes the full check.
        var changed = Load("username ops password newpass\n");
        Assert.Equal(LoginRefusal.WrongPassword, Try(db, changed, "ops", "opspass").Refusal);
        Assert.True(Try(db, changed, "ops", "newpass").Accepted);

        // Removed: unknown, and nothing of the account is kept.
        Assert.Equal(LoginRefusal.UnknownUser, Try(db, Load("username dev password devpass\n"), "ops", "newpass").Refusal);
    }

    [Fact]
    public void A_success_resets_the_count_so_only_successive_failures_lock()
    {
        var config = Load();
        var db = new LocalUserDatabase();

        Try(db, config, "ops", "a");
        Try(db, config, "ops", "b");
        Assert.Equal([new LocalUserStatus("ops", 2, Locked: false)], db.Status(config));
        Assert.True(Try(db, config, "ops", "opspass").Accepted);
        Assert.Empty(db.Status(config));
        Try(db, config, "ops", "c");
        Try(db, config, "ops", "d");
        Assert.True(Try(db, config, "ops", "opspass").Accepted);
    }

    [Fact]
    public void A_privilege_15_user_is_counted_but_never_locked_out()
    {
        var config = Load();
        var db = new LocalUserDatabase();

        for (var i = 0; i < 10; i++)
            Assert.DoesNotContain(Try(db, config, "admin", "wrong").Events, e => e.Syslog?.Id == 113006);

        Assert.Equal([new LocalUserStatus("admin", 10, Locked: false)], db.Status(config));
        Assert.True(Try(db, config, "admin", "adminpass").Accepted);
    }

    [Fact]
    public void A_nopassword_user_is_refused_on_ssh_telnet_and_xauth_and_let_in_by_login()
    {
        var config = Load("username kiosk nopassword\n");
        var db = new LocalUserDatabase();

        Assert.Equal(LoginRefusal.NoPassword, Try(db, config, "kiosk", "anything", LoginService.Ssh).Refusal);
        Assert.Equal(LoginRefusal.NoPassword, Try(db, config, "kiosk", "", LoginService.Telnet).Refusal);
        Assert.Equal(LoginRefusal.NoPassword, Try(db, config, "kiosk", "x", LoginService.Xauth).Refusal);
        Assert.Equal("kiosk", Try(db, config, "kiosk", "anything", LoginService.LoginCommand).User?.Name);
    }

    [Fact]
    public void Unknown_names_are_rejected_and_not_remembered()
    {
        var config = Load();
        var db = new LocalUserDatabase();

        for (var i = 0; i < 100; i++)
            Assert.Equal(LoginRefusal.UnknownUser, Try(db, config, $"spray{i}", "x").Refusal);

        Assert.Equal(["%ASA-6-113015: AAA user authentication Rejected : reason = User was not found : local database : user = nobody"],
            Texts(Try(db, config, "nobody", "x")));
        Assert.Empty(db.Status(config));
    }

    [Fact]
    public void Without_max_fail_nothing_locks_and_removing_it_keeps_the_locks_already_made()
    {
        var db = new LocalUserDatabase();
        var unlimited = Load("username ops password opspass privilege 5\n");
        for (var i = 0; i < 20; i++) Try(db, unlimited, "ops", "wrong");
        Assert.Equal([new LocalUserStatus("ops", 20, Locked: false)], db.Status(unlimited));

        var limited = Load();
        Assert.Contains(Try(db, limited, "ops", "wrong").Events, e => e.Syslog?.Id == 113006);
        Assert.Equal(LoginRefusal.LockedOut, Try(db, unlimited, "ops", "opspass").Refusal);
    }

    [Fact]
    public void Clearing_the_fail_attempts_keeps_a_lock_and_clearing_all_lockouts_unlocks_everyone()
    {
        var config = Load(Users + "\nusername dev password devpass\n");
        var db = new LocalUserDatabase();
        foreach (var user in new[] { "ops", "dev" })
            for (var i = 0; i < 3; i++) Try(db, config, user, "wrong");
        Try(db, config, "admin", "wrong");

        db.ClearFailedAttempts("ops");
        Assert.Equal([new LocalUserStatus("ops", 0, true), new LocalUserStatus("admin", 1, false), new LocalUserStatus("dev", 3, true)], db.Status(config));
        Assert.Equal(["ops", "dev"], db.Status(config, lockedOnly: true).Select(s => s.Name));

        Assert.Equal(["User 'ops' unlocked by 'admin'", "User 'dev' unlocked by 'admin'"],
            db.ClearLockout(user: null, "admin").Select(e => e.Text).Order().Reverse());
        Assert.Empty(db.Status(config));
    }

    [Fact]
    public void Concurrent_failures_from_many_threads_are_all_counted()
    {
        var config = Load("username ops password opspass privilege 5\n");
        var db = new LocalUserDatabase();

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => Try(db, config, "ops", "wrong"));

        Assert.Equal(2000, Assert.Single(db.Status(config)).FailedAttempts);
    }

    [Fact]
    public void A_throttled_source_is_refused_without_a_check_even_with_the_right_password()
    {
        var config = Load();
        var db = new LocalUserDatabase(new SourceThrottle(new SourceThrottlePolicy { FreeFailures = 2 }));

        for (var i = 0; i < 3; i++) Try(db, config, $"nobody{i}", "x", source: Client);
        var refused = Try(db, config, "admin", "adminpass", source: Client);

        Assert.Equal(LoginRefusal.Throttled, refused.Refusal);
        Assert.Empty(refused.Events);
        Assert.Empty(db.Status(config));
        Assert.True(Try(db, config, "admin", "adminpass", source: IPAddress.Parse("198.51.100.8")).Accepted);
    }

    [Fact]
    public void A_hostile_user_name_reaches_the_log_printable_and_cut_to_64_characters()
    {
        var config = Load();
        const string Forged = "x\r\n%ASA-1-000000: \u001b[2Jforged";
        var hostile = Forged + new string('a', 5000);

        var text = Assert.Single(Try(new LocalUserDatabase(), config, hostile, "x").Events).Text;

        Assert.EndsWith("user = x??%ASA-1-000000: ?[2Jforged" + new string('a', 64 - Forged.Length), text);
        Assert.DoesNotContain(text, c => char.IsControl(c));
    }

    [Fact]
    public void An_attempt_never_prints_its_password()
    {
        Assert.DoesNotContain("s3cret", new LoginAttempt("ops", "s3cret", Client, LoginService.Ssh).ToString());
    }
}
