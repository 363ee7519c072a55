using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// IKEv1 phase 1 (reference §4.4): enabling IKEv1 on an interface, the phase-1 policies and their
/// sub-mode, and the global ISAKMP settings. 8.3 spellings (<c>crypto isakmp enable|policy|am-disable</c>)
/// are accepted and stored in the 9.x form; NAT-T and identity keep the <c>isakmp</c> keyword on 9.x.
/// </summary>
public sealed class IsakmpCommands : ICommandArea
{
    /// <summary><c>?</c> help for the keywords this area adds [M wording].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["isakmp"] = "Configure ISAKMP options",
        ["ikev1"] = "Configure IKEv1 policy",
        ["enable"] = "Enable IKEv1 on the specified interface",
        ["policy"] = "Set IKEv1 policy suite",
        ["authentication"] = "Set authentication method for protection suite",
        ["encryption"] = "Set encryption algorithm for protection suite",
        ["hash"] = "Set hash algorithm for protection suite",
        ["group"] = "Set the Diffie-Hellman group",
        ["lifetime"] = "Set lifetime for ISAKMP security association",
        ["nat-traversal"] = "Enable NAT traversal",
        ["identity"] = "Set identity type (address, hostname or key-id)",
        ["am-disable"] = "Disable inbound aggressive mode connections",
        ["limit"] = "Set limits on IKEv1 negotiations",
    };

    private static void Add(CommandTree<ConfigHandler> tree, string spec, ConfigHandler handler, int? noPrefix = null, ConfigHandler? noHandler = null) =>
        tree.Add(spec, handler, noPrefix, noHandler, Help);

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        Add(t, "crypto (isakmp|ikev1) enable <nameif:if>", Enable,
            noHandler: c => c.Done(c.Config.Without<IkeEnable>(c.Args.Str("if"))));
        Add(t, "crypto (isakmp|ikev1) policy <1-65535:priority>", EnterPolicy,
            noHandler: c => c.Done(c.Config.Without<IkePolicy>(Priority(c).ToString(CultureInfo.InvariantCulture))));

        var p = g.Tree(ModeKind.Ikev1Policy);
        Add(p, "authentication (pre-share|rsa-sig|crack):value", c => EditPolicy(c, x => x with { Authentication = c.Args.Str("value") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Authentication = IkePolicy.DefaultAuthentication }));
        Add(p, "encryption (des|3des|aes|aes-192|aes-256):value", c => EditPolicy(c, x => x with { Encryption = c.Args.Str("value") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Encryption = IkePolicy.DefaultEncryption }));
        Add(p, "hash (sha|md5):value", c => EditPolicy(c, x => x with { Hash = c.Args.Str("value") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Hash = IkePolicy.DefaultHash }));
        Add(p, "group (1|2|5|7|14|15|16|19|20|21|24):value",
            c => EditPolicy(c, x => x with { Group = int.Parse(c.Args.Str("value"), CultureInfo.InvariantCulture) }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Group = IkePolicy.DefaultGroup }));
        Add(p, "lifetime (<120-2147483647:seconds>|none)", c => EditPolicy(c, x => x with { Lifetime = c.Args.OptNum("seconds") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Lifetime = IkePolicy.DefaultLifetime }));

        Add(t, "crypto isakmp nat-traversal [<10-3600:keepalive>]", SetNatTraversal,
            noPrefix: 3, noHandler: c => c.Done(IdentityCommands.Put(c, new NatTraversal(false, NatTraversal.DefaultKeepalive), Sections.IsakmpGlobal)));
        Add(t, "crypto isakmp identity (address|hostname|auto):kind", c => SetIdentity(c, new IsakmpIdentity(c.Args.Str("kind"))),
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<IsakmpIdentity>()));
        Add(t, "crypto isakmp identity key-id <word:id>", c => SetIdentity(c, new IsakmpIdentity("key-id", c.Args.Str("id"))),
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<IsakmpIdentity>()));
        Add(t, "crypto (isakmp|ikev1) am-disable", c => c.Done(IdentityCommands.Put(c, new AggressiveModeDisabled(), Sections.IsakmpGlobal)),
            noHandler: c => c.Done(c.Config.Without<AggressiveModeDisabled>()));
        // [M] range.
        Add(t, "crypto (isakmp|ikev1) limit max-in-negotiation-sa <1-20000:count>",
            c => c.Done(IdentityCommands.Put(c, new IkeNegotiationLimit(c.Args.Num("count")), Sections.IsakmpGlobal)),
            noPrefix: 4, noHandler: c => c.Done(c.Config.Without<IkeNegotiationLimit>()));
    }

    private static int Priority(ConfigCommand c) => (int)c.Args.Num("priority");

    private static CommandOutcome Enable(ConfigCommand c)
    {
        var nameIf = c.Args.Str("if");
        if (c.Config.InterfaceNamed(nameIf) is null)
            return c.Error($"Interface name \"{nameIf}\" not found"); // [M] wording, as for ssh/mtu
        return c.Done(IdentityCommands.Put(c, new IkeEnable(nameIf), Sections.IkeEnable));
    }

    private static CommandOutcome EnterPolicy(ConfigCommand c)
    {
        var priority = Priority(c);
        var key = priority.ToString(CultureInfo.InvariantCulture);
        var config = c.Config.Get<IkePolicy>(key) is null
            ? c.Config.With(new IkePolicy(priority) { Order = IkePolicy.OrderFor(priority), Sources = [c.Source] })
            : c.Config;
        return c.Enter(config, new ConfigMode(ModeKind.Ikev1Policy, key));
    }

    private static CommandOutcome EditPolicy(ConfigCommand c, Func<IkePolicy, IkePolicy> change)
    {
        var policy = c.Config.Get<IkePolicy>(c.Mode.Key);
        return policy is null ? c.Error("IKEv1 policy does not exist") : c.Done(c.Config.With(change(policy).WithSource(c.Source)));
    }

    private static CommandOutcome SetNatTraversal(ConfigCommand c)
    {
        var setting = new NatTraversal(true, (int)(c.Args.OptNum("keepalive") ?? NatTraversal.DefaultKeepalive));
        return c.Done(setting.IsDefault ? c.Config.Without<NatTraversal>() : IdentityCommands.Put(c, setting, Sections.IsakmpGlobal));
    }

    private static CommandOutcome SetIdentity(ConfigCommand c, IsakmpIdentity identity) =>
        c.Done(identity.Kind == IsakmpIdentity.Auto ? c.Config.Without<IsakmpIdentity>() : IdentityCommands.Put(c, identity, Sections.IsakmpGlobal));
}
