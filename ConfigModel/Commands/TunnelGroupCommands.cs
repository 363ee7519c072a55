using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>tunnel-group NAME type ...</c> and its attribute sub-modes (reference §4.5): general-attributes and
/// ipsec-attributes are modelled; webvpn-attributes and ppp-attributes are kept verbatim inside the group.
/// DefaultRAGroup, DefaultL2LGroup and DefaultWEBVPNGroup exist from the factory.
/// </summary>
public sealed class TunnelGroupCommands : ICommandArea
{
    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["psk"] = ArgType.Word("WORD", "Enter the preshared key (1-128 characters)", 128),
    };

    /// <summary>The unmodelled blocks and their prompts (reference §1.2).</summary>
    private static readonly Dictionary<string, string> BlockPrompts = new()
    {
        ["webvpn"] = "config-tunnel-webvpn",
        ["ppp"] = "config-ppp",
    };

    /// <summary>Commands of the webvpn-attributes and ppp-attributes blocks, kept verbatim.</summary>
    private static readonly string[] BlockCommands =
    [
        "authentication", "customization", "deny-message", "dns-group", "group-alias", "group-url", "hic-fail-group-policy",
        "nbns-server", "override-svc-download", "pre-fill-username", "proxy-auth", "radius-reject-message", "saml",
        "secondary", "without-csd", "relaxed-sso", "password-management", "login-message", "ssl-clientless", "anyconnect",
    ];

    public void Register(ConfigGrammar g)
    {
        var global = g.Tree(ModeKind.Global);
        global.AddVpn("tunnel-group <word:name> type (remote-access|ipsec-l2l|ipsec-ra|webvpn):type", SetType, noPrefix: 2, noHandler: Remove);
        global.AddVpn("tunnel-group <word:name> (general-attributes|ipsec-attributes|webvpn-attributes|ppp-attributes):block",
            EnterBlock, noHandler: ResetBlock);
        global.AddVpn("clear configure tunnel-group [<word:name>]", Clear);

        var general = g.Tree(ModeKind.TunnelGeneral);
        general.AddVpn("address-pool <word:pools>+", SetAddressPool, noPrefix: 1, noHandler: ClearAddressPool);
        general.AddVpn("authentication-server-group <word:words>+", SetAuthenticationGroup, noPrefix: 1, noHandler: ClearAuthenticationGroup);
        general.AddVpn("accounting-server-group <word:group>", c => EditGroup(c, t => t with { AccountingServerGroup = c.Args.Str("group") }),
            noPrefix: 1, noHandler: c => EditGroup(c, t => t with { AccountingServerGroup = null }));
        general.AddVpn("default-group-policy <word:policy>", SetDefaultGroupPolicy, noPrefix: 1,
            noHandler: c => EditGroup(c, t => t with { DefaultGroupPolicy = null }));
        g.KeepExtras(ModeKind.TunnelGeneral, TunnelGroup.GeneralRanks.KeptFirstWords, (config, mode, _, child, source, _) =>
            KeepIn(config, mode, source, child, TunnelGroup.GeneralRanks, t => t.GeneralExtras, (t, e) => t with { GeneralExtras = e }));

        var ipsec = g.Tree(ModeKind.TunnelIpsec);
        foreach (var spec in new[] { "pre-shared-key <psk:key>", "ikev1 pre-shared-key <psk:key>" })
            ipsec.AddVpn(spec, c => EditGroup(c, t => t with { PreSharedKey = c.Args.Str("key") }),
                noPrefix: spec.StartsWith("ikev1", StringComparison.Ordinal) ? 2 : 1,
                noHandler: c => EditGroup(c, t => t with { PreSharedKey = null }), types: Types);
        ipsec.AddVpn("ikev2 (local-authentication|remote-authentication):side pre-shared-key [(0|8|hex):format] [<psk:key>]", SetIkev2Key,
            noPrefix: 3, noHandler: c => EditGroup(c, t => c.Args.Str("side") == "local-authentication" ? t with { Ikev2LocalKey = null } : t with { Ikev2RemoteKey = null }),
            types: Types);
        // The other IKEv2 authentication methods (certificate, EAP) are kept as typed.
        ipsec.AddVpn("ikev2 (local-authentication|remote-authentication):side (certificate|eap):method [<line:rest>]", KeepIkev2Authentication,
            noPrefix: 3, noHandler: KeepIkev2Authentication);
        ipsec.AddVpn("isakmp keepalive threshold <10-3600:threshold> retry <2-10:retry>",
            c => EditGroup(c, t => t with { Keepalive = new IsakmpKeepalive(false, c.Args.Num("threshold"), c.Args.Num("retry")) }),
            noPrefix: 2, noHandler: c => EditGroup(c, t => t with { Keepalive = null }));
        ipsec.AddVpn("isakmp keepalive disable", c => EditGroup(c, t => t with { Keepalive = new IsakmpKeepalive(true, 0, 0) }),
            noPrefix: 2, noHandler: c => EditGroup(c, t => t with { Keepalive = null }));
        foreach (var words in new[] { "ikev1 user-authentication", "isakmp ikev1-user-authentication" })
            ipsec.AddVpn($"{words} [<word:if>] (none|xauth|hybrid):mode", SetUserAuthentication,
                noPrefix: 2, noHandler: ClearUserAuthentication);
        ipsec.AddVpn("peer-id-validate (req|cert|nocheck):mode", c => EditGroup(c, t => t with { PeerIdValidate = c.Args.Str("mode") }),
            noPrefix: 1, noHandler: c => EditGroup(c, t => t with { PeerIdValidate = null }));
        g.KeepExtras(ModeKind.TunnelIpsec, TunnelGroup.IpsecRanks.KeptFirstWords, (config, mode, _, child, source, _) =>
            KeepIn(config, mode, source, child, TunnelGroup.IpsecRanks, t => t.IpsecExtras, (t, e) => t with { IpsecExtras = e }));

        g.KeepExtras(ModeKind.TunnelAttributes, BlockCommands, KeepBlockLine);
    }

    public AsaConfig FactoryDefaults(AsaConfig config)
    {
        foreach (var (name, type) in TunnelGroup.BuiltIns)
        {
            var (next, order) = config.Allocate(Sections.TunnelGroup);
            config = next.With(new TunnelGroup(name, type) { BuiltIn = true, Order = order });
        }
        return config;
    }

    private static CommandOutcome SetType(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var typed = c.Args.Str("type");
        var type = typed == "ipsec-ra" ? TunnelGroup.RemoteAccess : typed;
        var notes = new List<Diagnostic>();
        if (typed == "ipsec-ra") notes.Add(new Diagnostic(Severity.Warning, VpnMessages.IpsecRaDeprecated));
        var existing = c.Config.Get<TunnelGroup>(name);
        // A built-in group's type line is accepted as it is (9.x prints DefaultWEBVPNGroup as remote-access).
        if (existing is not null)
            return existing.Type == type || existing.BuiltIn ? c.Unchanged([.. notes]) : c.Error(VpnMessages.TunnelGroupTypeChange(name));
        if (type == TunnelGroup.LanToLan && !ArgType.Ip.TryParse(name, out _) && !name.Contains(':'))
            notes.Add(new Diagnostic(Severity.Warning, VpnMessages.LanToLanNotNamedByAddress));
        var (config, order) = c.Config.Allocate(Sections.TunnelGroup);
        return c.Done(config.With(new TunnelGroup(name, type) { Order = order, Sources = [c.Source] }), [.. notes]);
    }

    private static CommandOutcome Remove(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var group = c.Config.Get<TunnelGroup>(name);
        if (group is null) return c.Unchanged();
        return group.BuiltIn ? c.Error(VpnMessages.BuiltInTunnelGroup(name)) : c.Done(c.Config.Without<TunnelGroup>(name));
    }

    private static CommandOutcome Clear(ConfigCommand c)
    {
        var name = c.Args.OptStr("name");
        var config = c.Config;
        foreach (var t in config.All<TunnelGroup>().Where(t => name is null || t.Name == name).ToList())
            config = t.BuiltIn
                ? config.With(new TunnelGroup(t.Name, t.Type) { BuiltIn = true, Order = t.Order })
                : config.Without<TunnelGroup>(t.Name);
        return c.Done(config);
    }

    private static string BlockKind(ConfigCommand c) => c.Args.Str("block")[..^"-attributes".Length];

    private static CommandOutcome EnterBlock(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        if (c.Config.Get<TunnelGroup>(name) is null) return c.Error(VpnMessages.TunnelGroupNotFound(name));
        var kind = BlockKind(c);
        return kind switch
        {
            "general" => c.Enter(c.Config, new ConfigMode(ModeKind.TunnelGeneral, name)),
            "ipsec" => c.Enter(c.Config, new ConfigMode(ModeKind.TunnelIpsec, name)),
            _ => c.Enter(c.Config, new ConfigMode(ModeKind.TunnelAttributes, name, BlockPrompts[kind])),
        };
    }

    /// <summary><c>no tunnel-group NAME KIND-attributes</c>: the block back to its defaults.</summary>
    private static CommandOutcome ResetBlock(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        if (c.Config.Get<TunnelGroup>(name) is not { } t) return c.Error(VpnMessages.TunnelGroupNotFound(name));
        var kind = BlockKind(c);
        var reset = kind switch
        {
            "general" => t with { AddressPools = [], AuthenticationServerGroups = [], AccountingServerGroup = null, DefaultGroupPolicy = null, GeneralExtras = [] },
            "ipsec" => t with { PreSharedKey = null, Keepalive = null, PeerIdValidate = null, UserAuthentications = [], IpsecExtras = [] },
            _ => t with { OtherBlocks = t.OtherBlocks.RemoveAll(b => b.Kind == kind) },
        };
        return c.Done(c.Config.With(reset));
    }

    private static CommandOutcome SetIkev2Key(ConfigCommand c)
    {
        var format = c.Args.OptStr("format");
        var text = c.Args.OptStr("key") ?? "";
        if (format == "hex" && (text.Length == 0 || !text.All(char.IsAsciiHexDigit)))
            return c.Error("Invalid hex key"); // [M] wording
        var key = new Ikev2PreSharedKey(format, text);
        return EditGroup(c, t => c.Args.Str("side") == "local-authentication" ? t with { Ikev2LocalKey = key } : t with { Ikev2RemoteKey = key });
    }

    private static CommandOutcome KeepIkev2Authentication(ConfigCommand c) =>
        KeepIn(c.Config, c.Mode, c.Source, child: false, TunnelGroup.IpsecRanks, t => t.IpsecExtras, (t, e) => t with { IpsecExtras = e }) is { } kept
            ? c.Done(kept)
            : c.Error(VpnMessages.TunnelGroupNotFound(c.Mode.Key));

    private static CommandOutcome EditGroup(ConfigCommand c, Func<TunnelGroup, TunnelGroup> change, params Diagnostic[] notes)
    {
        var t = c.Config.Get<TunnelGroup>(c.Mode.Key);
        return t is null ? c.Error(VpnMessages.TunnelGroupNotFound(c.Mode.Key)) : c.Done(c.Config.With(change(t).WithSource(c.Source)), notes);
    }

    /// <summary>Splits <c>[(IF)] rest...</c>.</summary>
    private static (string? Interface, IReadOnlyList<string> Words) Scoped(IReadOnlyList<string> words)
    {
        if (words.Count > 0 && words[0].Length > 2 && words[0][0] == '(' && words[0][^1] == ')')
            return (words[0][1..^1], words.Skip(1).ToList());
        return (null, words);
    }

    private static CommandOutcome SetAddressPool(ConfigCommand c)
    {
        var (nameIf, pools) = Scoped(c.Args.All<string>("pools"));
        if (pools.Count == 0) return c.Error("% Incomplete command");
        if (pools.Count > 6) return c.Error(VpnMessages.TooManyPools(6));
        var entry = new PoolAssignment(nameIf, [.. pools]);
        // Like a missing group-policy, a missing pool is a WARNING: a pasted config may define it later [M].
        var notes = pools.Distinct().Where(p => !PoolCommands.Exists(c.Config, p))
            .Select(p => new Diagnostic(Severity.Warning, AddressingMessages.PoolNotFound(p))).ToArray();
        return EditGroup(c, t => t with { AddressPools = Replace(t.AddressPools, p => p.Interface == nameIf, entry) }, notes);
    }

    private static CommandOutcome ClearAddressPool(ConfigCommand c)
    {
        var (nameIf, _) = Scoped(c.Args.All<string>("pools"));
        return EditGroup(c, t => t with { AddressPools = t.AddressPools.RemoveAll(p => p.Interface == nameIf) });
    }

    private static CommandOutcome SetAuthenticationGroup(ConfigCommand c)
    {
        var (nameIf, words) = Scoped(c.Args.All<string>("words"));
        if (words.Count == 0) return c.Error("% Incomplete command");
        var local = words.Count == 2 && words[1] == "LOCAL";
        if (words.Count > 2 || words.Count == 2 && !local) return c.Error(VpnMessages.InvalidInput);
        var entry = new ServerGroupAssignment(nameIf, words[0], local);
        return EditGroup(c, t => t with { AuthenticationServerGroups = Replace(t.AuthenticationServerGroups, g => g.Interface == nameIf, entry) });
    }

    private static CommandOutcome ClearAuthenticationGroup(ConfigCommand c)
    {
        var (nameIf, _) = Scoped(c.Args.All<string>("words"));
        return EditGroup(c, t => t with { AuthenticationServerGroups = t.AuthenticationServerGroups.RemoveAll(g => g.Interface == nameIf) });
    }

    private static CommandOutcome SetUserAuthentication(ConfigCommand c)
    {
        var (nameIf, rest) = Scoped(c.Args.OptStr("if") is { } word ? [word] : []);
        if (rest.Count > 0) return c.Error(VpnMessages.InvalidInput);
        var entry = new UserAuthentication(nameIf, c.Args.Str("mode"));
        return EditGroup(c, t => t with { UserAuthentications = Replace(t.UserAuthentications, u => u.Interface == nameIf, entry) });
    }

    private static CommandOutcome ClearUserAuthentication(ConfigCommand c)
    {
        var (nameIf, _) = Scoped(c.Args.OptStr("if") is { } word ? [word] : []);
        return EditGroup(c, t => t with { UserAuthentications = t.UserAuthentications.RemoveAll(u => u.Interface == nameIf) });
    }

    private static ImmutableList<T> Replace<T>(ImmutableList<T> list, Predicate<T> same, T item)
    {
        var index = list.FindIndex(same);
        return index < 0 ? list.Add(item) : list.SetItem(index, item);
    }

    private static CommandOutcome SetDefaultGroupPolicy(ConfigCommand c)
    {
        var policy = c.Args.Str("policy");
        var notes = GroupPolicyCommands.Exists(c.Config, policy)
            ? Array.Empty<Diagnostic>()
            : [new Diagnostic(Severity.Warning, VpnMessages.ReferencedPolicyNotFound(policy))];
        return EditGroup(c, t => t with { DefaultGroupPolicy = policy }, notes);
    }

    private static AsaConfig? KeepIn(AsaConfig config, ConfigMode mode, SourceRef source, bool child, AttributeOrder ranks,
        Func<TunnelGroup, ImmutableList<ExtraLine>> get, Func<TunnelGroup, ImmutableList<ExtraLine>, TunnelGroup> set)
    {
        if (config.Get<TunnelGroup>(mode.Key) is not { } t) return null;
        var (next, seq) = config.NewSeq();
        var extras = ranks.Keep(get(t), seq, AttributeOrder.Verbatim(source, child), child);
        return extras is null ? null : next.With(set(t, extras).WithSource(source));
    }

    private static AsaConfig? KeepBlockLine(AsaConfig config, ConfigMode mode, string _, bool child, SourceRef source, string previous)
    {
        if (config.Get<TunnelGroup>(mode.Key) is not { } t) return null;
        var kind = BlockPrompts.FirstOrDefault(p => p.Value == mode.VerbatimPrompt).Key;
        if (kind is null) return null;
        var text = AttributeOrder.Verbatim(source, child);
        var block = t.OtherBlocks.FirstOrDefault(b => b.Kind == kind) ?? new AttributeBlock(kind, []);
        var lines = child ? block.Lines.Add(text) : AttributeOrder.KeepLine(block.Lines, text, l => l, l => l);
        var blocks = Replace(t.OtherBlocks, b => b.Kind == kind, block with { Lines = lines });
        return config.With((t with { OtherBlocks = blocks }).WithSource(source));
    }
}
