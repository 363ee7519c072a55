using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// IKEv1 phase 1 (reference §4.4): enabling IKEv1 on an interface, the phase-1 policies and their
/// sub-mode, and the global ISAKMP settings. 8.3 spellings (<c>crypto isakmp enable|policy|am-disable</c>)
/// are accepted and stored in the 9.x form; NAT-T and identity keep the <c>isakmp</c> keyword on 9.x.
/// </summary>
public sealed class IsakmpCommands : ICommandArea
{
    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        t.Add("crypto (isakmp|ikev1) enable <nameif:if>", Enable,
            noHandler: c => c.Done(c.Config.Without<IkeEnable>(c.Args.Str("if"))));
        t.Add("crypto (isakmp|ikev1) policy <1-65535:priority>", EnterPolicy,
            noHandler: c => c.Done(c.Config.Without<IkePolicy>(Priority(c).ToString(CultureInfo.InvariantCulture))));

        var p = g.Tree(ModeKind.Ikev1Policy);
        p.Add("authentication (pre-share|rsa-sig|crack):value", c => EditPolicy(c, x => x with { Authentication = c.Args.Str("value") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Authentication = IkePolicy.DefaultAuthentication }));
        p.Add("encryption (des|3des|aes|aes-192|aes-256):value", c => EditPolicy(c, x => x with { Encryption = c.Args.Str("value") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Encryption = IkePolicy.DefaultEncryption }));
        p.Add("hash (sha|md5):value", c => EditPolicy(c, x => x with { Hash = c.Args.Str("value") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Hash = IkePolicy.DefaultHash }));
        p.Add("group (1|2|5|7|14|15|16|19|20|21|24):value",
            c => EditPolicy(c, x => x with { Group = int.Parse(c.Args.Str("value"), CultureInfo.InvariantCulture) }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Group = IkePolicy.DefaultGroup }));
        p.Add("lifetime (<120-2147483647:seconds>|none)", c => EditPolicy(c, x => x with { Lifetime = c.Args.OptNum("seconds") }),
            noPrefix: 1, noHandler: c => EditPolicy(c, x => x with { Lifetime = IkePolicy.DefaultLifetime }));

        t.Add("crypto isakmp nat-traversal [<10-3600:keepalive>]", SetNatTraversal,
            noPrefix: 3, noHandler: c => c.Done(IdentityCommands.Put(c, new NatTraversal(false, NatTraversal.DefaultKeepalive), Sections.IsakmpGlobal)));
        t.Add("crypto isakmp identity (address|hostname|auto):kind", c => SetIdentity(c, new IsakmpIdentity(c.Args.Str("kind"))),
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<IsakmpIdentity>()));
        t.Add("crypto isakmp identity key-id <word:id>", c => SetIdentity(c, new IsakmpIdentity("key-id", c.Args.Str("id"))),
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<IsakmpIdentity>()));
        t.Add("crypto (isakmp|ikev1) am-disable", c => c.Done(IdentityCommands.Put(c, new AggressiveModeDisabled(), Sections.IsakmpGlobal)),
            noHandler: c => c.Done(c.Config.Without<AggressiveModeDisabled>()));
        // [M] range.
        t.Add("crypto (isakmp|ikev1) limit max-in-negotiation-sa <1-20000:count>",
            c => c.Done(IdentityCommands.Put(c, new IkeNegotiationLimit(c.Args.Num("count")), Sections.IsakmpGlobal)),
            noPrefix: 4, noHandler: c => c.Done(c.Config.Without<IkeNegotiationLimit>()));
    }

    private static int Priority(ConfigCommand c) => (int)c.Args.Num("priority");

    private static CommandOutcome Enable(ConfigCommand c)
    {
        var nameIf = c.Args.Str("if");
        if (!InterfaceCommands.NameIfExists(c.Config, nameIf))
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
