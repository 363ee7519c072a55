namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// The ASA's answers for username, tunnel-group and group-policy commands, in one place so the
/// wording can be corrected once. [M] marks wording recalled, not seen on a device.
/// </summary>
internal static class VpnMessages
{
    public static string UserNotFound(string name) => $"User {name} does not exist"; // [M]
    public static string GroupPolicyNotFound(string name) => $"group-policy {name} does not exist"; // [M]
    /// <summary>
    /// A reference (default-group-policy, vpn-group-policy) to a policy not defined yet. A WARNING,
    /// not an ERROR: saved configs print tunnel-groups and users after group-policies, but pasted
    /// configs (the seed config) may name a policy before defining it [M].
    /// </summary>
    public static string ReferencedPolicyNotFound(string name) => $"group-policy {name} does not exist"; // [M]
    public static string TunnelGroupNotFound(string name) => $"tunnel-group {name} does not exist"; // [M]
    public static string TunnelGroupTypeChange(string name) => $"Cannot change the type of tunnel-group {name}"; // [M]
    public static string BuiltInTunnelGroup(string name) => $"Cannot delete the default tunnel-group {name}"; // [M]
    public static string BuiltInGroupPolicy(string name) => $"Cannot delete the default group-policy {name}"; // [M]
    public static string IpsecRaDeprecated => "tunnel-group type ipsec-ra is deprecated; remote-access is used instead"; // [M]
    /// <summary>The reference only gives the substance of this multi-line warning (§1.4); these are our own words.</summary>
    public static string LanToLanNotNamedByAddress =>
        "For IKEv1, a LAN-to-LAN tunnel-group whose name is not an IP address can only be used\n"
        + "with certificate authentication, or with a peer that uses aggressive mode.";
    public static string AccessListNotFound(string name) => $"Access-list \"{name}\" does not exist"; // [M]
    public static string TooManyPools(int max) => $"A maximum of {max} address pools is allowed"; // [M]
    public static string TooManyServers(int max) => $"A maximum of {max} backup servers is allowed"; // [M]
    public const string InvalidInput = "% Invalid input detected at '^' marker.";
}

/// <summary>
/// <c>?</c> help for the keywords of the username, tunnel-group and group-policy commands, in one
/// place [M: wording recalled from ASA 8.4/9.x help output].
/// </summary>
internal static class VpnHelp
{
    public static readonly IReadOnlyDictionary<string, string> Texts = new Dictionary<string, string>
    {
        // username
        ["password"] = "The password for this user",
        ["nopassword"] = "This user has no password",
        ["encrypted"] = "Indicates the password entered is encrypted",
        ["pbkdf2"] = "Indicates the password entered is PBKDF2 hashed",
        ["privilege"] = "Enter the privilege level for this user",
        ["attributes"] = "Enter the attributes sub-command mode for the specified user or group",
        ["vpn-group-policy"] = "Specify the group policy for the user",
        ["vpn-framed-ip-address"] = "Configure the IP address and netmask assigned to the user",
        ["service-type"] = "Specify the type of service for the user",
        // tunnel-group
        ["type"] = "Enter the type of this group",
        ["remote-access"] = "Remote access (IPSec and WebVPN)",
        ["ipsec-l2l"] = "IPSec Lan-to-Lan",
        ["ipsec-ra"] = "IPSec remote access (deprecated)",
        ["webvpn"] = "WebVPN",
        ["general-attributes"] = "Enter the general-attributes sub command mode",
        ["ipsec-attributes"] = "Enter the ipsec-attributes sub command mode",
        ["webvpn-attributes"] = "Enter the webvpn-attributes sub command mode",
        ["ppp-attributes"] = "Enter the ppp-attributes sub command mode",
        ["address-pool"] = "Enter a list of address pools to assign addresses from",
        ["authentication-server-group"] = "Enter name of the authentication server group",
        ["accounting-server-group"] = "Enter name of the accounting server group",
        ["default-group-policy"] = "Enter name of the default group policy",
        ["pre-shared-key"] = "Configure the pre-shared key",
        ["ikev1"] = "Configure IKEv1",
        ["isakmp"] = "Configure ISAKMP policy",
        ["keepalive"] = "Configure IKE keepalive",
        ["peer-id-validate"] = "Validate identity of the peer using the peer's certificate",
        ["user-authentication"] = "Configure user authentication method for IKEv1",
        ["ikev1-user-authentication"] = "Configure user authentication method for IKEv1",
        // group-policy
        ["internal"] = "Enter this keyword to specify an internal group policy",
        ["external"] = "Enter this keyword to specify an external group policy",
        ["address-pools"] = "Configure address pools",
        ["backup-servers"] = "Configure backup servers for the VPN client",
        ["banner"] = "Configure a banner to be displayed at connection time",
        ["default-domain"] = "Configure a default domain name",
        ["dns-server"] = "Configure the DNS servers",
        ["group-lock"] = "Configure the tunnel-group a user must connect to",
        ["password-storage"] = "Allow VPN clients to store passwords on their local systems",
        ["pfs"] = "Configure Perfect Forward Secrecy",
        ["split-dns"] = "Configure a list of domains to be resolved through the split tunnel",
        ["split-tunnel-network-list"] = "Configure the access list for split tunneling",
        ["split-tunnel-policy"] = "Configure the split tunneling policy",
        ["vpn-filter"] = "Configure the name of the filter access list",
        ["vpn-idle-timeout"] = "Configure the idle timeout in minutes",
        ["vpn-session-timeout"] = "Configure the maximum connection time in minutes",
        ["vpn-simultaneous-logins"] = "Configure the maximum number of simultaneous logins",
        ["vpn-tunnel-protocol"] = "Configure the VPN tunneling protocols",
        ["wins-server"] = "Configure the WINS servers",
        ["value"] = "Specify a value",
        ["none"] = "Set to a null value, allowing no inheritance",
    };
}

internal static class VpnTreeExtensions
{
    /// <summary>Adds a command with the VPN keywords' <c>?</c> help.</summary>
    public static Syntax.CommandTree<ConfigHandler> AddVpn(this Syntax.CommandTree<ConfigHandler> tree, string spec, ConfigHandler handler,
        int? noPrefix = null, ConfigHandler? noHandler = null, IReadOnlyDictionary<string, Syntax.ArgType>? types = null) =>
        tree.Add(spec, handler, noPrefix, noHandler, VpnHelp.Texts, types);
}
