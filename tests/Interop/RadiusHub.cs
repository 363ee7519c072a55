namespace AsaEmu.Interop;

/// <summary>
/// The headend (a <see cref="HubSession"/> with the given config) and the kit's FreeRADIUS in netns lan
/// (<c>radius/up.sh</c>, 198.18.1.2, secret <c>radsecret</c>, <c>-X</c> trail kept), for a test class's
/// fixture. Both are stopped and the namespaces deleted when it is disposed, also when its start failed.
/// Nothing is started where the kit or freeradius is missing (the tests then skip).
/// </summary>
public class RadiusHub : IDisposable
{
    /// <summary>
    /// The kit's users, after a DEFAULT entry that puts a Message-Authenticator in every answer: FreeRADIUS
    /// 3.2.5 and later do that by themselves since BlastRADIUS, Debian 12's 3.2.1 only when asked, and the
    /// headend drops an answer without one. Then two of our own: radshort, whose session the Access-Accept
    /// limits to 8 seconds (Session-Timeout), radidle, ended after 8 idle seconds (Idle-Timeout), and radotp,
    /// challenged for a one-time password after its password (Access-Challenge with Reply-Message and State).
    /// </summary>
    public static string Users => "DEFAULT\n\tMessage-Authenticator := 0x00,\n\tFall-Through = Yes\n\n"
        + File.ReadAllText(Path.Combine(Kit.Dir, "radius", "users"))
        + "\nradshort Cleartext-Password := \"radpw\"\n\tSession-Timeout = 8\n"
        + "\nradidle Cleartext-Password := \"radpw\"\n\tIdle-Timeout = 8\n"
        // radotp: the password, then a one-time password (the same here) asked for by an Access-Challenge.
        + "\nradotp Cleartext-Password := \"radpw\", State == 0x6f7470\n"
        + "\nradotp Cleartext-Password := \"radpw\", State !* ANY, Response-Packet-Type := Access-Challenge\n"
        + "\tReply-Message = \"Enter your one-time password\",\n\tState = 0x6f7470\n";

    /// <summary>
    /// Debug lines into hub.log (711001), and three server groups: RAD, the kit's FreeRADIUS; BADKEY, the
    /// same with a key it does not share; DOWN, an address no host has (FAILED after two failures).
    /// </summary>
    public const string Servers = """

        logging enable
        logging buffered debugging
        logging debug-trace
        aaa-server RAD protocol radius
        aaa-server RAD (inside) host 198.18.1.2
         key radsecret
         authentication-port 1812
         accounting-port 1813
         timeout 3
         retry-interval 1
        aaa-server BADKEY protocol radius
        aaa-server BADKEY (inside) host 198.18.1.2
         key wrongsecret
         authentication-port 1812
         timeout 2
         retry-interval 1
        aaa-server DOWN protocol radius
         max-failed-attempts 2
        aaa-server DOWN (inside) host 198.18.1.9
         key radsecret
         authentication-port 1812
         timeout 1
         retry-interval 1

        """;

    public HubSession? Session { get; }

    /// <param name="debug">The <c>debug crypto</c> level the headend starts with (see <see cref="HubSession"/>).</param>
    public RadiusHub(string config, int debug = 0)
    {
        if (RadiusFactAttribute.MissingPrerequisite() is not null) return;
        Session = new HubSession(config, debug);
        try
        {
            var users = Path.Combine(Session.State, "radius-users");
            File.WriteAllText(users, Users);
            var (code, output) = Session.Run("radius/up.sh", new Dictionary<string, string> { ["RADIUS_USERS"] = users, ["RADIUS_DEBUG"] = "1" });
            if (code != 0) throw new InvalidOperationException($"radius/up.sh failed: {output}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>FreeRADIUS's <c>-X</c> trail.</summary>
    public string RadiusLog => Session is { } s && File.Exists(Path.Combine(s.State, "radius", "radius.debug"))
        ? File.ReadAllText(Path.Combine(s.State, "radius", "radius.debug")) : "";

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        if (Session is null) return;
        Session.Run("radius/down.sh", "");
        Session.Dispose();
    }
}
