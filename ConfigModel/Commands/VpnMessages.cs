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
