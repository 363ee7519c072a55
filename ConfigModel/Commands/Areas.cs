namespace AsaEmu.ConfigModel.Commands;

/// <summary>Every command area AsaEmu models, in one list.</summary>
public static class Areas
{
    public static readonly IReadOnlyList<ICommandArea> All =
    [
        new IdentityCommands(),
        new AaaLocalCommands(),
        new AaaServerCommands(),
        new InterfaceCommands(),
        new IpsecCommands(),
        new IpsecPathCommands(),
        new IsakmpCommands(),
        new Ikev2Commands(),
        new GroupPolicyCommands(),
        new UsernameCommands(),
        new AuthorizationCommands(),
        new TunnelGroupCommands(),
        new NetworkObjectCommands(),
        new AccessListCommands(),
        new PoolCommands(),
        new VpnAddrAssignCommands(),
        new RouteCommands(),
        new ClearConfigureCommands(),
    ];
}
