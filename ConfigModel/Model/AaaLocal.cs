namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// <c>aaa local authentication attempts max-fail N</c> (1-16): a local user is locked out after N
/// successive failed logins, until <c>clear aaa local user lockout</c>. Without it there is no limit.
/// The failure counts and locks themselves are runtime state (Crypto's local user database), not config.
/// </summary>
public sealed record AaaLocalMaxFail(int Attempts) : ConfigItem, IRendered
{
    public const int Min = 1, Max = 16;

    public override string Key => "";

    public IEnumerable<string> Render(RenderContext c) => [$"aaa local authentication attempts max-fail {Attempts}"];
}
