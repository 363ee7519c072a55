using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Shell.Core;

/// <summary>A new running-config snapshot replaced <see cref="Previous"/>, made by <see cref="By"/> at <see cref="At"/>.</summary>
public sealed record ConfigChange(AsaConfig Previous, AsaConfig Current, string By, DateTimeOffset At);
