using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// AAA server groups and their servers (reference §4.1): <c>aaa-server NAME protocol P</c> enters
/// <c>config-aaa-server-group</c> (<c>max-failed-attempts</c>, <c>reactivation-mode</c>, <c>accounting-mode</c>);
/// <c>aaa-server NAME [(IF)] host ADDR [KEY] [timeout N]</c> enters <c>config-aaa-server-host</c> (<c>key</c>,
/// <c>timeout</c>, <c>retry-interval</c>, <c>authentication-port</c>, <c>accounting-port</c>, <c>server-port</c>).
/// The other lines of both sub-modes (LDAP, SDI, Kerberos settings, ...) are kept verbatim in their place.
/// A server line for a group with no protocol line yet makes the group without one (some saved configs
/// carry such lines) rather than losing the line.
/// </summary>
public sealed class AaaServerCommands : ICommandArea
{
    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["ifname"] = ArgType.Custom("(WORD)", "Name of interface, in parentheses",
            Char('(').Then(AnyCharExcept(')').AtLeastOnceString()).Before(Char(')')).Assert(s => s.Length <= 48).Select(s => (object)s)),
        ["server"] = ArgType.Custom("WORD", "IP address or name of the server",
            Try(ArgType.Ipv4Parser.Select(a => (object)a.ToString()))
                .Or(OneOf(LetterOrDigit, Char('.'), Char('-'), Char('_')).AtLeastOnceString()
                    .Assert(s => s.Length <= 128 && s.Any(char.IsLetter)).Select(s => (object)s))),
        ["key"] = ArgType.Word("WORD", "Server secret (up to 127 characters)", 127),
    };

    public void Register(ConfigGrammar g)
    {
        var help = AaaServerMessages.Help;
        var global = g.Tree(ModeKind.Global);
        global.Add($"aaa-server <word:name> protocol ({string.Join('|', AaaServerGroup.Protocols)}):protocol", SetProtocol,
            noPrefix: 2, noHandler: RemoveGroup, help: help, types: Types);
        global.Add("aaa-server <word:name> [<ifname:if>] host <server:address> [<key:key>] [timeout <1-300:seconds>]", SetHost,
            noHandler: RemoveHost, help: help, types: Types);
        global.Add("clear configure aaa-server [<word:name>]", Clear, help: help);

        var group = g.Tree(ModeKind.AaaServerGroup);
        group.Add($"max-failed-attempts <{AaaServerGroup.MinMaxFailedAttempts}-{AaaServerGroup.MaxMaxFailedAttempts}:attempts>",
            c => EditGroup(c, x => x with { MaxFailedAttempts = (int)c.Args.Num("attempts") }),
            noPrefix: 1, noHandler: c => EditGroup(c, x => x with { MaxFailedAttempts = null }), help: help);
        group.Add($"reactivation-mode depletion [deadtime <0-{AaaServerGroup.MaxDeadtime}:minutes>]",
            c => EditGroup(c, x => x with { Reactivation = ReactivationMode.Depletion, Deadtime = (int?)c.Args.OptNum("minutes") }),
            noPrefix: 1, noHandler: c => EditGroup(c, x => x with { Reactivation = null, Deadtime = null }), help: help);
        group.Add("reactivation-mode timed", c => EditGroup(c, x => x with { Reactivation = ReactivationMode.Timed, Deadtime = null }),
            noPrefix: 1, noHandler: c => EditGroup(c, x => x with { Reactivation = null, Deadtime = null }), help: help);
        group.Add("accounting-mode (single|simultaneous):mode", c => EditGroup(c, x => x with { AccountingMode = c.Args.Str("mode") }),
            noPrefix: 1, noHandler: c => EditGroup(c, x => x with { AccountingMode = null }), help: help);
        g.KeepExtras(ModeKind.AaaServerGroup, AaaServerGroup.Ranks.KeptFirstWords, KeepGroupLine);

        var host = g.Tree(ModeKind.AaaServerHost);
        host.Add("key <key:key>", c => EditHost(c, h => h with { Key = c.Args.Str("key") }),
            noPrefix: 1, noHandler: c => EditHost(c, h => h with { Key = null }), help: help, types: Types);
        AddNumber(host, "timeout", AaaServerHost.MinTimeout, AaaServerHost.MaxTimeout, (h, v) => h with { Timeout = v });
        AddNumber(host, "retry-interval", AaaServerHost.MinRetryInterval, AaaServerHost.MaxRetryInterval, (h, v) => h with { RetryInterval = v });
        AddNumber(host, "authentication-port", 1, 65535, (h, v) => h with { AuthenticationPort = v });
        AddNumber(host, "accounting-port", 1, 65535, (h, v) => h with { AccountingPort = v });
        AddNumber(host, "server-port", 1, 65535, (h, v) => h with { ServerPort = v });
        g.KeepExtras(ModeKind.AaaServerHost, AaaServerHost.Ranks.KeptFirstWords, KeepHostLine);
    }

    private static void AddNumber(CommandTree<ConfigHandler> tree, string word, int min, int max, Func<AaaServerHost, int?, AaaServerHost> set) =>
        tree.Add($"{word} <{min}-{max}:value>", c => EditHost(c, h => set(h, (int)c.Args.Num("value"))),
            noPrefix: 1, noHandler: c => EditHost(c, h => set(h, null)), help: AaaServerMessages.Help);

    /// <summary>The group's key in <see cref="ConfigMode.Key"/> of the host sub-mode, and the server's address after a blank.</summary>
    public static ConfigMode HostMode(string group, string address) => new(ModeKind.AaaServerHost, $"{group} {address}");

    private static (string Group, string Address) OfHostMode(ConfigMode mode)
    {
        var space = mode.Key.IndexOf(' ');
        return (mode.Key[..space], mode.Key[(space + 1)..]);
    }

    private static CommandOutcome SetProtocol(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var protocol = c.Args.Str("protocol");
        if (name.Equals("LOCAL", StringComparison.OrdinalIgnoreCase)) return c.Error(AaaServerMessages.ReservedName(name));
        var existing = c.Config.Get<AaaServerGroup>(name);
        if (existing is { Protocol: { } had } && had != protocol) return c.Error(AaaServerMessages.ProtocolChange(name, had));
        if (existing is null && c.Config.Count<AaaServerGroup>() >= AaaServerGroup.MaxGroups) return c.Error(AaaServerMessages.TooManyGroups);
        var config = c.Config.Upsert(name, Sections.AaaServer, order => new AaaServerGroup(name) { Order = order },
            x => x with { Protocol = protocol }, c.Source);
        return c.Enter(config, new ConfigMode(ModeKind.AaaServerGroup, name));
    }

    private static CommandOutcome RemoveGroup(ConfigCommand c) => c.Done(c.Config.Without<AaaServerGroup>(c.Args.Str("name")));

    private static CommandOutcome SetHost(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var address = c.Args.Str("address");
        var nameIf = c.Args.OptStr("if");
        if (name.Equals("LOCAL", StringComparison.OrdinalIgnoreCase)) return c.Error(AaaServerMessages.ReservedName(name));
        if (nameIf is not null && c.Config.InterfaceNamed(nameIf) is null) return c.Error(AddressingMessages.NoSuchNameIf(nameIf));
        var group = c.Config.Get<AaaServerGroup>(name);
        if (group is null && c.Config.Count<AaaServerGroup>() >= AaaServerGroup.MaxGroups) return c.Error(AaaServerMessages.TooManyGroups);
        var existing = group?.Host(address);
        if (existing is null && group?.Hosts.Count >= AaaServerGroup.MaxHosts) return c.Error(AaaServerMessages.TooManyHosts(name));
        var host = (existing ?? new AaaServerHost(address, nameIf)) with { Interface = nameIf };
        if (c.Args.OptStr("key") is { } key) host = host with { Key = key };
        if (c.Args.OptNum("seconds") is { } seconds) host = host with { Timeout = (int)seconds };
        host = WithSource(host, c.Source);
        var config = c.Config.Upsert(name, Sections.AaaServer, order => new AaaServerGroup(name) { Order = order },
            x => x with { Hosts = Replace(x.Hosts, host) }, c.Source);
        return c.Enter(config, HostMode(name, host.Address));
    }

    private static CommandOutcome RemoveHost(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var address = c.Args.Str("address");
        if (c.Config.Get<AaaServerGroup>(name) is not { } group) return c.Error(AaaServerMessages.GroupNotFound(name));
        if (group.Host(address) is not { } host) return c.Error(AaaServerMessages.NotAMember(address, name));
        return c.Done(c.Config.With(group with { Hosts = group.Hosts.Remove(host) }));
    }

    private static CommandOutcome Clear(ConfigCommand c) =>
        c.Done(c.Args.OptStr("name") is { } name ? c.Config.Without<AaaServerGroup>(name) : c.Config.WithoutAll<AaaServerGroup>());

    private static ImmutableList<AaaServerHost> Replace(ImmutableList<AaaServerHost> hosts, AaaServerHost host)
    {
        var index = hosts.FindIndex(h => string.Equals(h.Address, host.Address, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? hosts.Add(host) : hosts.SetItem(index, host);
    }

    private static AaaServerHost WithSource(AaaServerHost host, SourceRef source) =>
        host with { Sources = host.Sources.Count > 32 ? host.Sources.RemoveAt(0).Add(source) : host.Sources.Add(source) };

    private static CommandOutcome EditGroup(ConfigCommand c, Func<AaaServerGroup, AaaServerGroup> change) =>
        c.Config.Get<AaaServerGroup>(c.Mode.Key) is { } group
            ? c.Done(c.Config.With(change(group).WithSource(c.Source)))
            : c.Error(AaaServerMessages.GroupNotFound(c.Mode.Key));

    private static CommandOutcome EditHost(ConfigCommand c, Func<AaaServerHost, AaaServerHost> change)
    {
        var (name, address) = OfHostMode(c.Mode);
        if (c.Config.Get<AaaServerGroup>(name) is not { } group) return c.Error(AaaServerMessages.GroupNotFound(name));
        if (group.Host(address) is not { } host) return c.Error(AaaServerMessages.NotAMember(address, name));
        return c.Done(c.Config.With(group with { Hosts = Replace(group.Hosts, WithSource(change(host), c.Source)) }));
    }

    private static AsaConfig? KeepGroupLine(AsaConfig config, ConfigMode mode, string _, bool child, SourceRef source, string previous)
    {
        if (config.Get<AaaServerGroup>(mode.Key) is not { } group) return null;
        var (next, seq) = config.NewSeq();
        var extras = AaaServerGroup.Ranks.Keep(group.Extras, seq, AttributeOrder.Verbatim(source, child), child);
        return extras is null ? null : next.With((group with { Extras = extras }).WithSource(source));
    }

    private static AsaConfig? KeepHostLine(AsaConfig config, ConfigMode mode, string _, bool child, SourceRef source, string previous)
    {
        var (name, address) = OfHostMode(mode);
        if (config.Get<AaaServerGroup>(name) is not { } group || group.Host(address) is not { } host) return null;
        var (next, seq) = config.NewSeq();
        var extras = AaaServerHost.Ranks.Keep(host.Extras, seq, AttributeOrder.Verbatim(source, child), child);
        return extras is null ? null : next.With(group with { Hosts = Replace(group.Hosts, WithSource(host with { Extras = extras }, source)) });
    }
}
