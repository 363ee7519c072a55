using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Cli;

/// <summary>A group of EXEC commands (modes, show, save, terminal) that registers itself.</summary>
public interface IExecArea
{
    void Register(ExecGrammar grammar);
}

/// <summary>
/// The EXEC command trees: user EXEC, privileged EXEC, and the EXEC commands accepted in config
/// modes. They are the same <see cref="CommandTree{THandler}"/> as the config commands', so
/// abbreviations, the caret and (later) <c>?</c> help behave alike everywhere.
/// </summary>
public sealed class ExecGrammar
{
    private readonly CommandTree<ExecHandler> _user = new();
    private readonly CommandTree<ExecHandler> _privileged = new();
    private readonly CommandTree<ExecHandler> _config = new();

    public ExecGrammar(IEnumerable<IExecArea> areas)
    {
        foreach (var area in areas) area.Register(this);
    }

    public CommandTree<ExecHandler> Tree(ExecScope scope) => scope switch
    {
        ExecScope.User => _user,
        ExecScope.Privileged => _privileged,
        ExecScope.Config => _config,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "one scope at a time"),
    };

    public ExecGrammar Add(ExecScope scope, string spec, ExecHandler handler, int? noPrefix = null, ExecHandler? noHandler = null,
        IReadOnlyDictionary<string, string>? help = null, IReadOnlyDictionary<string, ArgType>? types = null)
    {
        if (scope.HasFlag(ExecScope.User)) _user.Add(spec, handler, noPrefix, noHandler, help, types);
        if (scope.HasFlag(ExecScope.Privileged)) _privileged.Add(spec, handler, noPrefix, noHandler, help, types);
        if (scope.HasFlag(ExecScope.Config)) _config.Add(spec, handler, noPrefix, noHandler, help, types);
        return this;
    }

    public static readonly IReadOnlyList<IExecArea> Areas =
    [
        new ModeCommands(),
        new ShowCommands(),
        new SaveCommands(),
        new TerminalCommands(),
        new DebugCommands(),
        new ClearCommands(),
        new ShowSystemCommands(),
        new ShowNetworkCommands(),
        new ShowInterfaceCommands(),
        new ShowPlatformCommands(),
        new ShowCryptoCommands(),
        new ShowCryptoIkev2Commands(),
        new ShowVpnSessionCommands(),
        new ShowCryptoStatisticsCommands(),
        new VpnControlCommands(),
        new PingCommand(),
        new PacketTracerCommand(),
        new LoginCommands(),
        new AaaLocalUserCommands(),
        new AaaServerExecCommands(),
        new CaptureCommands(),
    ];

    private static readonly Lazy<ExecGrammar> Lazy = new(() => new ExecGrammar(Areas));

    public static ExecGrammar Default => Lazy.Value;
}
