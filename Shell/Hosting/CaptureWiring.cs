using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// The keys the appliance's captures keep: those of each SA pair installed while a capture exists, and
/// those of the SAs up when a capture is exported. (The packet paths' taps get the captures where they
/// are made: the outside endpoints and listener, the dataplane.)
/// </summary>
public static class CaptureWiring
{
    /// <summary>Keeps the SA pair's keys and its IKE SA's, so an export decrypts after the SAs are gone.</summary>
    internal static void Remember(CaptureHub captures, IkeStatus status, ChildSa child)
    {
        if (captures.All.Count == 0) return;
        captures.Keys.Add(child);
        foreach (var sa in status.Sas)
            if (sa.CookieI == child.IkeCookieI && sa.Keys is { } keys) captures.Keys.Add(keys);
    }

    /// <summary>The keys to export: those remembered, then those of the SAs up now (IKE SAs that never reached Quick Mode included).</summary>
    public static (IReadOnlyList<EspSaKeys> Esp, IReadOnlyList<IkeSaKeys> Ike) Current(CaptureHub captures, IkeService? ike)
    {
        if (ike is not null)
            foreach (var sa in ike.Status.Sas)
            {
                if (sa.Keys is { } keys) captures.Keys.Add(keys);
                foreach (var child in sa.Children) captures.Keys.Add(child);
            }
        return (captures.Keys.Esp, captures.Keys.Ike);
    }
}

/// <summary>The SA pairs the IKE service installs, remembered for the captures (<see cref="CaptureWiring.Remember"/>) on their way to <paramref name="inner"/>.</summary>
internal sealed class CapturingSas(CaptureHub captures, Func<IkeStatus> status, IIpsecSas inner) : IIpsecSas
{
    public void Install(ChildSa child)
    {
        CaptureWiring.Remember(captures, status(), child);
        inner.Install(child);
    }

    public void Remove(ChildSa child) => inner.Remove(child);

    public ChildSaUsage? UsageOf(uint inboundSpi) => inner.UsageOf(inboundSpi);
}
