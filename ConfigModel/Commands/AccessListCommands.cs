using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>access-list</c> (reference §4.7): standard, extended and remark lines, one
/// <see cref="AccessList"/> per name holding its entries in order. <c>webtype</c> and
/// <c>ethertype</c> entries are kept as written. <c>no access-list NAME ENTRY</c> removes an
/// entry; a whole list goes with <c>clear configure access-list NAME</c>.
/// </summary>
public sealed class AccessListCommands : ICommandArea
{
    /// <summary>The ASA allows access-list names of up to 241 characters.</summary>
    private static readonly ArgType AclName = ArgType.Word("WORD", "Access list identifier", 241);

    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["acl"] = AclName,
        ["ace"] = AceParser.ExtendedBody,
    };

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        const string head = "access-list <acl:name> [line <1-2147483647:line>]";
        t.Add($"{head} remark <line:text>", c => Add(c, new AclRemark(c.Args.Str("text"))),
            noHandler: Remove, types: Types);
        t.Add($"{head} standard (permit|deny):action (<ip:net> <mask:mask>|host <ip:host>|any|any4)",
            c => Add(c, new StandardAce(c.Args.Str("action") == "permit", StandardAddress(c.Args))),
            noHandler: Remove, types: Types);
        t.Add($"{head} extended (permit|deny):action <ace:body>",
            c => Add(c, c.Args.Get<ExtendedAce>("body") with { Permit = c.Args.Str("action") == "permit" }),
            noHandler: Remove, types: Types);
        t.Add($"{head} (webtype|ethertype):type <line:body>",
            c => Add(c, new KeptAce($"{c.Args.Str("type")} {c.Args.Str("body")}")),
            noHandler: Remove, types: Types);
        t.Add("clear configure access-list [<acl:name>]", Clear, types: Types);
    }

    // --- Lookups for other areas ---------------------------------------------------------------

    public static bool Exists(AsaConfig config, string name) => config.Get<AccessList>(name) is not null;

    public static AccessList? Find(AsaConfig config, string name) => config.Get<AccessList>(name);

    /// <summary>True when an entry of some access-list names this object or object-group.</summary>
    public static bool References(AsaConfig config, string kind, string name) =>
        config.All<AccessList>().SelectMany(a => a.Entries).OfType<ExtendedAce>().Any(x =>
            x.Source is AceNamed s && s.Kind == kind && s.Name == name
            || x.Destination is AceNamed d && d.Kind == kind && d.Name == name);

    // --- Handlers ------------------------------------------------------------------------------

    private static AceAddress StandardAddress(ParsedArgs a) =>
        a.OptIp("host") is { } host ? new AceHost(host.ToString(), host)
        : a.OptIp("net") is { } net ? new AceNetwork(net, a.Ip("mask"))
        // Standard lists are IPv4 only: 9.x stores "any" as "any4".
        : new AceAny("any4");

    /// <summary>The first net/mask pair of the entry that has host bits set.</summary>
    private static AceNetwork? Unpaired(AclEntry entry) => entry switch
    {
        StandardAce { Address: AceNetwork n } when n.Network.And(n.Mask) != n.Network => n,
        ExtendedAce { Source: AceNetwork n } when n.Network.And(n.Mask) != n.Network => n,
        ExtendedAce { Destination: AceNetwork n } when n.Network.And(n.Mask) != n.Network => n,
        _ => null,
    };

    private static CommandOutcome Add(ConfigCommand c, AclEntry entry)
    {
        if (Unpaired(entry) is { } bad) return c.Error(AddressingMessages.DoesNotPair(bad.Network, bad.Mask));
        var name = c.Args.Str("name");
        if (Find(c.Config, name)?.Type is { } type && entry.ListType is { } entryType && type != entryType)
            return c.Error(AddressingMessages.AclTypeMismatch);
        var line = c.Args.OptNum("line");
        var config = c.Config.Upsert(name, Sections.AccessList,
            order => new AccessList(name, []) { Order = order },
            acl =>
            {
                // "line N" inserts before the entry now at line N (remarks count as lines).
                var at = line is { } n && n <= acl.Entries.Count ? (int)n - 1 : acl.Entries.Count;
                return acl with { Entries = acl.Entries.Insert(at, entry) };
            },
            c.Source);
        return c.Done(config);
    }

    private static CommandOutcome Remove(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        if (Find(c.Config, name) is not { } acl) return c.Error(AddressingMessages.AclNotFound(name));
        var text = EntryText(c.Args);
        var index = acl.Entries.FindIndex(e => e.Text == text);
        if (index < 0) return c.Error(AddressingMessages.AceNotFound(name));
        var entries = acl.Entries.RemoveAt(index);
        return c.Done(entries.IsEmpty ? c.Config.Without<AccessList>(name) : c.Config.With(acl with { Entries = entries }));
    }

    /// <summary>The canonical text of the entry a <c>no access-list</c> line names.</summary>
    private static string EntryText(ParsedArgs a)
    {
        if (a.Has("remark")) return new AclRemark(a.Str("text")).Text;
        if (a.Has("standard")) return new StandardAce(a.Str("action") == "permit", StandardAddress(a)).Text;
        if (a.Has("extended")) return (a.Get<ExtendedAce>("body") with { Permit = a.Str("action") == "permit" }).Text;
        return new KeptAce($"{a.Str("type")} {a.Str("body")}").Text;
    }

    private static CommandOutcome Clear(ConfigCommand c)
    {
        if (c.Args.OptStr("name") is not { } name) return c.Done(c.Config.WithoutAll<AccessList>());
        // Clearing a list that is not there is quietly fine (config scripts start with it).
        return c.Done(c.Config.Without<AccessList>(name));
    }
}
