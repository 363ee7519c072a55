using System.Net;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// An <c>ADDR:PORT</c> to listen on (<c>127.0.0.1:2222</c>, <c>[::1]:22</c>), or <c>none</c> (a null end point).
/// Port 0 takes a free port, which the log says (<c>ssh server listening on 127.0.0.1:41234</c>): how tests
/// start the process without guessing a free port.
/// </summary>
public sealed record ListenAddress(IPEndPoint? EndPoint)
{
    public const string None = "none";

    public static readonly ListenAddress Off = new((IPEndPoint?)null);

    public override string ToString() => Format(EndPoint);

    /// <summary>Parses the option value: null for <c>none</c>; false with a reason when it is not ADDR:PORT.</summary>
    public static bool TryParse(string text, out IPEndPoint? endPoint, out string? problem)
    {
        endPoint = null;
        problem = null;
        if (string.Equals(text, None, StringComparison.OrdinalIgnoreCase)) return true;
        var colon = text.LastIndexOf(':');
        var hasPort = colon > 0 && (text[0] != '[' || text[colon - 1] == ']');
        if (!hasPort || !IPEndPoint.TryParse(text, out var parsed))
        {
            problem = $"'{text}' is not ADDR:PORT (for example 127.0.0.1:2222 or [::1]:2222) or '{None}'";
            return false;
        }
        endPoint = parsed;
        return true;
    }

    public static string Format(IPEndPoint? endPoint) => endPoint?.ToString() ?? None;
}
