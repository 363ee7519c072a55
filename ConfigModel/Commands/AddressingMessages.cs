using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// The texts of access-list, object, pool and route errors and warnings, in one place. Tags as in
/// the reference: [S] seen on a device, [M] wording from memory.
/// </summary>
public static class AddressingMessages
{
    /// <summary>Host bits set in an address/mask pair [M].</summary>
    public static string DoesNotPair(Ipv4 address, Ipv4 mask) => $"IP address,mask <{address},{mask}> doesn't pair";

    /// <summary>A route, ssh or telnet line naming an interface that has no such nameif [M].</summary>
    public static string NoSuchNameIf(string nameIf) => $"Interface name \"{nameIf}\" not found";

    /// <summary>The same route again [S].</summary>
    public const string RouteExists = "Route already exists";

    /// <summary><c>no route ...</c> for a route that is not there [M].</summary>
    public const string RouteNotFound = "Specified route does not exist";

    /// <summary><c>no access-list NAME ...</c> for an entry that is not in the list [M].</summary>
    public static string AceNotFound(string acl) => $"Specified access-list entry does not exist in access-list {acl}";

    /// <summary><c>no access-list NAME ...</c> for a list that is not there [M].</summary>
    public static string AclNotFound(string acl) => $"access-list {acl} does not exist";

    /// <summary>An entry of another type than the list's (an extended entry in a standard list) [S: an ASAv transcript].</summary>
    public const string AclTypeMismatch = "Cannot mix different types of access lists";

    /// <summary>A pool whose range overlaps another pool [M].</summary>
    public static string PoolOverlaps(string pool, string other) => $"IP local pool {pool} overlaps with pool {other}";

    /// <summary>A pool redefined with a different range: the ASA wants it removed first [M].</summary>
    public static string PoolExists(string pool) => $"IP local pool {pool} already exists";

    /// <summary>A range whose last address is below its first [M].</summary>
    public static string BadRange(Ipv4 first, Ipv4 last) => $"Invalid address range {first}-{last}";

    /// <summary><c>no ip local pool NAME</c> for a pool that is not there [M].</summary>
    public static string PoolNotFound(string pool) => $"IP local pool {pool} does not exist";

    /// <summary><c>no object network NAME</c> for an object that is not there [M].</summary>
    public static string ObjectNotFound(string name) => $"Object {name} does not exist";

    /// <summary>Removing an object an access-list still uses [S shape: "Removing ... not allowed, it is being used"].</summary>
    public static string ObjectInUse(string name) => $"Removing object {name} not allowed, it is being used.";
}
