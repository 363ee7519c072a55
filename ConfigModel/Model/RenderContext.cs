namespace AsaEmu.ConfigModel.Model;

/// <summary>How to render: masked (<c>show running-config</c>) or in clear (<c>more system:running-config</c>).</summary>
public sealed record RenderContext(AsaConfig Config, bool Unmasked, bool ShowDefaults = false)
{
    public string Secret(string value) => Unmasked ? value : Rendering.SecretMasking.Mask;
}

/// <summary>An item that renders its own lines of show run.</summary>
public interface IRendered
{
    IEnumerable<string> Render(RenderContext context);
}

/// <summary>An item whose lines are exact as rendered: loaded trailing blanks are not substituted.</summary>
public interface IExactRendering;
