using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// <c>[no] vpn-addr-assign aaa|dhcp|local</c> and <c>vpn-addr-assign local reuse-delay MINUTES</c>:
/// which ways remote-access clients get their address (command reference). Turning a way off stores
/// a <see cref="VpnAddrAssignOff"/>; turning it on again removes it.
/// </summary>
public sealed class VpnAddrAssignCommands : ICommandArea
{
    /// <summary><c>?</c> help [M wording].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["vpn-addr-assign"] = "Configure the address assignment method for remote access clients",
        ["aaa"] = "Allow AAA servers to assign addresses",
        ["dhcp"] = "Allow DHCP to assign addresses",
        ["local"] = "Allow local pools to assign addresses",
        ["reuse-delay"] = "Delay the reuse of a released address",
    };

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);
        t.Add("vpn-addr-assign (aaa|dhcp):method", c => c.Done(c.Config.Without<VpnAddrAssignOff>(c.Args.Str("method"))),
            noHandler: c => TurnOff(c, c.Args.Str("method")), help: Help);
        t.Add("vpn-addr-assign local [reuse-delay <0-480:minutes>]", SetLocal,
            noHandler: c => c.Args.OptNum("minutes") is null ? TurnOff(c, VpnAddrAssignOff.Local) : c.Done(c.Config.Without<VpnAddrAssignReuseDelay>("reuse-delay")),
            help: Help);
    }

    private static CommandOutcome TurnOff(ConfigCommand c, string method) =>
        c.Done(IdentityCommands.Put(c, new VpnAddrAssignOff(method), Sections.ThreatNtpWebvpn));

    private static CommandOutcome SetLocal(ConfigCommand c)
    {
        var config = c.Config.Without<VpnAddrAssignOff>(VpnAddrAssignOff.Local);
        if (c.Args.OptNum("minutes") is not { } minutes) return c.Done(config);
        return c.Done(minutes == 0
            ? config.Without<VpnAddrAssignReuseDelay>("reuse-delay")
            : IdentityCommands.Put(c with { Config = config }, new VpnAddrAssignReuseDelay(minutes), Sections.ThreatNtpWebvpn));
    }
}
