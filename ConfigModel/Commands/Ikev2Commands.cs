using System.Collections.Immutable;
using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;
using Pidgin;
using static Pidgin.Parser<char>;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// IKEv2 (9.x): <c>crypto ikev2 policy</c> and its sub-mode, <c>crypto ikev2 enable</c>, the global IKEv2
/// settings (negotiation limit, cookie challenge, fragmentation) and the IPsec proposals,
/// <c>crypto ipsec ikev2 ipsec-proposal</c> and its sub-mode. Algorithm lists take any number of the
/// ASA's keywords and are stored in the order show run prints them.
/// </summary>
public sealed class Ikev2Commands : ICommandArea
{
    /// <summary><c>?</c> help for the keywords this area adds [M wording].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["ikev2"] = "Configure IKEv2 policy",
        ["policy"] = "Set IKEv2 policy suite",
        ["enable"] = "Enable IKEv2 on the specified interface",
        ["client-services"] = "Enable IKEv2 client services on the specified interface",
        ["port"] = "Specify the TCP port for client services",
        ["limit"] = "Set limits on IKEv2 negotiations",
        ["max-in-negotiation-sa"] = "Limit the number of IKEv2 SAs in negotiation",
        ["cookie-challenge"] = "Set the threshold of SAs in negotiation at which cookies are challenged",
        ["fragmentation"] = "Configure IKEv2 fragmentation",
        ["mtu"] = "Set the MTU of IKEv2 fragments",
        ["preferred-method"] = "Set the preferred fragmentation method",
        ["encryption"] = "Set encryption algorithm",
        ["integrity"] = "Set integrity algorithm",
        ["group"] = "Set the Diffie-Hellman group",
        ["prf"] = "Set pseudo-random function",
        ["lifetime"] = "Set lifetime for IKEv2 security association",
        ["seconds"] = "Specify the lifetime in seconds",
        ["ipsec-proposal"] = "Configure an IPsec proposal for IKEv2",
        ["protocol"] = "Set the protocol of the proposal",
        ["esp"] = "Encapsulating Security Payload",
    };

    private static ArgType OneOf(ImmutableArray<string> words, string help) =>
        ArgType.Custom(string.Join("|", words), help, Any.AtLeastOnceString().Assert(words.Contains).Select(s => (object)s));

    private static readonly Dictionary<string, ArgType> Types = new(CommandSpec.DefaultTypes)
    {
        ["encryption"] = OneOf(Ikev2Algorithms.PolicyEncryption, "Encryption algorithm"),
        ["integrity"] = OneOf(Ikev2Algorithms.PolicyIntegrity, "Integrity algorithm"),
        ["prf"] = OneOf(Ikev2Algorithms.PolicyPrf, "Pseudo-random function"),
        ["group"] = OneOf(Ikev2Algorithms.PolicyGroups, "Diffie-Hellman group"),
        ["espenc"] = OneOf(Ikev2Algorithms.EspEncryption, "ESP encryption algorithm"),
        ["espint"] = OneOf(Ikev2Algorithms.EspIntegrity, "ESP integrity algorithm"),
    };

    private static void Add(CommandTree<ConfigHandler> tree, string spec, ConfigHandler handler, int? noPrefix = null, ConfigHandler? noHandler = null) =>
        tree.Add(spec, handler, noPrefix, noHandler, Help, Types);

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        Add(t, "crypto ikev2 policy <1-65535:priority>", EnterPolicy,
            noHandler: c => c.Done(c.Config.Without<Ikev2Policy>(Priority(c))));
        Add(t, "crypto ikev2 enable <nameif:if> [client-services [port <1-65535:port>]]", Enable,
            noPrefix: 4, noHandler: c => c.Done(c.Config.Without<Ikev2Enable>(c.Args.Str("if"))));
        // [M] ranges.
        Add(t, "crypto ikev2 limit max-in-negotiation-sa <1-100:limit>",
            c => c.Done(IdentityCommands.Put(c, new Ikev2NegotiationLimit(c.Args.Num("limit")), Sections.Ikev2)),
            noPrefix: 4, noHandler: c => c.Done(c.Config.Without<Ikev2NegotiationLimit>()));
        Add(t, "crypto ikev2 cookie-challenge <0-100:percent>", SetCookieChallenge,
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<Ikev2CookieChallenge>()));
        Add(t, "crypto ikev2 fragmentation", c => EditFragmentation(c, f => f with { Enabled = true }),
            noHandler: c => EditFragmentation(c, f => f with { Enabled = false }));
        Add(t, "crypto ikev2 fragmentation mtu <68-1500:mtu>", c => EditFragmentation(c, f => f with { Mtu = c.Args.Num("mtu") }),
            noPrefix: 4, noHandler: c => EditFragmentation(c, f => f with { Mtu = Ikev2Fragmentation.DefaultMtu }));
        Add(t, "crypto ikev2 fragmentation preferred-method (ietf|cisco):method",
            c => EditFragmentation(c, f => f with { PreferredMethod = c.Args.Str("method") }),
            noPrefix: 4, noHandler: c => EditFragmentation(c, f => f with { PreferredMethod = Ikev2Fragmentation.DefaultMethod }));

        var p = g.Tree(ModeKind.Ikev2Policy);
        Add(p, "encryption <encryption:alg>+", c => EditPolicy(c, x => x with { Encryption = Ikev2Algorithms.Canonical(c.Args.All<string>("alg"), Ikev2Algorithms.PolicyEncryption) }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Encryption = Ikev2Policy.DefaultEncryption }));
        Add(p, "integrity <integrity:alg>+", c => EditPolicy(c, x => x with { Integrity = Ikev2Algorithms.Canonical(c.Args.All<string>("alg"), Ikev2Algorithms.PolicyIntegrity) }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Integrity = Ikev2Policy.DefaultIntegrity }));
        Add(p, "prf <prf:alg>+", c => EditPolicy(c, x => x with { Prf = Ikev2Algorithms.Canonical(c.Args.All<string>("alg"), Ikev2Algorithms.PolicyPrf) }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Prf = Ikev2Policy.DefaultPrf }));
        Add(p, "group <group:g>+", c => EditPolicy(c, x => x with { Groups = [.. c.Args.All<string>("g").Distinct().Select(g => int.Parse(g, CultureInfo.InvariantCulture))] }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Groups = Ikev2Policy.DefaultGroups }));
        Add(p, "lifetime (seconds <120-2147483647:seconds>|none)", c => EditPolicy(c, x => x with { Lifetime = c.Args.OptNum("seconds") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Lifetime = Ikev2Policy.DefaultLifetime }));

        Add(t, "crypto ipsec ikev2 ipsec-proposal <word:name>", EnterProposal,
            noHandler: c => c.Done(c.Config.Without<Ikev2IpsecProposal>(c.Args.Str("name"))));
        var q = g.Tree(ModeKind.Ikev2IpsecProposal);
        Add(q, "protocol esp encryption <espenc:alg>+",
            c => EditProposal(c, x => x with { Encryption = Ikev2Algorithms.Canonical(c.Args.All<string>("alg"), Ikev2Algorithms.EspEncryption) }),
            noPrefix: 3, noHandler: c => EditProposal(c, x => x with { Encryption = [] }));
        Add(q, "protocol esp integrity <espint:alg>+",
            c => EditProposal(c, x => x with { Integrity = Ikev2Algorithms.Canonical(c.Args.All<string>("alg"), Ikev2Algorithms.EspIntegrity) }),
            noPrefix: 3, noHandler: c => EditProposal(c, x => x with { Integrity = [] }));
    }

    private static string Priority(ConfigCommand c) => c.Args.Num("priority").ToString(CultureInfo.InvariantCulture);

    private static CommandOutcome EnterPolicy(ConfigCommand c)
    {
        var key = Priority(c);
        var config = c.Config.Get<Ikev2Policy>(key) is null
            ? c.Config.With(new Ikev2Policy((int)c.Args.Num("priority")) { Order = Ikev2Policy.OrderFor((int)c.Args.Num("priority")), Sources = [c.Source] })
            : c.Config;
        return c.Enter(config, new ConfigMode(ModeKind.Ikev2Policy, key));
    }

    private static CommandOutcome EditPolicy(ConfigCommand c, Func<Ikev2Policy, Ikev2Policy> change)
    {
        var policy = c.Config.Get<Ikev2Policy>(c.Mode.Key);
        return policy is null ? c.Error("IKEv2 policy does not exist") : c.Done(c.Config.With(change(policy).WithSource(c.Source)));
    }

    private static CommandOutcome Enable(ConfigCommand c)
    {
        var nameIf = c.Args.Str("if");
        if (c.Config.InterfaceNamed(nameIf) is null)
            return c.Error($"Interface name \"{nameIf}\" not found"); // [M] wording, as for crypto ikev1 enable
        var enable = new Ikev2Enable(nameIf, c.Args.Has("client-services"), (int)(c.Args.OptNum("port") ?? Ikev2Enable.DefaultPort));
        return c.Done(IdentityCommands.Put(c, enable, Sections.Ikev2));
    }

    private static CommandOutcome SetCookieChallenge(ConfigCommand c)
    {
        var setting = new Ikev2CookieChallenge(c.Args.Num("percent"));
        return c.Done(setting.Percent == Ikev2CookieChallenge.DefaultPercent ? c.Config.Without<Ikev2CookieChallenge>() : IdentityCommands.Put(c, setting, Sections.Ikev2));
    }

    private static CommandOutcome EditFragmentation(ConfigCommand c, Func<Ikev2Fragmentation, Ikev2Fragmentation> change)
    {
        var setting = change(c.Config.Get<Ikev2Fragmentation>() ?? new Ikev2Fragmentation());
        return c.Done(setting.IsDefault ? c.Config.Without<Ikev2Fragmentation>() : IdentityCommands.Put(c, setting, Sections.Ikev2));
    }

    private static CommandOutcome EnterProposal(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var config = c.Config.Get<Ikev2IpsecProposal>(name) is null ? IdentityCommands.Put(c, new Ikev2IpsecProposal(name), Sections.TransformSet) : c.Config;
        return c.Enter(config, new ConfigMode(ModeKind.Ikev2IpsecProposal, name));
    }

    private static CommandOutcome EditProposal(ConfigCommand c, Func<Ikev2IpsecProposal, Ikev2IpsecProposal> change)
    {
        var proposal = c.Config.Get<Ikev2IpsecProposal>(c.Mode.Key);
        return proposal is null ? c.Error("IPsec proposal does not exist") : c.Done(c.Config.With(change(proposal).WithSource(c.Source)));
    }
}
