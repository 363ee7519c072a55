using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>ip local pool NAME FIRST[-LAST] [mask MASK]</c> (reference §4.7). Pools may not overlap.
/// The pool is data only; handing out its addresses is the VPN engine's business.
/// </summary>
public sealed class PoolCommands : ICommandArea
{
    /// <summary><c>first[-last]</c>, in any order: a reversed range is a refused command, not a bad word.</summary>
    private static readonly ArgType PoolRange = ArgType.Custom("A.B.C.D-A.B.C.D", "Range of IP addresses",
        Map((first, last) => (object)new AddressRange(first, last.HasValue ? last.Value : first),
            ArgType.Ipv4Parser, Char('-').Then(ArgType.Ipv4Parser).Optional()));

    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["pool"] = ArgType.Word("WORD", "Pool name", 64),
        ["poolrange"] = PoolRange,
    };

    public void Register(ConfigGrammar g)
    {
        g.Tree(ModeKind.Global).Add("ip local pool <pool:name> <poolrange:range> [mask <mask:mask>]", Add,
            noPrefix: 4, noHandler: Remove, types: Types);
    }

    // --- Lookups for other areas ---------------------------------------------------------------

    public static IpLocalPool? Find(AsaConfig config, string name) => config.Get<IpLocalPool>(name);

    public static bool Exists(AsaConfig config, string name) => Find(config, name) is not null;

    // --- Handlers ------------------------------------------------------------------------------

    private static CommandOutcome Add(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var range = c.Args.Get<AddressRange>("range");
        if (range.Last.CompareTo(range.First) < 0) return c.Error(AddressingMessages.BadRange(range.First, range.Last));
        var pool = new IpLocalPool(name, range.First, range.Last, c.Args.OptIp("mask"));
        if (Find(c.Config, name) is { } existing)
        {
            if (existing with { Order = default, Sources = [] } == pool) return c.Unchanged();
            return c.Error(AddressingMessages.PoolExists(name));
        }
        if (c.Config.All<IpLocalPool>().FirstOrDefault(p => p.Overlaps(pool)) is { } other)
            return c.Error(AddressingMessages.PoolOverlaps(name, other.Name));
        return c.Done(IdentityCommands.Put(c, pool, Sections.IpLocalPool));
    }

    private static CommandOutcome Remove(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        return Exists(c.Config, name) ? c.Done(c.Config.Without<IpLocalPool>(name)) : c.Error(AddressingMessages.PoolNotFound(name));
    }
}
