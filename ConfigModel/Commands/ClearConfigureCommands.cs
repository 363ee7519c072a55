using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;
using Pidgin;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>clear configure SECTION</c> for the sections not cleared by their own area (reference §4):
/// crypto (all of it, <c>crypto map [NAME]</c>, <c>crypto dynamic-map [NAME]</c>,
/// <c>crypto ikev1|isakmp</c>), <c>ip local pool [NAME]</c>, <c>route</c>, <c>logging</c>,
/// <c>ssh</c>, <c>telnet</c>, <c>aaa</c>, <c>pager</c>, <c>hostname</c>, <c>domain-name</c>, <c>names</c>,
/// <c>nat</c>, <c>mtu</c>, and <c>all</c> (the factory config). A section of unmodelled commands
/// (the first word of a <see cref="CommandCatalogue"/> entry) removes the kept lines that start with
/// its words, and does nothing else; any other word is refused with the caret. tunnel-group,
/// group-policy, username and access-list are cleared by their own areas.
/// </summary>
public sealed class ClearConfigureCommands : ICommandArea
{
    /// <summary>A section of kept lines: the first word of a catalogue entry; any other word gets the caret.</summary>
    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["section"] = ArgType.Custom("WORD", "Configuration section",
            Pidgin.Parser<char>.Any.AtLeastOnceString().Assert(CommandCatalogue.StartsAnEntry).Select(w => (object)w)),
    };

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        t.Add("clear configure crypto", c => c.Done(ClearCrypto(c.Config)));
        t.Add("clear configure crypto map [<word:name>]", c => c.Done(ClearNamed<CryptoMap>(c, "crypto map")));
        t.Add("clear configure crypto dynamic-map [<word:name>]", c => c.Done(ClearNamed<DynamicMap>(c, "crypto dynamic-map")));
        t.Add("clear configure crypto (ikev1|isakmp)", c => c.Done(ClearIke(c.Config)));
        t.Add("clear configure ip local pool [<word:name>]", c => c.Done(ClearNamed<IpLocalPool>(c, null)));
        t.Add("clear configure route", c => c.Done(c.Config.WithoutAll<StaticRoute>()));
        t.Add("clear configure logging", c => c.Done(Verbatim(c.Config.WithoutAll<LoggingSetting>(), "logging")));
        foreach (var protocol in new[] { "ssh", "telnet" })
            t.Add($"clear configure {protocol}", c => c.Done(ClearManagement(c.Config, protocol)));
        t.Add("clear configure aaa", c => c.Done(Verbatim(c.Config.WithoutAll<AaaAuthentication>().WithoutAll<AaaLocalMaxFail>(), "aaa")));
        t.Add("clear configure pager", c => c.Done(c.Config.WithoutAll<PagerLines>()));
        t.Add("clear configure hostname", c => c.Done(c.Config.WithoutAll<Hostname>()));
        t.Add("clear configure domain-name", c => c.Done(c.Config.WithoutAll<DomainName>()));
        t.Add("clear configure (names|name)", c => c.Done(c.Config.WithoutAll<NamesEnabled>().WithoutAll<NameEntry>()));
        t.Add("clear configure nat", c => c.Done(Verbatim(c.Config.WithoutAll<ObjectNat>(), "nat")));
        t.Add("clear configure mtu", c => c.Done(c.Config.All<Interface>().Where(i => i.Mtu != Interface.DefaultMtu)
            .Aggregate(c.Config, (config, i) => config.With(i with { Mtu = Interface.DefaultMtu }))));
        t.Add("clear configure all", c => c.Done(All(c.Config, g.Factory)));
        t.Add("clear configure <section:section> [<word:words>+]", c => c.Done(Verbatim(c.Config,
            string.Join(' ', [c.Args.Str("section"), .. c.Args.Has("words") ? c.Args.All<string>("words") : []]))), types: Types);
    }

    /// <summary>
    /// <c>clear configure all</c>: back to the factory config; the interfaces stay (they are
    /// hardware) but lose every setting and are shut down, as physical interfaces start.
    /// </summary>
    private static AsaConfig All(AsaConfig current, AsaConfig factory)
    {
        var config = factory;
        foreach (var i in current.All<Interface>())
            config = config.With(new Interface(i.Name) { Order = i.Order, Shutdown = true });
        return config.Placed(factory.LastPlaced);
    }

    private static AsaConfig ClearNamed<T>(ConfigCommand c, string? verbatim) where T : ConfigItem
    {
        var config = c.Args.OptStr("name") is { } name ? c.Config.Without<T>(name) : c.Config.WithoutAll<T>();
        return verbatim is null ? config : Verbatim(config, c.Args.OptStr("name") is { } n ? $"{verbatim} {n}" : verbatim);
    }

    private static AsaConfig ClearIke(AsaConfig config)
    {
        config = config.WithoutAll<IkePolicy>().WithoutAll<IkeEnable>().WithoutAll<NatTraversal>().WithoutAll<IsakmpIdentity>()
            .WithoutAll<AggressiveModeDisabled>().WithoutAll<IkeNegotiationLimit>();
        return Verbatim(Verbatim(config, "crypto isakmp"), "crypto ikev1");
    }

    private static AsaConfig ClearCrypto(AsaConfig config) =>
        Verbatim(ClearIke(config).WithoutAll<TransformSet>().WithoutAll<IpsecSaLifetime>().WithoutAll<DynamicMap>().WithoutAll<CryptoMap>(), "crypto");

    private static AsaConfig ClearManagement(AsaConfig config, string protocol)
    {
        foreach (var a in config.All<ManagementAccess>().Where(a => a.Protocol == protocol).ToList()) config = config.Without<ManagementAccess>(a.Key);
        foreach (var s in config.All<ManagementSetting>().Where(s => s.Protocol == protocol).ToList()) config = config.Without<ManagementSetting>(s.Key);
        return Verbatim(config, protocol);
    }

    /// <summary>Removes the kept lines (and their sub-lines) that start with <paramref name="words"/>, or with <c>no</c> and them.</summary>
    private static AsaConfig Verbatim(AsaConfig config, string words)
    {
        bool Starts(string head, string prefix) =>
            head.Equals(prefix, StringComparison.OrdinalIgnoreCase) || head.StartsWith(prefix + " ", StringComparison.OrdinalIgnoreCase);
        foreach (var block in config.All<VerbatimBlock>().Where(b => Starts(b.Key, words) || Starts(b.Key, "no " + words)).ToList())
            config = config.Without<VerbatimBlock>(block.Key);
        return config;
    }
}
