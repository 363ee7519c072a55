using System.Collections.Immutable;

namespace AsaEmu.ConfigModel.Model;

/// <summary>A stored password hash and the keyword that follows it (<c>encrypted</c> or <c>pbkdf2</c>).</summary>
public sealed record PasswordHash(string Hash, string Format = "encrypted")
{
    public override string ToString() => $"{Hash} {Format}";
}

public sealed record Hostname(string Name) : ConfigItem, IRendered
{
    public const string Default = "ciscoasa";
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"hostname {Name}"];
}

public sealed record DomainName(string Name) : ConfigItem, IRendered
{
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"domain-name {Name}"];
}

/// <summary><c>enable password</c>, per privilege level (15 when not given).</summary>
public sealed record EnablePassword(int Level, PasswordHash Password) : ConfigItem, IRendered
{
    public override string Key => Level.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public IEnumerable<string> Render(RenderContext c) =>
        [Level == 15 ? $"enable password {Password}" : $"enable password {Password.Hash} level {Level} {Password.Format}"];
}

/// <summary><c>passwd</c>: the login password when no AAA is configured (default <c>cisco</c>).</summary>
public sealed record Passwd(PasswordHash Password) : ConfigItem, IRendered
{
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"passwd {Password}"];
}

/// <summary>The bare <c>names</c> line that turns on name substitution.</summary>
public sealed record NamesEnabled : ConfigItem, IRendered
{
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => ["names"];
}

public sealed record NameEntry(Ipv4 Address, string Name, string? Description) : ConfigItem, IRendered
{
    public override string Key => Name;
    public IEnumerable<string> Render(RenderContext c) =>
        [Description is null ? $"name {Address} {Name}" : $"name {Address} {Name} description {Description}"];
}

/// <summary>A banner (<c>motd</c>, <c>login</c>, <c>exec</c>, <c>asdm</c>): one config line per banner line.</summary>
/// <remarks>Each stored line keeps its leading blank: <c>" text"</c>, <c>" "</c> or <c>""</c>.</remarks>
public sealed record Banner(string Kind, ImmutableList<string> Lines) : ConfigItem, IRendered, IExactRendering
{
    public override string Key => Kind;
    public IEnumerable<string> Render(RenderContext c) => Lines.Select(l => $"banner {Kind}{l}");
}

public sealed record PagerLines(long Lines) : ConfigItem, IRendered
{
    public const int Default = 24;
    public override string Key => "";
    public IEnumerable<string> Render(RenderContext c) => [$"pager lines {Lines}"];
}

/// <summary><c>aaa authentication {ssh|telnet|serial|http|enable} console GROUP [LOCAL]</c>.</summary>
public sealed record AaaAuthentication(string Service, string ServerGroup, bool LocalFallback) : ConfigItem, IRendered
{
    public override string Key => Service;
    public bool IsLocal => ServerGroup == "LOCAL" || LocalFallback;
    public IEnumerable<string> Render(RenderContext c) =>
        [$"aaa authentication {Service} console {ServerGroup}{(LocalFallback ? " LOCAL" : "")}"];
}

/// <summary><c>ssh</c>/<c>telnet ADDR MASK IF</c>: who may open a management session on an interface.</summary>
public sealed record ManagementAccess(string Protocol, Ipv4 Address, Ipv4 Mask, string Interface) : ConfigItem, IRendered
{
    public override string Key => $"{Protocol} {Address} {Mask} {Interface}";
    public bool Permits(Ipv4 source) => source.And(Mask) == Address.And(Mask);
    public IEnumerable<string> Render(RenderContext c) => [$"{Protocol} {Address} {Mask} {Interface}"];
}

/// <summary>A one-value setting of ssh or telnet: <c>ssh timeout 5</c>, <c>ssh version 2</c>, <c>ssh key-exchange group ...</c>.</summary>
public sealed record ManagementSetting(string Protocol, string Setting, string Value) : ConfigItem, IRendered
{
    public override string Key => $"{Protocol} {Setting}";
    public IEnumerable<string> Render(RenderContext c) => [$"{Protocol} {Setting} {Value}"];
}

/// <summary>
/// A <c>logging</c> setting: <c>enable</c>, <c>timestamp</c> (no value) or a destination with a
/// level (<c>buffered</c>, <c>console</c>, <c>monitor</c>, <c>trap</c>, ...).
/// </summary>
public sealed record LoggingSetting(string Setting, string? Value) : ConfigItem, IRendered
{
    public override string Key => Setting;
    public IEnumerable<string> Render(RenderContext c) => [Value is null ? $"logging {Setting}" : $"logging {Setting} {Value}"];

    public static readonly IReadOnlyList<string> LevelNames =
        ["emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging"];
}
