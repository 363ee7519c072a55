using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>A group of config commands (identity, interfaces, crypto, ...) that registers itself.</summary>
public interface ICommandArea
{
    void Register(ConfigGrammar grammar);

    /// <summary>What this area contributes to a factory-fresh ASA (DfltGrpPolicy, DefaultRAGroup, ...).</summary>
    AsaConfig FactoryDefaults(AsaConfig config) => config;
}

/// <summary>
/// Keeps lines that a modelled sub-mode accepts but AsaEmu does not emulate, inside the object
/// the mode edits. <paramref name="child"/> marks a deeper-indented line that belongs to the
/// previous kept line (a sub-sub-mode such as <c>webvpn</c> in a group-policy).
/// <paramref name="previous"/> is the modelled line applied just before in this sub-mode (trimmed,
/// empty when none): the kept line is rendered after that attribute.
/// </summary>
public delegate AsaConfig? ExtraLineKeeper(AsaConfig config, ConfigMode mode, string text, bool child, SourceRef source, string previous);

/// <summary>
/// The command trees of every config mode, shared by the config loader and the interactive CLI.
/// </summary>
public sealed class ConfigGrammar
{
    private readonly Dictionary<ModeKind, CommandTree<ConfigHandler>> _trees = [];
    private readonly Dictionary<ModeKind, (HashSet<string> Words, ExtraLineKeeper Keeper)> _extras = [];

    public ConfigGrammar(IEnumerable<ICommandArea> areas)
    {
        foreach (var kind in Enum.GetValues<ModeKind>()) _trees[kind] = new CommandTree<ConfigHandler>();
        foreach (var area in areas)
        {
            area.Register(this);
            Factory = area.FactoryDefaults(Factory);
        }
    }

    public CommandTree<ConfigHandler> Tree(ModeKind kind) => _trees[kind];

    /// <summary>Declares the valid but unmodelled commands of a sub-mode and how to keep them.</summary>
    public void KeepExtras(ModeKind kind, IEnumerable<string> firstWords, ExtraLineKeeper keeper) =>
        _extras[kind] = (new HashSet<string>(firstWords, StringComparer.OrdinalIgnoreCase), keeper);

    public bool IsExtra(ModeKind kind, string firstWord) =>
        _extras.TryGetValue(kind, out var e) && e.Words.Contains(firstWord);

    public ExtraLineKeeper? Keeper(ModeKind kind) => _extras.TryGetValue(kind, out var e) ? e.Keeper : null;

    /// <summary>A factory-fresh ASA: the built-in objects every ASA has before any config line.</summary>
    public AsaConfig Factory { get; private set; } = AsaConfig.Empty;

    private static readonly Lazy<ConfigGrammar> Lazy = new(() => new ConfigGrammar(Areas.All));

    /// <summary>The grammar of every modelled command.</summary>
    public static ConfigGrammar Default => Lazy.Value;
}
