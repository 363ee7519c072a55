using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// XAUTH checks through the local user database it shares with the CLI: failures lock the user out
/// (113006), a locked user or a throttled peer fails as a wrong password does, and an unlock lets the
/// user back in. In-process exchanges with real keys, as <see cref="AggressiveModeExchangeTests"/>.
/// </summary>
public class XauthLockoutTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly DateTimeOffset Now = AggressiveModeExchangeTests.Now;

    private static AsaConfig Config(string extra) => ConfigLoader.Load(extra, start: AggressiveModeExchangeTests.Load()).Config;

    /// <summary>A client through aggressive mode, at the XAUTH request; its cookie and address are its own.</summary>
    private static (TestInitiator Client, uint XauthId) ToXauth(IkeEngine engine, AsaConfig config, int n, string address = "198.18.0.2")
    {
        var client = new TestInitiator(new SeededRandom(2 + n), "EZ", "cisco", new IPEndPoint(IPAddress.Parse(address), 500), Server)
        {
            CookieI = 0x220b25a3440f5000UL + (ulong)n,
        };
        client.TakeAm2(Assert.Single(engine.Receive(client.Am1(), config, Now).Datagrams));
        var (id, _) = client.Open(Assert.Single(engine.Receive(client.Am3(), config, Now).Datagrams));
        return (client, id);
    }

    private static IkeOutputs Reply(IkeEngine engine, AsaConfig config, TestInitiator client, uint id, string user, string password) =>
        engine.Receive(client.Transaction(id, new AttributePayload(AttributePayload.Reply, 0,
            [DataAttribute.Variable(ModeCfgAttributes.XauthUserName, System.Text.Encoding.UTF8.GetBytes(user)),
             DataAttribute.Variable(ModeCfgAttributes.XauthUserPassword, System.Text.Encoding.UTF8.GetBytes(password))])), config, Now);

    /// <summary>The server's answer: the XAUTH_STATUS it set, or null when it asked again (with the id to answer).</summary>
    private static (ushort? Status, uint Id) Answer(TestInitiator client, IkeOutputs outputs)
    {
        var (id, payloads) = client.Open(outputs.Datagrams[0]);
        var attributes = Assert.IsType<AttributePayload>(payloads[1]);
        return (attributes.ConfigType == AttributePayload.Set ? Assert.Single(attributes.Attributes).ShortValue : null, id);
    }

    private static string? Syslog(IkeOutputs outputs, int id) => outputs.Events.FirstOrDefault(e => e.Syslog?.Id == id)?.Text;

    [Fact]
    public void Wrong_passwords_lock_the_user_who_then_fails_even_with_the_right_one_until_the_lockout_is_cleared()
    {
        var config = Config("aaa local authentication attempts max-fail 2\n");
        var users = new LocalUserDatabase();
        var engine = new IkeEngine(new SeededRandom(1), localUsers: users);

        var (client, id) = ToXauth(engine, config, 1);
        var first = Reply(engine, config, client, id, "cisco", "nope");
        Assert.Equal("AAA user authentication Rejected : reason = Invalid password : local database : user = cisco : user IP = 198.18.0.2", Syslog(first, 113015));
        (var status, id) = Answer(client, first);
        Assert.Null(status);

        var second = Reply(engine, config, client, id, "cisco", "nope");
        Assert.Equal("User 'cisco' locked out on exceeding '2' successive failed authentication attempts", Syslog(second, 113006));
        (status, id) = Answer(client, second);
        Assert.Null(status);

        // The third try has the right password: refused as a wrong one, and the session ends with status FAIL.
        var third = Reply(engine, config, client, id, "cisco", "cisco");
        Assert.Contains(third.Events, e => e.Syslog == new SyslogId(713167, 3));
        Assert.Equal("AAA user authentication Rejected : reason = Account is locked out : local database : user = cisco : user IP = 198.18.0.2", Syslog(third, 113015));
        Assert.Equal((ushort)0, Answer(client, third).Status);
        Assert.Empty(engine.Sas);

        // A new session from another client is refused too: the lock is the user's.
        var (other, otherId) = ToXauth(engine, config, 2, "198.18.0.3");
        var elsewhere = Reply(engine, config, other, otherId, "cisco", "cisco");
        Assert.Equal("AAA user authentication Rejected : reason = Account is locked out : local database : user = cisco : user IP = 198.18.0.3", Syslog(elsewhere, 113015));
        Assert.Null(Answer(other, elsewhere).Status);
        Assert.Equal(["cisco"], users.Status(config, lockedOnly: true).Select(s => s.Name));

        users.ClearLockout("cisco", "enable_15");
        var (back, backId) = ToXauth(engine, config, 3, "198.18.0.4");
        var accepted = Reply(engine, config, back, backId, "cisco", "cisco");
        Assert.Equal("AAA user authentication Successful : local database : user = cisco", Syslog(accepted, 113012));
        Assert.Equal((ushort)1, Answer(back, accepted).Status);
    }

    [Fact]
    public void A_peer_that_failed_too_often_fails_xauth_unchecked_and_other_peers_do_not()
    {
        var config = AggressiveModeExchangeTests.Load();
        var users = new LocalUserDatabase(new SourceThrottle(new SourceThrottlePolicy { FreeFailures = 2 }));
        var engine = new IkeEngine(new SeededRandom(1), localUsers: users);

        var (client, id) = ToXauth(engine, config, 1);
        for (var i = 0; i < 2; i++)
            (_, id) = Answer(client, Reply(engine, config, client, id, $"guess{i}", "x"));
        Assert.Equal((ushort)0, Answer(client, Reply(engine, config, client, id, "cisco", "nope")).Status);

        var (again, againId) = ToXauth(engine, config, 2);
        var refused = Reply(engine, config, again, againId, "cisco", "cisco");
        Assert.Contains(refused.Events, e => e.Syslog == new SyslogId(713167, 3));
        Assert.Null(Syslog(refused, 113015));
        Assert.Null(Answer(again, refused).Status);

        var (other, otherId) = ToXauth(engine, config, 3, "198.18.0.9");
        Assert.Equal((ushort)1, Answer(other, Reply(engine, config, other, otherId, "cisco", "cisco")).Status);
    }
}
