namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// The ASA's answers to <c>aaa-server</c> commands and their <c>?</c> help, in one place so the wording can be
/// corrected once. All from memory [M] unless tagged.
/// </summary>
public static class AaaServerMessages
{
    public static string ProtocolChange(string group, string protocol) => $"Server group {group} is already defined with protocol {protocol}"; // [M]
    public static string TooManyHosts(string group) => $"Maximum number of servers ({Model.AaaServerGroup.MaxHosts}) reached for server group {group}"; // [M]
    public static string TooManyGroups => $"Maximum number of server groups ({Model.AaaServerGroup.MaxGroups}) reached"; // [M]
    public static string NotAMember(string address, string group) => $"Server {address} is not a member of server group {group}"; // [M]
    public static string ReservedName(string group) => $"{group} is a reserved server group name"; // [M]
    public static string GroupNotFound(string group) => $"aaa-server group {group} does not exist"; // [M]

    /// <summary>The <c>?</c> help of the words of the aaa-server commands [M].</summary>
    public static readonly IReadOnlyDictionary<string, string> Help = new Dictionary<string, string>
    {
        ["aaa-server"] = "Configure an AAA server group or an AAA server",
        ["protocol"] = "The protocol of the AAA server group",
        ["radius"] = "Protocol RADIUS",
        ["tacacs+"] = "Protocol TACACS+",
        ["ldap"] = "Protocol LDAP",
        ["kerberos"] = "Protocol Kerberos",
        ["sdi"] = "Protocol SDI",
        ["nt"] = "Protocol NT",
        ["http-form"] = "Protocol HTTP form-based authentication",
        ["host"] = "Enter this keyword to specify the IP address for the server",
        ["key"] = "Server secret",
        ["timeout"] = "Timeout for the server, in seconds",
        ["retry-interval"] = "Retry interval for the server, in seconds",
        ["authentication-port"] = "Server port for authentication requests",
        ["accounting-port"] = "Server port for accounting requests",
        ["server-port"] = "Server port",
        ["max-failed-attempts"] = "Maximum number of failed attempts before a server is marked FAILED",
        ["reactivation-mode"] = "How failed servers of the group are reactivated",
        ["depletion"] = "Reactivate failed servers once every server of the group has failed",
        ["timed"] = "Reactivate a failed server 30 seconds after it failed",
        ["deadtime"] = "Minutes between the failure of the last server and the reactivation of all",
        ["accounting-mode"] = "How accounting messages are sent to the servers of the group",
        ["single"] = "Send accounting messages to one server",
        ["simultaneous"] = "Send accounting messages to every server of the group",
        ["group"] = "The AAA server group",
        ["address"] = "IP address or name of the server",
        ["seconds"] = "Number of seconds",
        ["port"] = "Port number",
        ["attempts"] = "Number of attempts",
        ["minutes"] = "Number of minutes",
    };
}
