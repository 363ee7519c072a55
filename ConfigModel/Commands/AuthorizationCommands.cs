using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// Local command authorization (ASA configuration guide, "Configuring Local Command
/// Authorization" [C]): <c>aaa authorization command LOCAL</c> and <c>privilege [show|clear|cmd]
/// level N [mode {enable|cmd}] command COMMAND</c>. Without a form the line sets all three
/// (the ASA shows them separately); the mode is typed <c>enable</c>/<c>cmd</c> as documented or
/// <c>exec</c>/<c>configure</c> as shown, and stored as shown.
/// </summary>
public sealed class AuthorizationCommands : ICommandArea
{
    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        t.Add("aaa authorization command <word:group> [LOCAL]", SetAuthorization,
            noPrefix: 3, noHandler: c => c.Done(c.Config.Without<AaaCommandAuthorization>()));
        t.Add("privilege [(show|clear|cmd):variant] level <0-15:level> [mode (enable|cmd|exec|configure):mode] command <word:command>",
            SetPrivilege, noHandler: RemovePrivilege);
    }

    private static CommandOutcome SetAuthorization(ConfigCommand c)
    {
        var group = c.Args.Str("group");
        var item = new AaaCommandAuthorization(group, c.Args.Has("LOCAL") && group != "LOCAL");
        return c.Done(IdentityCommands.Put(c, item, Sections.AaaAuthentication));
    }

    /// <summary>The forms a line names: its own, or all three.</summary>
    private static IEnumerable<string> Variants(ConfigCommand c) =>
        c.Args.OptStr("variant") is { } v ? [v] : CommandPrivilege.Variants;

    private static string? Mode(ConfigCommand c) => c.Args.OptStr("mode") switch
    {
        null => null,
        "enable" or "exec" => CommandPrivilege.Exec,
        _ => CommandPrivilege.Configure,
    };

    private static CommandOutcome SetPrivilege(ConfigCommand c)
    {
        var config = c.Config;
        foreach (var variant in Variants(c))
        {
            var item = new CommandPrivilege(variant, Mode(c), c.Args.Str("command"), (int)c.Args.Num("level"));
            config = config.Upsert(item.Key, Sections.Username, order => item with { Order = order }, existing => item with { Order = existing.Order }, c.Source);
        }
        return c.Done(config);
    }

    /// <summary><c>no privilege ...</c>: the form goes back to its default level, whatever level the line names.</summary>
    private static CommandOutcome RemovePrivilege(ConfigCommand c)
    {
        var config = c.Config;
        foreach (var variant in Variants(c))
            config = config.Without<CommandPrivilege>(CommandPrivilege.KeyOf(variant, Mode(c), c.Args.Str("command")));
        return c.Done(config);
    }
}
