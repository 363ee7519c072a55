using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// How ESP leaves an interface: <c>crypto ipsec df-bit {clear-df|copy-df|set-df} NAMEIF</c> and
/// <c>crypto ipsec fragmentation {before-encryption|after-encryption} NAMEIF</c>, with their
/// <c>no</c> forms. The defaults (copy-df, before-encryption) are not stored: setting one removes the line.
/// </summary>
public sealed class IpsecPathCommands : ICommandArea
{
    /// <summary><c>?</c> help for the keywords this area adds [M wording].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["df-bit"] = "Set IPsec DF policy",
        ["clear-df"] = "Clear DF bit for encapsulated packets",
        ["copy-df"] = "Copy DF bit from inner header for encapsulated packets",
        ["set-df"] = "Set DF bit for encapsulated packets",
        ["fragmentation"] = "Set IPsec fragmentation policy",
        ["before-encryption"] = "Perform prefragmentation before encryption",
        ["after-encryption"] = "Perform fragmentation after encryption",
    };

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        t.Add("crypto ipsec df-bit (clear-df|copy-df|set-df):policy <nameif:if>", SetDfBit,
            noHandler: c => c.Done(c.Config.Without<IpsecDfBit>(c.Args.Str("if"))), help: Help);
        t.Add("crypto ipsec fragmentation (before-encryption|after-encryption):mode <nameif:if>", SetFragmentation,
            noHandler: c => c.Done(c.Config.Without<IpsecFragmentation>(c.Args.Str("if"))), help: Help);
    }

    private static CommandOutcome SetDfBit(ConfigCommand c)
    {
        var nameIf = c.Args.Str("if");
        if (c.Config.InterfaceNamed(nameIf) is null) return c.Error(AddressingMessages.NoSuchNameIf(nameIf));
        var policy = DfBitPolicies.Parse(c.Args.Str("policy"));
        return c.Done(policy == DfBitPolicy.CopyDf
            ? c.Config.Without<IpsecDfBit>(nameIf)
            : IdentityCommands.Put(c, new IpsecDfBit(nameIf, policy), Sections.IpsecGlobal));
    }

    private static CommandOutcome SetFragmentation(ConfigCommand c)
    {
        var nameIf = c.Args.Str("if");
        if (c.Config.InterfaceNamed(nameIf) is null) return c.Error(AddressingMessages.NoSuchNameIf(nameIf));
        return c.Done(c.Args.Str("mode") == "before-encryption"
            ? c.Config.Without<IpsecFragmentation>(nameIf)
            : IdentityCommands.Put(c, new IpsecFragmentation(nameIf), Sections.IpsecGlobal));
    }
}
