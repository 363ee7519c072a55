using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;
using Pidgin;
using static Pidgin.Parser<char>;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>object network NAME</c> and its sub-mode (reference §4.1): <c>host</c>, <c>subnet</c>,
/// <c>range</c>, <c>fqdn</c> (one of them: a new one replaces the old), <c>description</c>, and
/// the object's NAT rule, kept as written and shown in the NAT section. IPv4 and IPv6 addresses are accepted.
/// </summary>
public sealed class NetworkObjectCommands : ICommandArea
{
    /// <summary>An IPv6 address, kept as written.</summary>
    public static readonly ArgType Ipv6 = ArgType.Custom("X:X:X:X::X", "IPv6 address",
        Any.AtLeastOnceString().Assert(AceParser.IsIpv6).Select(s => (object)s));

    /// <summary>An IPv6 prefix, <c>X:X:X:X::X/&lt;0-128&gt;</c>, kept as written.</summary>
    public static readonly ArgType Ipv6Prefix = ArgType.Custom("X:X:X:X::X/<0-128>", "IPv6 prefix",
        Any.AtLeastOnceString().Assert(AceParser.IsIpv6Prefix).Select(s => (object)s));

    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["ip6"] = Ipv6,
        ["prefix6"] = Ipv6Prefix,
        ["object"] = ArgType.Word("WORD", "Object name", 64),
        ["fqdn"] = ArgType.Word("WORD", "Fully qualified domain name", 255),
    };

    public void Register(ConfigGrammar g)
    {
        g.Tree(ModeKind.Global).Add("object network <object:name>", Enter, noHandler: Delete, types: Types);

        var t = g.Tree(ModeKind.NetworkObject);
        t.Add("host (<ip:ip>|<ip6:ip6>)", c => SetValue(c, c.Args.OptIp("ip") is { } ip
                ? new ObjectHost(ip.ToString(), ip) : new ObjectHost(c.Args.Str("ip6"), null)),
            noHandler: ClearValue, types: Types);
        t.Add("subnet (<ip:net> <mask:mask>|<prefix6:prefix>)", c => c.Args.OptIp("net") is { } net
                ? SetValue(c, new ObjectSubnet(net, c.Args.Ip("mask")))
                : SetValue(c, new ObjectSubnet6(c.Args.Str("prefix"))),
            noHandler: ClearValue, types: Types);
        t.Add("range (<ip:first> <ip:last>|<ip6:first6> <ip6:last6>)", SetRange, noHandler: ClearValue, types: Types);
        t.Add("fqdn [(v4|v6):family] <fqdn:fqdn>", c => SetValue(c, new ObjectFqdn(c.Args.OptStr("family"), c.Args.Str("fqdn"))),
            noHandler: ClearValue, types: Types);
        t.Add("description <line:text>", c => Edit(c, o => o with { Description = c.Args.Str("text") }),
            noPrefix: 1, noHandler: c => Edit(c, o => o with { Description = null }));
        // Object NAT is kept, not emulated: one rule per object, a new one replaces the old.
        t.Add("nat <line:rule>", SetNat, noPrefix: 1, noHandler: c => c.Done(c.Config.Without<ObjectNat>(c.Mode.Key)));
    }

    // --- Lookups for other areas ---------------------------------------------------------------

    public static bool Exists(AsaConfig config, string name) => config.Get<NetworkObject>(name) is not null;

    public static NetworkObject? Find(AsaConfig config, string name) => config.Get<NetworkObject>(name);

    /// <summary>The object's NAT rule, as written (<c>nat (inside,outside) dynamic interface</c>).</summary>
    public static string? NatRule(AsaConfig config, string name) => config.Get<ObjectNat>(name)?.Rule;

    // --- Handlers ------------------------------------------------------------------------------

    private static CommandOutcome Enter(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var config = Exists(c.Config, name)
            ? c.Config
            : c.Config.Upsert(name, Sections.Objects, order => new NetworkObject(name) { Order = order }, o => o, c.Source);
        return c.Enter(config, new ConfigMode(ModeKind.NetworkObject, name));
    }

    private static CommandOutcome Delete(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        if (!Exists(c.Config, name)) return c.Error(AddressingMessages.ObjectNotFound(name));
        if (AccessListCommands.References(c.Config, "object", name)) return c.Error(AddressingMessages.ObjectInUse(name));
        return c.Done(c.Config.Without<NetworkObject>(name).Without<ObjectNat>(name));
    }

    private static CommandOutcome Edit(ConfigCommand c, Func<NetworkObject, NetworkObject> change)
    {
        var o = c.Config.Get<NetworkObject>(c.Mode.Key);
        return o is null ? c.Error(AddressingMessages.ObjectNotFound(c.Mode.Key)) : c.Done(c.Config.With(change(o).WithSource(c.Source)));
    }

    private static CommandOutcome SetNat(ConfigCommand c)
    {
        if (!Exists(c.Config, c.Mode.Key)) return c.Error(AddressingMessages.ObjectNotFound(c.Mode.Key));
        var rule = "nat " + c.Args.Str("rule");
        return c.Done(IdentityCommands.Put(c, new ObjectNat(c.Mode.Key, rule), Sections.Nat));
    }

    private static CommandOutcome SetValue(ConfigCommand c, NetworkObjectValue value)
    {
        if (value is ObjectSubnet s && s.Network.And(s.Mask) != s.Network)
            return c.Error(AddressingMessages.DoesNotPair(s.Network, s.Mask));
        return Edit(c, o => o with { Value = value });
    }

    private static CommandOutcome SetRange(ConfigCommand c)
    {
        if (c.Args.OptIp("first") is { } first)
        {
            var last = c.Args.Ip("last");
            if (last.CompareTo(first) < 0) return c.Error(AddressingMessages.BadRange(first, last));
            return SetValue(c, new ObjectRange(first.ToString(), last.ToString()));
        }
        return SetValue(c, new ObjectRange(c.Args.Str("first6"), c.Args.Str("last6")));
    }

    /// <summary><c>no host|subnet|range|fqdn ...</c>: clears the definition when it is the one named.</summary>
    private static CommandOutcome ClearValue(ConfigCommand c) => Edit(c, o => o with { Value = null });
}
