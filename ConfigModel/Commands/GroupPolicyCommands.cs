using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>group-policy NAME internal|external ...</c> and the <c>group-policy NAME attributes</c> sub-mode
/// (reference §4.6). DfltGrpPolicy exists from the factory and cannot be deleted.
/// </summary>
public sealed class GroupPolicyCommands : ICommandArea
{
    /// <summary>Hook: whether an access-list exists (ACLs are another area's); see <see cref="PolicyAttributeCommands.AclExists"/>.</summary>
    public static Func<AsaConfig, string, bool> AclExists
    {
        get => PolicyAttributeCommands.AclExists;
        set => PolicyAttributeCommands.AclExists = value;
    }

    public void Register(ConfigGrammar g)
    {
        var global = g.Tree(ModeKind.Global);
        global.AddVpn("group-policy <word:name> internal", SetInternal, noPrefix: 2, noHandler: Remove);
        global.AddVpn("group-policy <word:name> external server-group <word:group> [password <word:pw>]", SetExternal, noPrefix: 2, noHandler: Remove);
        global.AddVpn("group-policy <word:name> attributes", EnterAttributes, noHandler: ResetAttributes);
        global.AddVpn("clear configure group-policy [<word:name>]", Clear);

        PolicyAttributeCommands.Register(g.Tree(ModeKind.GroupPolicy), Edit);
        g.KeepExtras(ModeKind.GroupPolicy, GroupPolicy.Ranks.KeptFirstWords, (config, mode, _, child, source, _) =>
        {
            if (config.Get<GroupPolicy>(mode.Key) is not { } policy) return null;
            var (next, seq) = config.NewSeq();
            var extras = GroupPolicy.Ranks.Keep(policy.Extras, seq, AttributeOrder.Verbatim(source, child), child);
            return extras is null ? null : next.With((policy with { Extras = extras }).WithSource(source));
        });
    }

    public AsaConfig FactoryDefaults(AsaConfig config)
    {
        var (next, order) = config.Allocate(Sections.GroupPolicy);
        return next.With(new GroupPolicy(GroupPolicy.DefaultName) { Order = order });
    }

    public static bool Exists(AsaConfig config, string name) => config.Get<GroupPolicy>(name) is not null;

    private static CommandOutcome SetInternal(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        return c.Done(c.Config.Upsert(name, Sections.GroupPolicy, order => new GroupPolicy(name) { Order = order },
            p => p with { ExternalServerGroup = null, ExternalPassword = null }, c.Source));
    }

    private static CommandOutcome SetExternal(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        if (name == GroupPolicy.DefaultName) return c.Error(VpnMessages.InvalidInput);
        return c.Done(c.Config.Upsert(name, Sections.GroupPolicy, order => new GroupPolicy(name) { Order = order },
            p => p with { ExternalServerGroup = c.Args.Str("group"), ExternalPassword = c.Args.OptStr("pw") }, c.Source));
    }

    private static CommandOutcome EnterAttributes(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        return Exists(c.Config, name)
            ? c.Enter(c.Config, new ConfigMode(ModeKind.GroupPolicy, name))
            : c.Error(VpnMessages.GroupPolicyNotFound(name));
    }

    private static CommandOutcome ResetAttributes(ConfigCommand c) =>
        c.Config.Get<GroupPolicy>(c.Args.Str("name")) is { } p
            ? c.Done(c.Config.With(p with { Attributes = PolicyAttributes.Empty, Extras = [] }))
            : c.Unchanged();

    private static CommandOutcome Remove(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        if (name == GroupPolicy.DefaultName) return c.Error(VpnMessages.BuiltInGroupPolicy(name));
        return c.Done(c.Config.Without<GroupPolicy>(name));
    }

    private static CommandOutcome Clear(ConfigCommand c)
    {
        var name = c.Args.OptStr("name");
        var config = c.Config;
        foreach (var p in config.All<GroupPolicy>().Where(p => name is null || p.Name == name).ToList())
            config = p.BuiltIn
                ? config.With(new GroupPolicy(p.Name) { Order = p.Order })
                : config.Without<GroupPolicy>(p.Name);
        return c.Done(config);
    }

    private static CommandOutcome Edit(ConfigCommand c, Func<PolicyAttributes, PolicyAttributes> change, Diagnostic[] notes)
    {
        var p = c.Config.Get<GroupPolicy>(c.Mode.Key);
        if (p is null) return c.Error(VpnMessages.GroupPolicyNotFound(c.Mode.Key));
        return c.Done(c.Config.With((p with { Attributes = change(p.Attributes) }).WithSource(c.Source)), notes);
    }
}
