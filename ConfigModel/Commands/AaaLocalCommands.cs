using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// The local user database's login policy: <c>aaa local authentication attempts max-fail N</c>,
/// printed with the other <c>aaa</c> lines; <c>no aaa local authentication attempts max-fail</c>
/// (with or without the number) removes it.
/// </summary>
public sealed class AaaLocalCommands : ICommandArea
{
    /// <summary>The <c>?</c> help of the words this command adds [M].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["local"] = "Configure local authentication policy",
        ["attempts"] = "Specify the maximum number of failed authentication attempts",
        ["max-fail"] = "Configure the maximum number of failed authentication attempts before a user is locked out",
        ["number"] = "Specify the maximum number of failed authentication attempts",
    };

    public void Register(ConfigGrammar g) =>
        g.Tree(ModeKind.Global).Add($"aaa local authentication attempts max-fail <{AaaLocalMaxFail.Min}-{AaaLocalMaxFail.Max}:number>",
            c => c.Done(IdentityCommands.Put(c, new AaaLocalMaxFail((int)c.Args.Num("number")), Sections.AaaAuthentication)),
            noPrefix: 5, noHandler: c => c.Done(c.Config.Without<AaaLocalMaxFail>()), help: Help);
}
