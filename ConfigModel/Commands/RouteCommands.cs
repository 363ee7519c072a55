using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>route NAMEIF NET MASK GATEWAY [METRIC] [track N] [tunneled]</c> (reference §4.2). The nameif
/// must exist; the same route again is answered <c>WARNING: Route already exists</c>.
/// </summary>
public sealed class RouteCommands : ICommandArea
{
    public void Register(ConfigGrammar g)
    {
        g.Tree(ModeKind.Global).Add("route <nameif:if> <ip:net> <mask:mask> <ip:gw> [<1-255:metric>] [track <1-500:track>] [tunneled]",
            Add, noPrefix: 5, noHandler: Remove);
    }

    /// <summary>The static routes, in config order.</summary>
    public static IEnumerable<StaticRoute> All(AsaConfig config) => config.All<StaticRoute>();

    /// <summary>
    /// The static route a packet to <paramref name="destination"/> takes: the longest matching prefix,
    /// then the lowest metric, then the first configured; null when none matches.
    /// </summary>
    public static StaticRoute? Lookup(AsaConfig config, Ipv4 destination) =>
        config.All<StaticRoute>()
            .Where(r => r.Matches(destination))
            .OrderByDescending(r => r.Mask.PrefixLength)
            .ThenBy(r => r.Metric)
            .FirstOrDefault();

    private static CommandOutcome Add(ConfigCommand c)
    {
        var nameIf = c.Args.Str("if");
        var net = c.Args.Ip("net");
        var mask = c.Args.Ip("mask");
        if (net.And(mask) != net) return c.Error(AddressingMessages.DoesNotPair(net, mask));
        if (c.Config.InterfaceNamed(nameIf) is null) return c.Error(AddressingMessages.NoSuchNameIf(nameIf));
        var route = new StaticRoute(nameIf, net, mask, c.Args.Ip("gw"))
        {
            Metric = (int)(c.Args.OptNum("metric") ?? StaticRoute.DefaultMetric),
            Track = c.Args.OptNum("track") is { } t ? (int)t : null,
            Tunneled = c.Args.Has("tunneled"),
        };
        if (c.Config.Get<StaticRoute>(route.Key) is { } existing
            && existing.Metric == route.Metric && existing.Track == route.Track && existing.Tunneled == route.Tunneled)
            return c.Unchanged(new Diagnostic(Severity.Warning, AddressingMessages.RouteExists));
        return c.Done(IdentityCommands.Put(c, route, Sections.Route));
    }

    private static CommandOutcome Remove(ConfigCommand c)
    {
        var key = StaticRoute.KeyOf(c.Args.Str("if"), c.Args.Ip("net"), c.Args.Ip("mask"), c.Args.Ip("gw"));
        return c.Config.Get<StaticRoute>(key) is null
            ? c.Error(AddressingMessages.RouteNotFound)
            : c.Done(c.Config.Without<StaticRoute>(key));
    }
}
