namespace AsaEmu.ConfigModel.Syntax;

/// <summary>
/// Help texts shown by <c>?</c> for keywords, in the ASA's wording where known [M]. A table, so
/// wording can be corrected in one place.
/// </summary>
public static class KeywordHelp
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aaa"] = "Enable, disable, or view user authentication, authorization and accounting",
        ["access-list"] = "Configure an access control element",
        ["banner"] = "Configure login/session banners",
        ["crypto"] = "Configure IPSec, ISAKMP, Certification authority, key",
        ["domain-name"] = "Change domain name",
        ["enable"] = "Configure password for the enable command",
        ["group-policy"] = "Configure or remove a group policy",
        ["hostname"] = "Change host name of the system",
        ["interface"] = "Select an interface to configure",
        ["ip"] = "Configure IP address pools",
        ["logging"] = "Configure logging levels, recipients and other options",
        ["mtu"] = "Specify MTU(Maximum Transmission Unit) for an interface",
        ["name"] = "Associate a name with an IP address",
        ["names"] = "Enable/Disable IP address to name mapping",
        ["object"] = "Configure an object",
        ["pager"] = "Control page length for pagination",
        ["passwd"] = "Change Telnet console access password",
        ["route"] = "Configure a static route for an interface",
        ["ssh"] = "Configure SSH options",
        ["telnet"] = "Add telnet access to system console or set idle timeout",
        ["tunnel-group"] = "Create and manage the database of connection specific records for IPSec connections",
        ["username"] = "Configure user authentication local database",
        ["clear"] = "Clear the configuration of a feature",
        ["password"] = "Change Telnet console access password",
        ["all"] = "Clear all configuration",
        ["nat"] = "Configure NAT rules",
        ["local"] = "Configure a local address pool",
        ["no"] = "Negate a command or set its defaults",
        ["exit"] = "Exit from config mode",
        ["end"] = "Exit from configure mode",
    };

    public static string For(string keyword) => Texts.TryGetValue(keyword, out var t) ? t : "";
}
