using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

public enum Severity { Info, Warning, Error }

/// <summary>A message a config command answers with, in the ASA's words (<c>ERROR: ...</c>).</summary>
public sealed record Diagnostic(Severity Severity, string Text)
{
    public override string ToString() => Severity switch
    {
        Severity.Error => $"ERROR: {Text}",
        Severity.Warning => $"WARNING: {Text}",
        _ => $"INFO: {Text}",
    };
}

/// <summary>Applies one matched config command to a snapshot.</summary>
public delegate CommandOutcome ConfigHandler(ConfigCommand command);

/// <summary>What a config command is applied with.</summary>
public sealed record ConfigCommand(AsaConfig Config, ConfigMode Mode, ParsedArgs Args, bool Negated, SourceRef Source)
{
    /// <summary>Where a password typed in clear gets its salt (the appliance's random source; fixed in tests).</summary>
    public Passwords.SaltSource Salt { get; init; } = Passwords.SaltSources.Fixed;

    public CommandOutcome Done(AsaConfig config, params Diagnostic[] messages) => new(config, null, [.. messages]);
    public CommandOutcome Enter(AsaConfig config, ConfigMode mode, params Diagnostic[] messages) => new(config, mode, [.. messages]);
    public CommandOutcome Unchanged(params Diagnostic[] messages) => new(Config, null, [.. messages]);
    public CommandOutcome Error(string text) => CommandOutcome.Refuse(text);
}

/// <summary>
/// The new snapshot (or none when refused), the mode to enter, and the messages for the user.
/// A refused command leaves the old snapshot intact.
/// </summary>
public sealed record CommandOutcome(AsaConfig? Config, ConfigMode? EnterMode, ImmutableArray<Diagnostic> Messages)
{
    public bool Refused => Config is null;

    public static CommandOutcome Refuse(string error) => new(null, null, [new Diagnostic(Severity.Error, error)]);
}
