namespace AsaEmu.Interop;

/// <summary>
/// <c>test aaa-server authentication</c> through the real asaemu (netns hub, inside 198.18.1.1) against a
/// real FreeRADIUS (the kit's <c>radius/up.sh</c>, netns lan, 198.18.1.2, secret <c>radsecret</c>, every
/// request required to carry a Message-Authenticator): an accept whose Framed-IP-Address and Class show in
/// <c>debug radius</c>, a reject, a wrong shared secret (FreeRADIUS refuses the request's
/// Message-Authenticator and says so in its log; the ASA's error), and a server nobody answers for (FAILED
/// after max-failed-attempts), and one tried again after <c>reactivation-mode timed</c>.
/// </summary>
[Collection(nameof(VpncTests))]
public sealed class RadiusTests(RadiusTests.Hub hub) : IClassFixture<RadiusTests.Hub>
{
    /// <summary>
    /// The kit's headend config with three server groups: the real server, the same with a wrong key, and an
    /// address no host has; and FLAKY, the real server with a wrong key at first, FAILED after one failure and
    /// tried again 30 s later (<c>reactivation-mode timed</c>).
    /// </summary>
    private static string Config => HubSession.KitConfig + RadiusHub.Servers + """
        aaa-server FLAKY protocol radius
         max-failed-attempts 1
         reactivation-mode timed
        aaa-server FLAKY (inside) host 198.18.1.2
         key wrongsecret
         authentication-port 1812
         timeout 2
         retry-interval 1
        """;

    /// <summary>The headend and FreeRADIUS for the whole class; both are stopped (and the namespaces deleted) also when a test failed.</summary>
    public sealed class Hub() : RadiusHub(Config);

    private HubSession Headend => hub.Session!;

    [RadiusFact]
    public void An_accept_carries_the_framed_address_and_the_class_and_freeradius_checked_the_message_authenticator()
    {
        var output = Headend.Show("debug radius all",
            "test aaa-server authentication RAD host 198.18.1.2 username radfixed password radpw",
            "test aaa-server authentication RAD host 198.18.1.2 username radgroup password radpw");

        Assert.Equal(2, Probe.Count(output, "INFO: Attempting Authentication test to IP address <198.18.1.2> (timeout: 5 seconds)"));
        Assert.Equal(2, Probe.Count(output, "INFO: Authentication Successful"));
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("OU=OTHER;"), TimeSpan.FromSeconds(10)), Headend.HubLog);
        var log = Headend.HubLog;
        Assert.Contains("711001: Radius: Type = 8 (0x08) Framed-IP-Address", log);
        Assert.Contains("711001: Radius: Value (IP Address) = 198.19.0.77 (0xC613004D)", log);
        Assert.Contains("711001: Radius: Type = 25 (0x19) Class", log);
        Assert.Contains("%ASA-6-113004: AAA user authentication Successful : server = 198.18.1.2 : user = radfixed", log);
        // FreeRADIUS read the request from the inside address, with its Message-Authenticator, and the hidden password.
        var radius = hub.RadiusLog;
        Assert.Contains("Received Access-Request", radius);
        Assert.Contains("from 198.18.1.1:", radius);
        Assert.Contains("Message-Authenticator = 0x", radius);
        Assert.Contains("User-Password = \"radpw\"", radius);
        Assert.Contains("Sent Access-Accept", radius);
        // From this test's first request on: the class's other tests send it requests with a wrong key.
        var own = radius[radius.IndexOf("User-Name = \"radfixed\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("invalid Message-Authenticator", own[..own.IndexOf("Sent Access-Accept", StringComparison.Ordinal)]);
    }

    [RadiusFact]
    public void A_wrong_password_is_rejected()
    {
        var output = Headend.Show("test aaa-server authentication RAD host 198.18.1.2 username raduser password wrong");

        Assert.Contains("ERROR: Authentication Rejected: AAA failure", output);
        Assert.True(Probe.WaitFor(() => hub.RadiusLog.Contains("Sent Access-Reject"), TimeSpan.FromSeconds(10)), hub.RadiusLog);
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 198.18.1.2 : user = raduser"),
            TimeSpan.FromSeconds(10)), Headend.HubLog);
    }

    [RadiusFact]
    public void A_wrong_shared_secret_fails_freeradius_message_authenticator_check_and_the_server_does_not_respond()
    {
        var output = Headend.Show("test aaa-server authentication BADKEY host 198.18.1.2 username raduser password radpw");

        Assert.Contains("ERROR: Authentication Server not responding: No error", output);
        Assert.Contains("invalid Message-Authenticator!  (Shared secret is incorrect.)", hub.RadiusLog);
        var show = Headend.Show("show aaa-server BADKEY");
        Assert.Contains("Number of timeouts\t\t\t1", show);
        Assert.Contains("Number of retransmissions\t\t1", show);
    }

    [RadiusFact]
    public void A_server_that_never_answers_is_failed_after_max_failed_attempts()
    {
        const string Test = "test aaa-server authentication DOWN host 198.18.1.9 username raduser password radpw";

        var output = Headend.Show(Test, Test, Test, "show aaa-server DOWN");

        Assert.Equal(2, Probe.Count(output, "ERROR: Authentication Server not responding: No error"));
        Assert.Contains("ERROR: Authentication Server not responding: AAA Server has been removed", output);
        Assert.Contains("Server status:\t FAILED, Server disabled at ", output);
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("%ASA-2-113022: AAA Marking RADIUS server 198.18.1.9 in aaa-server group DOWN as FAILED"),
            TimeSpan.FromSeconds(10)), Headend.HubLog);
    }

    [RadiusFact]
    public void A_failed_server_is_tried_again_after_the_timed_reactivation_and_then_answers()
    {
        const string Test = "test aaa-server authentication FLAKY host 198.18.1.2 username raduser password radpw";

        Assert.Contains("ERROR: Authentication Server not responding: No error", Headend.Show(Test));
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("%ASA-2-113022: AAA Marking RADIUS server 198.18.1.2 in aaa-server group FLAKY as FAILED"),
            TimeSpan.FromSeconds(10)), Headend.HubLog);
        // The key mended; the server stays FAILED until its 30 s are up, then it is asked again and answers.
        var mended = Headend.Show("configure terminal", "aaa-server FLAKY (inside) host 198.18.1.2", "key radsecret", "end", Test);
        Assert.Contains("ERROR: Authentication Server not responding: AAA Server has been removed", mended);
        Assert.True(Probe.WaitFor(() => Headend.HubLog.Contains("%ASA-2-113023: AAA Marking RADIUS server 198.18.1.2 in aaa-server group FLAKY as ACTIVE"),
            TimeSpan.FromSeconds(45)), Headend.HubLog);
        Assert.Contains("INFO: Authentication Successful", Headend.Show(Test));
    }
}

/// <summary>A test against the kit's FreeRADIUS: skipped, with the reason, where the kit cannot run or freeradius is not installed.</summary>
public sealed class RadiusFactAttribute : FactAttribute
{
    public RadiusFactAttribute()
    {
        if (MissingPrerequisite() is { } reason) Skip = reason;
    }

    public static string? MissingPrerequisite() => Kit.MissingPrerequisite()
        ?? (File.Exists("/usr/sbin/freeradius") ? null : "needs freeradius: run tests/Interop/kit/install.sh (Debian package freeradius)");
}
