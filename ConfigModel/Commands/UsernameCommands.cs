using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Passwords;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>username NAME password|nopassword ...</c> and the <c>username NAME attributes</c> sub-mode
/// (reference §4.1): a clear password is stored as 9.x stores it, PBKDF2-SHA512 shown with <c>pbkdf2</c>
/// (<see cref="AsaPasswordHash"/>); a hash given with <c>encrypted</c> or <c>pbkdf2</c> is kept as given.
/// Privilege 2 is the default.
/// </summary>
public sealed class UsernameCommands : ICommandArea
{
    public void Register(ConfigGrammar g)
    {
        var global = g.Tree(ModeKind.Global);
        global.AddVpn("username <word:name> password <word:pw> [(encrypted|pbkdf2):format] [privilege <0-15:level>]", SetPassword,
            noPrefix: 2, noHandler: Remove);
        global.AddVpn("username <word:name> nopassword [privilege <0-15:level>]", SetNoPassword, noPrefix: 2, noHandler: Remove);
        global.AddVpn("username <word:name> attributes", EnterAttributes, noHandler: c =>
            c.Config.Get<Username>(c.Args.Str("name")) is { } u
                ? c.Done(c.Config.With(u with { VpnGroupPolicy = null, FramedIp = null, FramedMask = null, ServiceType = null,
                    Attributes = PolicyAttributes.Empty, Extras = [] }))
                : c.Error(VpnMessages.UserNotFound(c.Args.Str("name"))));
        global.AddVpn("clear configure username [<word:name>]", c =>
            c.Done(c.Args.OptStr("name") is { } name ? c.Config.Without<Username>(name) : c.Config.WithoutAll<Username>()));

        var t = g.Tree(ModeKind.Username);
        PolicyAttributeCommands.Register(t, (c, change, notes) => Edit(c, u => u with { Attributes = change(u.Attributes) }, notes),
            PolicyAttributeCommands.UserAttributes);
        t.AddVpn("vpn-group-policy <word:policy>", SetGroupPolicy, noPrefix: 1, noHandler: c => Edit(c, u => u with { VpnGroupPolicy = null }));
        t.AddVpn("vpn-framed-ip-address <ip:address> [<mask:mask>]",
            c => Edit(c, u => u with { FramedIp = c.Args.Ip("address"), FramedMask = c.Args.OptIp("mask") }),
            noPrefix: 1, noHandler: c => Edit(c, u => u with { FramedIp = null, FramedMask = null }));
        t.AddVpn("service-type (admin|nas-prompt|remote-access):type", c => Edit(c, u => u with { ServiceType = c.Args.Str("type") }),
            noPrefix: 1, noHandler: c => Edit(c, u => u with { ServiceType = null }));

        g.KeepExtras(ModeKind.Username, Username.Ranks.KeptFirstWords, (config, mode, _, child, source, _) =>
        {
            if (config.Get<Username>(mode.Key) is not { } user) return null;
            var (next, seq) = config.NewSeq();
            var extras = Username.Ranks.Keep(user.Extras, seq, AttributeOrder.Verbatim(source, child), child);
            return extras is null ? null : next.With((user with { Extras = extras }).WithSource(source));
        });
    }

    private static CommandOutcome SetPassword(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var pw = c.Args.Str("pw");
        var hash = c.Args.OptStr("format") is { } format ? new PasswordHash(pw, format) : AsaPasswordHash.NewPbkdf2(pw, c.Salt);
        return Put(c, name, hash);
    }

    private static CommandOutcome SetNoPassword(ConfigCommand c) => Put(c, c.Args.Str("name"), null);

    private static CommandOutcome Put(ConfigCommand c, string name, PasswordHash? hash)
    {
        var privilege = (int)(c.Args.OptNum("level") ?? Username.DefaultPrivilege);
        return c.Done(c.Config.Upsert(name, Sections.Username, order => new Username(name) { Order = order },
            u => u with { Password = hash, Privilege = privilege }, c.Source));
    }

    private static CommandOutcome Remove(ConfigCommand c) => c.Done(c.Config.Without<Username>(c.Args.Str("name")));

    private static CommandOutcome EnterAttributes(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        return c.Config.Get<Username>(name) is null
            ? c.Error(VpnMessages.UserNotFound(name))
            : c.Enter(c.Config, new ConfigMode(ModeKind.Username, name));
    }

    private static CommandOutcome SetGroupPolicy(ConfigCommand c)
    {
        var policy = c.Args.Str("policy");
        var notes = GroupPolicyCommands.Exists(c.Config, policy)
            ? Array.Empty<Diagnostic>()
            : [new Diagnostic(Severity.Warning, VpnMessages.ReferencedPolicyNotFound(policy))];
        return Edit(c, u => u with { VpnGroupPolicy = policy }, notes);
    }

    private static CommandOutcome Edit(ConfigCommand c, Func<Username, Username> change, params Diagnostic[] notes)
    {
        var user = c.Config.Get<Username>(c.Mode.Key);
        return user is null ? c.Error(VpnMessages.UserNotFound(c.Mode.Key)) : c.Done(c.Config.With(change(user).WithSource(c.Source)), notes);
    }
}
